package org.iommunit.assertj.error;

import java.util.List;
import org.assertj.core.error.ErrorMessageFactory;
import org.iommunit.core.IommuDomain;
import org.iommunit.device.Device;

/** An IOTLB holds entries under the tag of a domain the test expects flushed. */
public final class ShouldHaveNoEntriesFor extends IommuMessageFactory {

  /**
   * Returns the message listing the domain's entries.
   *
   * @param iotlb which IOTLB, e.g. {@code the IOTLB of iommu0}
   * @param domain the domain
   * @param device the device whose requests the tag belongs to
   * @param tag the tag the driver gives the domain for the device
   * @param entries one line per entry, in slot order
   */
  public static ErrorMessageFactory shouldHaveNoEntriesFor(String iotlb, IommuDomain domain,
      Device device, int tag, List<String> entries) {
    return new ShouldHaveNoEntriesFor(iotlb, domain, device, tag, entries);
  }

  private ShouldHaveNoEntriesFor(String iotlb, IommuDomain domain, Device device, int tag,
      List<String> entries) {
    super("%nExpecting %s to hold no entry of domain %s for device %s (tag %s)%nbut it holds"
        + " %s:%n  %s",
        text(iotlb), domain, text(device.name()), tag, entries.size(),
        text(String.join(System.lineSeparator() + "  ", entries)));
  }
}
