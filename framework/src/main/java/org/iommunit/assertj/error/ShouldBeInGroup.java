package org.iommunit.assertj.error;

import org.assertj.core.error.ErrorMessageFactory;
import org.iommunit.core.Group;
import org.iommunit.device.Device;

/** The device is in another IOMMU group than expected, or in none. */
public final class ShouldBeInGroup extends IommuMessageFactory {

  /**
   * Returns the message for a device outside {@code expected}.
   *
   * @param device the device
   * @param expected the group it should be in
   */
  public static ErrorMessageFactory shouldBeInGroup(Device device, Group expected) {
    return new ShouldBeInGroup(device, expected);
  }

  private ShouldBeInGroup(Device device, Group expected) {
    super("%nExpecting device %s to be in group %s%nbut it is in %s.%nGroups follow the"
        + " topology: devices without ACS isolation or with DMA aliases share a group.",
        device, expected, Group.of(device) == null ? text("no group (it is not behind an IOMMU)")
            : Group.of(device));
  }
}
