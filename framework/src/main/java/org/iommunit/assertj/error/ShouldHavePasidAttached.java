package org.iommunit.assertj.error;

import org.assertj.core.error.ErrorMessageFactory;
import org.iommunit.core.GroupState;
import org.iommunit.core.IommuDomain;
import org.jspecify.annotations.Nullable;

/** The group's PASID array does not hold the expected domain at a PASID. */
public final class ShouldHavePasidAttached extends IommuMessageFactory {

  /**
   * Returns the message for a PASID slot that holds another domain, or none.
   *
   * @param state the group, as the assertion read it
   * @param pasid the PASID
   * @param expected the domain the slot should hold
   * @param actual the slot as the snapshot renders it, e.g. {@code handle->D5:UNMANAGED}; null
   *     for an empty slot
   */
  public static ErrorMessageFactory shouldHavePasidAttached(GroupState state, int pasid,
      IommuDomain expected, @Nullable String actual) {
    return new ShouldHavePasidAttached(state, pasid, expected, actual);
  }

  private ShouldHavePasidAttached(GroupState state, int pasid, IommuDomain expected,
      @Nullable String actual) {
    super("%nExpecting PASID %s of group %s to hold:%n  %s%nbut it holds:%n  %s"
        + "%nPASID array: %s",
        pasid, state.group(), expected, actual == null ? text("(none)") : text(actual),
        text(state.pasidArray().toString()));
  }
}
