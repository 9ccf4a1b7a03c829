package org.iommunit.assertj.error;

import java.util.List;
import org.assertj.core.error.ErrorMessageFactory;
import org.iommunit.core.GroupState;
import org.iommunit.device.Device;

/** The group's devices are not exactly the expected ones. */
public final class ShouldHaveDevices extends IommuMessageFactory {

  /**
   * Returns the message for a group whose devices differ from {@code expected}.
   *
   * @param state the group, as the assertion read it
   * @param expected the devices the group should hold, in any order
   * @param missing expected devices the group lacks
   * @param unexpected devices the group holds but were not expected
   */
  public static ErrorMessageFactory shouldHaveDevices(GroupState state, List<Device> expected,
      List<Device> missing, List<Device> unexpected) {
    return new ShouldHaveDevices(state, expected, missing, unexpected);
  }

  private ShouldHaveDevices(GroupState state, List<Device> expected, List<Device> missing,
      List<Device> unexpected) {
    super("%nExpecting group %s to hold exactly the devices (in any order):%n  %s"
        + "%nbut it holds:%n  %s%nmissing: %s, unexpected: %s"
        + "%nA group holds the devices the IOMMU cannot isolate from each other.",
        state.group(), expected, state.devices(), missing, unexpected);
  }
}
