package org.iommunit.assertj.error;

import org.assertj.core.error.ErrorMessageFactory;
import org.iommunit.core.Group;
import org.iommunit.core.IommuDomain;
import org.iommunit.device.Device;
import org.jspecify.annotations.Nullable;

/** The device's hardware is attached to another domain than expected. */
public final class ShouldBeAttachedTo extends IommuMessageFactory {

  /**
   * Returns the message for a device whose hardware points at another domain.
   *
   * @param device the device
   * @param expected the domain its requests without PASID should go through
   * @param actual the domain the driver last attached it to; null before the first attach
   * @param groupDomain the domain in force for its group; null without a group
   */
  public static ErrorMessageFactory shouldBeAttachedTo(Device device, IommuDomain expected,
      @Nullable IommuDomain actual, @Nullable IommuDomain groupDomain) {
    return new ShouldBeAttachedTo(device, expected, actual, groupDomain);
  }

  private ShouldBeAttachedTo(Device device, IommuDomain expected, @Nullable IommuDomain actual,
      @Nullable IommuDomain groupDomain) {
    super("%nExpecting the hardware of device %s to be attached to:%n  %s%nbut it is attached"
        + " to:%n  %s%n(group %s is in %s)",
        device, expected, orNone(actual), orNone(Group.of(device)), orNone(groupDomain));
  }
}
