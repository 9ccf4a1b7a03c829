package org.iommunit.assertj.error;

import org.assertj.core.error.ErrorMessageFactory;
import org.iommunit.core.IommuDomain;
import org.iommunit.device.Device;
import org.iommunit.dma.DmaAccess;
import org.jspecify.annotations.Nullable;

/** A probe DMA the test expects to fault was translated. */
public final class ShouldFaultOn extends IommuMessageFactory {

  /**
   * Returns the message for a probe access that reached memory.
   *
   * @param device the device that issued the probe
   * @param access read or write
   * @param iova the probed address
   * @param physicalAddress where the access went
   * @param domain the domain in force for the request; null when there was none
   * @param stale true if a stale IOTLB entry translated it
   */
  public static ErrorMessageFactory shouldFaultOn(Device device, DmaAccess access, long iova,
      long physicalAddress, @Nullable IommuDomain domain, boolean stale) {
    return new ShouldFaultOn(device, access, iova, physicalAddress, domain, stale);
  }

  private ShouldFaultOn(Device device, DmaAccess access, long iova, long physicalAddress,
      @Nullable IommuDomain domain, boolean stale) {
    super("%nExpecting a DMA %s of device %s at IOVA %s to fault%nbut it reached physical"
        + " address %s through %s%s",
        text(access == DmaAccess.READ ? "read" : "write"), text(device.name()), hex(iova),
        hex(physicalAddress), text(domain == null ? "no domain (no IOMMU)" : domain.toString()),
        text(stale ? " using a stale IOTLB entry: the page was unmapped without invalidation."
            : "."));
  }
}
