package org.iommunit.assertj.error;

import org.assertj.core.error.ErrorMessageFactory;
import org.iommunit.core.GroupState;

/** The group has a DMA owner or users. */
public final class ShouldNotBeOwned extends IommuMessageFactory {

  /**
   * Returns the message for a group that still has an owner or users.
   *
   * @param state the group, as the assertion read it
   */
  public static ErrorMessageFactory shouldNotBeOwned(GroupState state) {
    return new ShouldNotBeOwned(state);
  }

  private ShouldNotBeOwned(GroupState state) {
    super("%nExpecting group %s to have no DMA owner%nbut it is owned by %s with owner_cnt %s"
        + " (domain %s).%nowner_cnt counts bound DMA-API drivers and ownership claims; the group"
        + " is free when the last one is released.",
        state.group(), state.owner(), state.ownerCount(), orNone(state.domain()));
  }
}
