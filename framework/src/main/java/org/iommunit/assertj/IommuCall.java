package org.iommunit.assertj;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.iommunit.core.IommuCore;
import org.iommunit.platform.Platform;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of one call into the model, run exactly once: what it threw, and when the model was
 * given, a {@link ModelSnapshot} from just before and just after. {@link AbstractErrnoAssert}
 * checks it.
 *
 * @param thrown what the call threw; null if it returned normally
 * @param before the model before the call; null when no model was given
 * @param after the model after the call; null exactly when {@code before} is
 */
public record IommuCall(@Nullable Throwable thrown, @Nullable ModelSnapshot before,
    @Nullable ModelSnapshot after) {

  /** Checks that both snapshots are present or both absent. */
  public IommuCall {
    if ((before == null) != (after == null)) {
      throw new IllegalArgumentException("an IommuCall has both snapshots or neither, got before="
          + (before == null ? "null" : "present") + " after="
          + (after == null ? "null" : "present"));
    }
  }

  /** Runs {@code call} once and records what it threw. */
  public static IommuCall run(ThrowingCallable call) {
    return new IommuCall(invoke(call), null, null);
  }

  /** Runs {@code call} once between two snapshots of {@code platform}. */
  public static IommuCall run(Platform platform, ThrowingCallable call) {
    ModelSnapshot before = ModelSnapshot.of(platform);
    Throwable thrown = invoke(call);
    return new IommuCall(thrown, before, ModelSnapshot.of(platform));
  }

  /** Runs {@code call} once between two snapshots of {@code iommu}. */
  public static IommuCall run(IommuCore iommu, ThrowingCallable call) {
    ModelSnapshot before = ModelSnapshot.of(iommu);
    Throwable thrown = invoke(call);
    return new IommuCall(thrown, before, ModelSnapshot.of(iommu));
  }

  private static @Nullable Throwable invoke(ThrowingCallable call) {
    try {
      call.call();
      return null;
    } catch (Throwable t) { // the outcome under test; the assertion reports it
      return t;
    }
  }
}
