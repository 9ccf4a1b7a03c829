package org.iommunit.assertj.error;

import java.util.List;
import org.assertj.core.error.ErrorMessageFactory;

/** An IOTLB holds entries whose page-table entries changed since they were cached. */
public final class ShouldHaveNoStaleEntries extends IommuMessageFactory {

  /**
   * Returns the message listing the stale entries.
   *
   * @param iotlb which IOTLB, e.g. {@code the IOTLB of iommu0}
   * @param stale one line per stale entry, in slot order
   */
  public static ErrorMessageFactory shouldHaveNoStaleEntries(String iotlb, List<String> stale) {
    return new ShouldHaveNoStaleEntries(iotlb, stale);
  }

  private ShouldHaveNoStaleEntries(String iotlb, List<String> stale) {
    super("%nExpecting %s to hold no stale entry%nbut %s:%n  %s%nAn entry goes stale when its"
        + " page is unmapped or remapped without an IOTLB invalidation; until one covers it, DMA"
        + " still reaches the old page.",
        text(iotlb), text(stale.size() == 1 ? "1 is stale" : stale.size() + " are stale"),
        text(String.join(System.lineSeparator() + "  ", stale)));
  }
}
