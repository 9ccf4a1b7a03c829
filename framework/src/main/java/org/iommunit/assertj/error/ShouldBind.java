package org.iommunit.assertj.error;

import org.assertj.core.error.ErrorMessageFactory;
import org.iommunit.sva.SvaHandle;

/** An SVA bind handle binds another device or another mm than expected. */
public final class ShouldBind extends IommuMessageFactory {

  /**
   * Returns the message for a handle whose device or mm differs.
   *
   * @param handle the bind
   * @param what {@code device} or {@code mm}
   * @param expected the device or mm wanted
   * @param actual the handle's device or mm
   */
  public static ErrorMessageFactory shouldBind(SvaHandle handle, String what, Object expected,
      Object actual) {
    return new ShouldBind(handle, what, expected, actual);
  }

  private ShouldBind(SvaHandle handle, String what, Object expected, Object actual) {
    super("%nExpecting SVA handle %s to bind %s:%n  %s%nbut it binds:%n  %s",
        handle, text(what), expected, actual);
  }
}
