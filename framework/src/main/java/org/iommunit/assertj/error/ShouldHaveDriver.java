package org.iommunit.assertj.error;

import org.assertj.core.error.ErrorMessageFactory;
import org.iommunit.core.Group;
import org.iommunit.device.Device;
import org.iommunit.device.Driver;

/** The device is bound to another driver than expected, or to none. */
public final class ShouldHaveDriver extends IommuMessageFactory {

  /**
   * Returns the message for a device not bound to {@code expected}.
   *
   * @param device the device
   * @param expected the driver it should be bound to
   */
  public static ErrorMessageFactory shouldHaveDriver(Device device, Driver expected) {
    return new ShouldHaveDriver(device, expected);
  }

  private ShouldHaveDriver(Device device, Driver expected) {
    super("%nExpecting device %s to be bound to driver:%n  %s%nbut it is bound to:%n  %s"
        + "%n(group %s)",
        device, expected, orNone(device.driver()), orNone(Group.of(device)));
  }
}
