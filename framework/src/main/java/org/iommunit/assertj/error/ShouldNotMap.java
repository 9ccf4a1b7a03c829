package org.iommunit.assertj.error;

import org.assertj.core.error.ErrorMessageFactory;

/** An IOVA the test expects to be unmapped translates. */
public final class ShouldNotMap extends IommuMessageFactory {

  /**
   * Returns the message for an IOVA that still translates.
   *
   * @param subject what translated, e.g. {@code domain D3:UNMANAGED}
   * @param iova the address
   * @param actual the physical address it translates to
   * @param detail how it was found, e.g. the hardware walk; empty for none
   */
  public static ErrorMessageFactory shouldNotMap(String subject, long iova, long actual,
      String detail) {
    return new ShouldNotMap(subject, iova, actual, detail);
  }

  private ShouldNotMap(String subject, long iova, long actual, String detail) {
    super("%nExpecting %s to have no mapping at IOVA %s%nbut it translates to %s%s",
        text(subject), hex(iova), hex(actual),
        text(detail.isEmpty() ? "" : ":" + System.lineSeparator() + "  " + detail));
  }
}
