package org.iommunit.assertj.error;

import org.assertj.core.error.ErrorMessageFactory;
import org.iommunit.base.IommuException;

/** A call the test expects to succeed threw. */
public final class ShouldSucceed extends IommuMessageFactory {

  /**
   * Returns the message for a call that threw {@code thrown}.
   *
   * @param thrown what the call threw
   */
  public static ErrorMessageFactory shouldSucceed(Throwable thrown) {
    return new ShouldSucceed(thrown);
  }

  private ShouldSucceed(Throwable thrown) {
    super("%nExpecting the call to succeed%nbut it failed with:%n  %s", text(describe(thrown)));
  }

  /** Returns the message of an IommuException, which names function and errno, else toString. */
  static String describe(Throwable thrown) {
    return thrown instanceof IommuException
        ? String.valueOf(thrown.getMessage()) : thrown.toString();
  }
}
