package org.iommunit.assertj;

import org.iommunit.device.Device;
import org.jspecify.annotations.Nullable;

/**
 * Assertions on a device; see {@link AbstractDeviceAssert}. Obtain one from {@link
 * IommuAssertions#assertThat(Device)}. Not final: soft assertions subclass it.
 */
public class DeviceAssert extends AbstractDeviceAssert<DeviceAssert> {

  /**
   * Creates an assertion on a device; prefer {@link IommuAssertions#assertThat(Device)}.
   *
   * @param actual the device; null fails every check
   */
  public DeviceAssert(@Nullable Device actual) {
    super(actual, DeviceAssert.class);
  }
}
