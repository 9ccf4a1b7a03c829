package org.iommunit.assertj;

import java.util.ArrayList;
import java.util.List;
import org.iommunit.assertj.error.Hex;

/**
 * Walks an IOVA range piece by piece and collects the addresses that do not translate linearly
 * onto the expected physical range. Within one page a translation is linear, so one lookup per
 * page piece decides the whole piece.
 */
final class RangeCheck {
  /** The most problems a message lists; the rest are counted. */
  static final int MAX_LISTED = 8;

  /** Translates one address: the output address, or {@link #UNMAPPED}. */
  interface Lookup {
    /** Returns the translation of {@code iova} and the size of the page holding it. */
    long translate(long iova, long[] pageSizeOut);
  }

  /** Returned by a lookup for an address that does not translate. */
  static final long UNMAPPED = -1L;

  final List<String> problems = new ArrayList<>();
  int more;

  private RangeCheck() {}

  /**
   * Checks {@code [iova, iova + size)} against {@code [pa, pa + size)}.
   *
   * @param granule the step to take where the lookup reports no page size (a power of two)
   * @throws IllegalArgumentException for an empty range or one that wraps past 2^64
   */
  static RangeCheck run(long iova, long pa, long size, long granule, Lookup lookup) {
    if (size == 0 || Long.compareUnsigned(iova + size - 1, iova) < 0
        || Long.compareUnsigned(pa + size - 1, pa) < 0) {
      throw new IllegalArgumentException("mapsRange() needs a non-empty range below 2^64, got"
          + " iova " + Hex.hex(iova) + " pa " + Hex.hex(pa) + " size " + Hex.hex(size));
    }
    RangeCheck check = new RangeCheck();
    long[] pageSize = new long[1];
    long offset = 0;
    while (Long.compareUnsigned(offset, size) < 0) {
      long at = iova + offset;
      pageSize[0] = 0;
      long got = lookup.translate(at, pageSize);
      long want = pa + offset;
      if (got == UNMAPPED) {
        check.report("IOVA " + Hex.hex(at) + " is not mapped");
      } else if (got != want) {
        check.report("IOVA " + Hex.hex(at) + " translates to " + Hex.hex(got) + " instead of "
            + Hex.hex(want));
      }
      long step = pageSize[0] != 0 ? pageSize[0] : granule;
      long next = (at & -step) + step; // the start of the next page
      if (next == 0) {
        break; // the last page of the address space
      }
      offset = next - iova;
    }
    return check;
  }

  boolean ok() {
    return problems.isEmpty();
  }

  private void report(String problem) {
    if (problems.size() < MAX_LISTED) {
      problems.add(problem);
    } else {
      more++;
    }
  }
}
