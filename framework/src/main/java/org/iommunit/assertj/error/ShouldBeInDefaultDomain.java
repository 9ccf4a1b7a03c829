package org.iommunit.assertj.error;

import org.assertj.core.error.ErrorMessageFactory;
import org.iommunit.core.GroupState;

/** The group's domain in force is not its default domain. */
public final class ShouldBeInDefaultDomain extends IommuMessageFactory {

  /**
   * Returns the message for a group that is out of its default domain.
   *
   * @param state the group, as the assertion read it
   */
  public static ErrorMessageFactory shouldBeInDefaultDomain(GroupState state) {
    return new ShouldBeInDefaultDomain(state);
  }

  private ShouldBeInDefaultDomain(GroupState state) {
    super("%nExpecting group %s to be in its default domain %s%nbut it is in %s"
        + " (owner %s, owner_cnt %s).%nA group returns to its default domain when its user"
        + " detaches its domain or releases DMA ownership.",
        state.group(), orNone(state.defaultDomain()), orNone(state.domain()), state.owner(),
        state.ownerCount());
  }
}
