package org.iommunit.assertj.error;

import java.util.List;
import org.assertj.core.error.ErrorMessageFactory;
import org.jspecify.annotations.Nullable;

/** A call changed the model where the test expects it to leave it as it was. */
public final class ShouldLeaveStateUnchanged extends IommuMessageFactory {

  /**
   * Returns the message for a call that changed the model.
   *
   * @param thrown what the call threw; null if it returned normally
   * @param changes the changed lines of the model's rendering, each starting with {@code -} (as
   *     before the call) or {@code +} (as after it)
   */
  public static ErrorMessageFactory shouldLeaveStateUnchanged(@Nullable Throwable thrown,
      List<String> changes) {
    return new ShouldLeaveStateUnchanged(thrown, changes);
  }

  private ShouldLeaveStateUnchanged(@Nullable Throwable thrown, List<String> changes) {
    super("%nExpecting the call to leave the model unchanged%nbut it %s and changed:%n  %s%s",
        text(thrown == null ? "succeeded" : "failed with " + ShouldSucceed.describe(thrown)),
        text(String.join(System.lineSeparator() + "  ", changes)),
        text(thrown == null ? "" : System.lineSeparator() + "The kernel checks before it changes"
            + " state and restores the previous domain on its error paths, so a failed call"
            + " usually changes nothing."));
  }
}
