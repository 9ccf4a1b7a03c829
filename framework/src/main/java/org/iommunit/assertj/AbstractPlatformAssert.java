package org.iommunit.assertj;

import static org.iommunit.assertj.error.ShouldHaveFaults.shouldHaveFaults;
import static org.iommunit.assertj.error.ShouldHaveNoWarnings.shouldHaveNoWarnings;
import static org.iommunit.assertj.error.ShouldSatisfyInvariants.shouldSatisfyInvariants;

import java.util.ArrayList;
import java.util.List;
import org.iommunit.base.KernelLog;
import org.iommunit.core.Invariants;
import org.iommunit.dma.IommuFault;
import org.iommunit.platform.Platform;
import org.jspecify.annotations.Nullable;

/**
 * Assertions on a whole simulated machine: the invariants of its IOMMU core, its kernel log and
 * its DMA fault log.
 *
 * <pre>{@code
 * assertThat(platform).satisfiesInvariants().hasNoWarnings().hasNoFaults();
 * DeviceDma.of(nic).read(0x5000, new byte[4]);      // nothing mapped there
 * assertThat(platform).hasFaults(
 *     "0000:03:00.0 pasid 0 READ 0x5000: TRANSLATION in D3:UNMANAGED (handler -38)");
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
      List<Invariants.Violation> violations = actual.checkInvariants();
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

  /**
   * Verifies that the platform's fault log ({@link org.iommunit.platform.Platform#faults()})
   * holds exactly these faults, in order, each written as {@link IommuFault#toString()} prints
   * it: {@code "<device> pasid <n> <READ|WRITE> <iova>: <reason> in <domain> (handler <n>)"}.
   * Fails with expected and actual lists.
   */
  public SELF hasFaults(String... expected) {
    List<String> want = List.of(expected);
    return check(() -> {
      isNotNull();
      List<String> got = faultLines();
      if (got.equals(want)) {
        return;
      }
      throw failureComparing(shouldHaveFaults(want, got), String.join("\n", want),
          String.join("\n", got));
    });
  }

  /** Verifies that no device DMA has faulted; fails listing each fault in order. */
  public SELF hasNoFaults() {
    return check(() -> {
      isNotNull();
      List<String> got = faultLines();
      if (got.isEmpty()) {
        return;
      }
      throw failure(shouldHaveFaults(List.of(), got));
    });
  }

  private List<String> faultLines() {
    List<String> lines = new ArrayList<>();
    for (IommuFault f : actual.faults().faults()) {
      lines.add(f.toString());
    }
    return lines;
  }
}
