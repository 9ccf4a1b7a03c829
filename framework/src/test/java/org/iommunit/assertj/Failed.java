package org.iommunit.assertj;

import static java.util.Locale.ROOT;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.opentest4j.AssertionFailedError;

/** Runs an assertion expected to fail and hands back its error, for exact-message checks. */
final class Failed {
  private Failed() {}

  /** Returns the AssertionError {@code assertion} throws; fails the test if it passes. */
  static AssertionError assertion(ThrowingCallable assertion) {
    try {
      assertion.call();
    } catch (AssertionError e) {
      return e;
    } catch (Throwable t) {
      throw new AssertionError("the assertion threw " + t + " instead of an AssertionError", t);
    }
    throw new AssertionError("the assertion passed but was expected to fail");
  }

  /** Returns the opentest4j failure {@code assertion} throws; fails if it is another type. */
  static AssertionFailedError comparison(ThrowingCallable assertion) {
    AssertionError e = assertion(assertion);
    if (!(e instanceof AssertionFailedError)) {
      throw new AssertionError("expected an opentest4j AssertionFailedError carrying expected and"
          + " actual, got " + e.getClass().getName(), e);
    }
    return (AssertionFailedError) e;
  }

  /** Formats a message written with {@code %n}, as AssertJ's message factories do. */
  static String message(String format) {
    return String.format(ROOT, format);
  }
}
