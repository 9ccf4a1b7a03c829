package org.iommunit.assertj.error;

import org.assertj.core.error.ErrorMessageFactory;
import org.iommunit.core.GroupState;

/** The group's domain in force lets DMA through. */
public final class ShouldBeBlocked extends IommuMessageFactory {

  /**
   * Returns the message for a group whose DMA is not blocked.
   *
   * @param state the group, as the assertion read it
   */
  public static ErrorMessageFactory shouldBeBlocked(GroupState state) {
    return new ShouldBeBlocked(state);
  }

  private ShouldBeBlocked(GroupState state) {
    super("%nExpecting group %s to block DMA (be in its blocking domain %s or a BLOCKED domain)"
        + "%nbut it is in %s (owner %s, owner_cnt %s).%nA DMA ownership claim moves the group"
        + " to its blocking domain until the owner attaches its own.",
        state.group(), orNone(state.blockingDomain()), orNone(state.domain()), state.owner(),
        state.ownerCount());
  }
}
