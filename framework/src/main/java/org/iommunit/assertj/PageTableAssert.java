package org.iommunit.assertj;

import org.iommunit.pgtable.IoPageTable;
import org.jspecify.annotations.Nullable;

/**
 * Assertions on an I/O page table; see {@link AbstractPageTableAssert}. Obtain one from {@link
 * IommuAssertions#assertThat(IoPageTable)}. Not final: soft assertions subclass it.
 */
public class PageTableAssert extends AbstractPageTableAssert<PageTableAssert> {

  /**
   * Creates an assertion on a page table; prefer {@link IommuAssertions#assertThat(IoPageTable)}.
   *
   * @param actual the table; null fails every check
   */
  public PageTableAssert(@Nullable IoPageTable actual) {
    super(actual, PageTableAssert.class);
  }
}
