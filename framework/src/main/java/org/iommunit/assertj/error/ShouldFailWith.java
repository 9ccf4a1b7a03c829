package org.iommunit.assertj.error;

import org.assertj.core.error.ErrorMessageFactory;
import org.iommunit.base.Errno;
import org.iommunit.base.IommuException;
import org.jspecify.annotations.Nullable;

/** A call the test expects to fail with an errno succeeded, failed with another, or threw. */
public final class ShouldFailWith extends IommuMessageFactory {

  /**
   * Returns the message for a call that did not fail with {@code expected}.
   *
   * @param expected the errno wanted
   * @param thrown what the call threw; null if it returned normally
   */
  public static ErrorMessageFactory shouldFailWith(Errno expected, @Nullable Throwable thrown) {
    if (thrown == null) {
      return new ShouldFailWith("%nExpecting the call to fail with %s%nbut it succeeded.",
          text(expected.asReturnValue()));
    }
    if (thrown instanceof IommuException) {
      return new ShouldFailWith("%nExpecting the call to fail with %s%nbut it failed with %s:"
          + "%n  %s", text(expected.asReturnValue()),
          text(((IommuException) thrown).errno().asReturnValue()),
          text(ShouldSucceed.describe(thrown)));
    }
    return new ShouldFailWith("%nExpecting the call to fail with %s%nbut it threw %s, which"
        + " carries no errno:%n  %s", text(expected.asReturnValue()),
        text(thrown.getClass().getName()), text(ShouldSucceed.describe(thrown)));
  }

  private ShouldFailWith(String format, Object... arguments) {
    super(format, arguments);
  }
}
