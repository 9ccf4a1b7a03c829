package org.iommunit.assertj.error;

import org.assertj.core.error.ErrorMessageFactory;
import org.iommunit.core.GroupState;
import org.iommunit.core.IommuDomain;

/** The group's domain in force is not the expected one. */
public final class ShouldHaveDomain extends IommuMessageFactory {

  /**
   * Returns the message for a group in another domain than {@code expected}.
   *
   * @param state the group, as the assertion read it
   * @param expected the domain that should be in force
   */
  public static ErrorMessageFactory shouldHaveDomain(GroupState state, IommuDomain expected) {
    return new ShouldHaveDomain(state, expected);
  }

  private ShouldHaveDomain(GroupState state, IommuDomain expected) {
    super("%nExpecting group %s to be in domain:%n  %s%nbut it is in:%n  %s"
        + "%n(default domain %s, blocking domain %s, owner %s)",
        state.group(), expected, orNone(state.domain()), orNone(state.defaultDomain()),
        orNone(state.blockingDomain()), state.owner());
  }
}
