package org.iommunit.assertj.error;

import org.assertj.core.error.ErrorMessageFactory;
import org.iommunit.core.Group;
import org.iommunit.device.Device;

/** A device the test expects to have no driver is bound. */
public final class ShouldBeUnbound extends IommuMessageFactory {

  /**
   * Returns the message for a bound device.
   *
   * @param device the device
   */
  public static ErrorMessageFactory shouldBeUnbound(Device device) {
    return new ShouldBeUnbound(device);
  }

  private ShouldBeUnbound(Device device) {
    super("%nExpecting device %s to have no driver bound%nbut it is bound to %s (group %s).",
        device, orNone(device.driver()), orNone(Group.of(device)));
  }
}
