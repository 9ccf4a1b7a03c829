package org.iommunit.assertj.error;

import java.util.List;
import org.assertj.core.error.ErrorMessageFactory;
import org.iommunit.core.GroupState;

/** Some device of the group is attached in hardware to another domain than the group's. */
public final class ShouldShareDomain extends IommuMessageFactory {

  /**
   * Returns the message for a group whose devices do not all sit in its domain.
   *
   * @param state the group, as the assertion read it
   * @param mismatches one line per device that differs, e.g. {@code 0000:03:00.1 is attached to
   *     D3:UNMANAGED}
   */
  public static ErrorMessageFactory shouldShareDomain(GroupState state, List<String> mismatches) {
    return new ShouldShareDomain(state, mismatches);
  }

  private ShouldShareDomain(GroupState state, List<String> mismatches) {
    super("%nExpecting every device of group %s to be attached in hardware to the group's"
        + " domain %s%nbut:%n  %s%nThe devices of a group share one domain: the core attaches"
        + " each of them whenever the group changes domain.",
        state.group(), orNone(state.domain()),
        text(String.join(System.lineSeparator() + "  ", mismatches)));
  }
}
