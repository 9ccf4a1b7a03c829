package org.iommunit.assertj.error;

import org.assertj.core.error.ErrorMessageFactory;
import org.iommunit.core.GroupState;

/** The group's {@code owner_cnt} is not the expected value. */
public final class ShouldHaveOwnerCount extends IommuMessageFactory {

  /**
   * Returns the message for a group whose {@code owner_cnt} differs from {@code expected}.
   *
   * @param state the group, as the assertion read it
   * @param expected the count the group should have
   */
  public static ErrorMessageFactory shouldHaveOwnerCount(GroupState state, int expected) {
    return new ShouldHaveOwnerCount(state, expected);
  }

  private ShouldHaveOwnerCount(GroupState state, int expected) {
    super("%nExpecting group %s to have owner_cnt %s%nbut it has owner_cnt %s (owner %s,"
        + " devices %s).%nowner_cnt counts devices bound to DMA-API drivers"
        + " (iommu_device_use_default_domain()) plus ownership claims.",
        state.group(), expected, state.ownerCount(), state.owner(), state.devices());
  }
}
