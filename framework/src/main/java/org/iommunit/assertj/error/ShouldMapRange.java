package org.iommunit.assertj.error;

import java.util.List;
import org.assertj.core.error.ErrorMessageFactory;

/** Part of an IOVA range does not translate linearly to the expected physical range. */
public final class ShouldMapRange extends IommuMessageFactory {

  /**
   * Returns the message for a range with wrong or missing translations.
   *
   * @param subject what translated, e.g. {@code domain D3:UNMANAGED}
   * @param iova the first IOVA of the range
   * @param pa the physical address {@code iova} should translate to
   * @param size the length of the range in bytes
   * @param problems one line per wrong address, e.g. {@code IOVA 0x2000 is not mapped}
   * @param more how many further wrong addresses were left out
   */
  public static ErrorMessageFactory shouldMapRange(String subject, long iova, long pa, long size,
      List<String> problems, int more) {
    return new ShouldMapRange(subject, iova, pa, size, problems, more);
  }

  private ShouldMapRange(String subject, long iova, long pa, long size, List<String> problems,
      int more) {
    super("%nExpecting %s to map IOVA [%s, %s) to [%s, %s)%nbut:%n  %s%s",
        text(subject), hex(iova), hex(iova + size), hex(pa), hex(pa + size),
        text(String.join(System.lineSeparator() + "  ", problems)),
        text(more == 0 ? "" : System.lineSeparator() + "  ... and " + more + " more"));
  }
}
