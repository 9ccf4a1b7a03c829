package org.iommunit.assertj.error;

import org.assertj.core.error.ErrorMessageFactory;
import org.iommunit.pgtable.WalkResult;

/** The leaf that maps an IOVA has another page size than expected. */
public final class ShouldHavePageSize extends IommuMessageFactory {

  /**
   * Returns the message for a leaf of another size.
   *
   * @param table names the page table
   * @param expected the page size wanted, in bytes
   * @param walk the walk that found the leaf
   */
  public static ErrorMessageFactory shouldHavePageSize(String table, long expected,
      WalkResult walk) {
    return new ShouldHavePageSize(table, expected, walk);
  }

  private ShouldHavePageSize(String table, long expected, WalkResult walk) {
    super("%nExpecting IOVA %s of the %s to be mapped by a %s page%nbut it is mapped by a %s"
        + " page:%n  %s%niommu_map() picks the largest page size that the alignment of IOVA and"
        + " physical address and the remaining length allow.",
        hex(walk.iova()), text(table), text(Hex.size(expected)), text(Hex.size(walk.pageSize())),
        text(walk.toString()));
  }
}
