package org.iommunit.assertj;

import static org.iommunit.assertj.error.ShouldHaveNoWarnings.shouldHaveNoWarnings;
import static org.iommunit.assertj.error.ShouldSatisfyInvariants.shouldSatisfyInvariants;

import java.util.ArrayList;
import java.util.List;
import org.iommunit.core.Invariants;
import org.iommunit.core.KernelLog;
import org.iommunit.platform.Platform;
import org.jspecify.annotations.Nullable;

/**
 * Assertions on a whole simulated machine: the invariants of its IOMMU core and its kernel log.
 *
 * <pre>{@code
 * assertThat(platform).satisfiesInvariants().hasNoWarnings();
 * }</pre>
 *
 * @param <SELF> the concrete assertion type
 */
public abstract class AbstractPlatformAssert<SELF extends AbstractPlatformAssert<SELF>>
    extends AbstractIommuAssert<SELF, Platform> {

  /**
   * Creates an assertion on a platform.
   *
   * @param actual the platform; null fails every check
   * @param selfType the concrete assertion class
   */
  protected AbstractPlatformAssert(@Nullable Platform actual, Class<?> selfType) {
    super(actual, selfType);
  }

  /**
   * Verifies that the model keeps every rule of {@link Invariants.Rule}; fails listing each
   * {@link Invariants.Violation} with its rule, subject and the state that broke it.
   */
  public SELF satisfiesInvariants() {
    return check(() -> {
      isNotNull();
      List<Invariants.Violation> violations = Invariants.check(actual.iommu());
      if (violations.isEmpty()) {
        return;
      }
      throw failure(shouldSatisfyInvariants(violations));
    });
  }

  /** Verifies that the kernel log holds no {@code WARN_ON}; fails listing each in order. */
  public SELF hasNoWarnings() {
    return check(() -> {
      isNotNull();
      List<KernelLog.Entry> warnings = actual.warnings();
      if (warnings.isEmpty()) {
        return;
      }
      List<String> lines = new ArrayList<>();
      for (KernelLog.Entry e : warnings) {
        lines.add("#" + e.sequence() + " " + e.function() + ": " + e.message());
      }
      throw failure(shouldHaveNoWarnings("the kernel log", lines));
    });
  }
}
