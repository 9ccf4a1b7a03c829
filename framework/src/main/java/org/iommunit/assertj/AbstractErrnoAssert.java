package org.iommunit.assertj;

import static org.iommunit.assertj.error.ShouldFailWith.shouldFailWith;
import static org.iommunit.assertj.error.ShouldLeaveStateUnchanged.shouldLeaveStateUnchanged;
import static org.iommunit.assertj.error.ShouldSucceed.shouldSucceed;

import java.util.List;
import java.util.Objects;
import org.iommunit.base.Errno;
import org.iommunit.base.IommuException;
import org.jspecify.annotations.Nullable;

/**
 * Assertions on the outcome of one call into the model: success, the errno of an {@link
 * IommuException}, and whether the call left the model as it was. The call ran exactly once,
 * before this assertion was created, so checks may be chained in any order.
 *
 * <pre>{@code
 * assertThatIommu(() -> iommu.attachDevice(domain, fn0)).failsWith(EINVAL);
 * assertThatIommu(platform, () -> iommu.attachGroup(other, group))
 *     .failsWith(EBUSY).leavesStateUnchanged();
 * assertThatIommu(() -> iommu.attachGroup(domain, group)).succeeds();
 * }</pre>
 *
 * @param <SELF> the concrete assertion type
 */
public abstract class AbstractErrnoAssert<SELF extends AbstractErrnoAssert<SELF>>
    extends AbstractIommuAssert<SELF, IommuCall> {

  /**
   * Creates an assertion on a call's outcome.
   *
   * @param actual the outcome; null fails every check
   * @param selfType the concrete assertion class
   */
  protected AbstractErrnoAssert(@Nullable IommuCall actual, Class<?> selfType) {
    super(actual, selfType);
  }

  /** Verifies that the call returned normally; a failure carries what it threw as its cause. */
  public SELF succeeds() {
    return check(() -> {
      isNotNull();
      Throwable thrown = actual.thrown();
      if (thrown == null) {
        return;
      }
      AssertionError error = failure(shouldSucceed(thrown));
      if (error.getCause() == null) {
        error.initCause(thrown);
      }
      throw error;
    });
  }

  /**
   * Verifies that the call threw an {@link IommuException} carrying {@code expected}. The
   * failure shows the exception's message (function, errno and reason) when the errno differs.
   */
  public SELF failsWith(Errno expected) {
    Objects.requireNonNull(expected, "expected errno");
    return check(() -> {
      isNotNull();
      Throwable thrown = actual.thrown();
      if (thrown instanceof IommuException && ((IommuException) thrown).errno() == expected) {
        return;
      }
      throw failureComparing(shouldFailWith(expected, thrown), expected.asReturnValue(),
          thrown instanceof IommuException ? ((IommuException) thrown).errno().asReturnValue()
              : String.valueOf(thrown));
    });
  }

  /**
   * Verifies that the model after the call equals the model before it (see {@link
   * ModelSnapshot}). The failure lists the changed lines and carries both renderings, so an IDE
   * diffs them.
   *
   * @throws IllegalStateException if the call was run without a model: use {@link
   *     IommuAssertions#assertThatIommu(org.iommunit.platform.Platform,
   *     org.assertj.core.api.ThrowableAssert.ThrowingCallable)}
   */
  public SELF leavesStateUnchanged() {
    return check(() -> {
      isNotNull();
      ModelSnapshot before = actual.before();
      ModelSnapshot after = actual.after();
      if (before == null || after == null) {
        throw new IllegalStateException("leavesStateUnchanged() compares the model before and"
            + " after the call, but no model was given: write assertThatIommu(platform, () ->"
            + " ...) or assertThatIommu(iommu, () -> ...)");
      }
      List<String> changes = before.changesTo(after);
      if (changes.isEmpty()) {
        return;
      }
      throw failureComparing(shouldLeaveStateUnchanged(actual.thrown(), changes), before.render(),
          after.render());
    });
  }
}
