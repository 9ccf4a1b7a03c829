package org.iommunit.assertj.error;

import java.util.List;
import org.assertj.core.error.ErrorMessageFactory;
import org.iommunit.core.Invariants.Violation;

/** The model breaks one or more of the IOMMU core's invariants. */
public final class ShouldSatisfyInvariants extends IommuMessageFactory {

  /**
   * Returns the message listing every broken invariant.
   *
   * @param violations the broken rules, in the checker's order
   */
  public static ErrorMessageFactory shouldSatisfyInvariants(List<Violation> violations) {
    return new ShouldSatisfyInvariants(violations);
  }

  private ShouldSatisfyInvariants(List<Violation> violations) {
    super("%nExpecting the IOMMU model to satisfy every invariant%nbut %s:%n  %s",
        text(violations.size() == 1 ? "1 is broken" : violations.size() + " are broken"),
        text(join(violations)));
  }

  private static String join(List<Violation> violations) {
    StringBuilder sb = new StringBuilder();
    for (Violation v : violations) {
      if (sb.length() > 0) {
        sb.append(System.lineSeparator()).append("  ");
      }
      sb.append(v);
    }
    return sb.toString();
  }
}
