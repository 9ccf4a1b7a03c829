package org.iommunit.assertj.error;

import java.util.List;
import org.assertj.core.error.ErrorMessageFactory;

/** The kernel log or a page table recorded {@code WARN_ON}s. */
public final class ShouldHaveNoWarnings extends IommuMessageFactory {

  /**
   * Returns the message listing every warning.
   *
   * @param where what logged them, e.g. {@code the kernel log}
   * @param warnings one line per warning, oldest first
   */
  public static ErrorMessageFactory shouldHaveNoWarnings(String where, List<String> warnings) {
    return new ShouldHaveNoWarnings(where, warnings);
  }

  private ShouldHaveNoWarnings(String where, List<String> warnings) {
    super("%nExpecting no WARN_ON in %s%nbut %s:%n  %s%nA WARN_ON is the kernel reporting a"
        + " caller bug or an impossible state.",
        text(where), text(warnings.size() == 1 ? "1 was recorded"
            : warnings.size() + " were recorded"),
        text(String.join(System.lineSeparator() + "  ", warnings)));
  }
}
