package org.iommunit.assertj.error;

import java.util.List;
import org.assertj.core.error.ErrorMessageFactory;
import org.iommunit.core.GroupState;
import org.iommunit.device.Device;

/** The group lacks some of the expected devices. */
public final class ShouldContainDevices extends IommuMessageFactory {

  /**
   * Returns the message for a group that lacks {@code missing}.
   *
   * @param state the group, as the assertion read it
   * @param expected the devices the group should contain
   * @param missing the expected devices it lacks
   */
  public static ErrorMessageFactory shouldContainDevices(GroupState state, List<Device> expected,
      List<Device> missing) {
    return new ShouldContainDevices(state, expected, missing);
  }

  private ShouldContainDevices(GroupState state, List<Device> expected, List<Device> missing) {
    super("%nExpecting group %s to contain the devices:%n  %s%nbut it lacks:%n  %s"
        + "%nIt holds:%n  %s",
        state.group(), expected, missing, state.devices());
  }
}
