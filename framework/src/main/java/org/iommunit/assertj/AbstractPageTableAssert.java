package org.iommunit.assertj;

import static org.iommunit.assertj.error.ShouldHaveNoWarnings.shouldHaveNoWarnings;
import static org.iommunit.assertj.error.ShouldMap.shouldMap;
import static org.iommunit.assertj.error.ShouldMapRange.shouldMapRange;
import static org.iommunit.assertj.error.ShouldNotMap.shouldNotMap;

import java.util.List;
import org.iommunit.pgtable.IoPageTable;
import org.iommunit.pgtable.Translation;
import org.iommunit.pgtable.WalkResult;
import org.iommunit.pgtable.Walker;
import org.jspecify.annotations.Nullable;

/**
 * Assertions on an I/O page table as the IOMMU hardware sees it: every check walks the raw
 * descriptors in physical memory with the table's {@link Walker}, never a side map of what was
 * mapped. This is where permissions and page sizes are checked.
 *
 * <pre>{@code
 * table.mapPages(0x20_0000, 0x4000_0000L, PageSizes.SZ_2M, 1, Prot.READ);
 * assertThat(table).maps(0x20_0000).to(0x4000_0000L).withPageSize(PageSizes.SZ_2M)
 *     .withPermissions(Prot.READ);                            // fails: ARM S1 grants R-XU
 * }</pre>
 *
 * @param <SELF> the concrete assertion type
 */
public abstract class AbstractPageTableAssert<SELF extends AbstractPageTableAssert<SELF>>
    extends AbstractIommuAssert<SELF, IoPageTable> {

  /**
   * Creates an assertion on a page table.
   *
   * @param actual the table; null fails every check
   * @param selfType the concrete assertion class
   */
  protected AbstractPageTableAssert(@Nullable IoPageTable actual, Class<?> selfType) {
    super(actual, selfType);
  }

  /**
   * Verifies that the hardware walk of {@code iova} ends in a leaf and returns an assertion on
   * that translation: output address, permissions, page size.
   *
   * <p>Final, so that soft assertions collect a failure here and still return the sub-assertion.
   */
  public final TranslationAssert maps(long iova) {
    WalkResult walk = actual == null ? new Translation().toResult() : walk(actual, iova);
    check(() -> {
      isNotNull();
      if (!walk.ok()) {
        throw failure(shouldMap(name(actual), walk));
      }
    });
    return new TranslationAssert(this, actual == null ? "(null)" : name(actual), walk);
  }

  /** Verifies that the hardware walk of {@code iova} faults. */
  public SELF hasNoMappingAt(long iova) {
    return check(() -> {
      isNotNull();
      WalkResult walk = walk(actual, iova);
      if (!walk.ok()) {
        return;
      }
      throw failure(shouldNotMap("the " + name(actual), iova, walk.outputAddress(),
          walk.toString()));
    });
  }

  /**
   * Verifies that every byte of {@code [iova, iova + size)} walks to the same offset in {@code
   * [pa, pa + size)}, walking once per leaf. Fails listing the first wrong addresses.
   *
   * @throws IllegalArgumentException for an empty range or one that wraps
   */
  public SELF mapsRange(long iova, long pa, long size) {
    return check(() -> {
      isNotNull();
      Walker walker = actual.walker();
      Translation out = new Translation();
      RangeCheck result = RangeCheck.run(iova, pa, size, Long.lowestOneBit(actual.pgsizeBitmap()),
          (at, pageSize) -> {
            long oa = walker.translate(at, 0, out);
            pageSize[0] = out.pageSize();
            return oa == Walker.FAULT ? RangeCheck.UNMAPPED : oa;
          });
      if (result.ok()) {
        return;
      }
      throw failure(shouldMapRange("the " + name(actual), iova, pa, size, result.problems,
          result.more));
    });
  }

  /** Verifies that the table recorded no {@code WARN_ON} (a refused partial unmap, ...). */
  public SELF hasNoWarnings() {
    return check(() -> {
      isNotNull();
      List<String> warnings = actual.warnings();
      if (warnings.isEmpty()) {
        return;
      }
      throw failure(shouldHaveNoWarnings("the " + name(actual), warnings));
    });
  }

  private static WalkResult walk(IoPageTable table, long iova) {
    return table.walker().walk(iova, 0);
  }

  private static String name(IoPageTable table) {
    return table.format() + " page table";
  }
}
