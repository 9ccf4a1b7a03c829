package org.iommunit.assertj.error;

import org.assertj.core.error.ErrorMessageFactory;
import org.iommunit.dma.DmaAccess;
import org.iommunit.dma.IommuFault;
import org.iommunit.device.Device;

/** A probe DMA the test expects to be translated faulted. */
public final class ShouldAccess extends IommuMessageFactory {

  /**
   * Returns the message for a probe access that faulted.
   *
   * @param device the device that issued the probe
   * @param access read or write
   * @param iova the probed address
   * @param fault the fault the IOMMU raised
   */
  public static ErrorMessageFactory shouldAccess(Device device, DmaAccess access, long iova,
      IommuFault fault) {
    return new ShouldAccess(device, access, iova, fault);
  }

  private ShouldAccess(Device device, DmaAccess access, long iova, IommuFault fault) {
    super("%nExpecting device %s to %s IOVA %s by DMA%nbut the IOMMU raised fault #%s:%n  %s",
        text(device.name()), text(access == DmaAccess.READ ? "read" : "write"), hex(iova),
        text(Long.toString(fault.sequence())), text(fault.toString()));
  }
}
