package org.iommunit.assertj.error;

import org.assertj.core.error.ErrorMessageFactory;

/** An IOVA translates to another physical address than expected. */
public final class ShouldMapTo extends IommuMessageFactory {

  /**
   * Returns the message for an IOVA that translates to {@code actual} instead of {@code expected}.
   *
   * @param subject what translated, e.g. {@code domain D3:UNMANAGED}
   * @param iova the address
   * @param expected the physical address wanted
   * @param actual the physical address found
   * @param detail how it was found, e.g. the hardware walk; empty for none
   */
  public static ErrorMessageFactory shouldMapTo(String subject, long iova, long expected,
      long actual, String detail) {
    return new ShouldMapTo(subject, iova, expected, actual, detail);
  }

  private ShouldMapTo(String subject, long iova, long expected, long actual, String detail) {
    super("%nExpecting IOVA %s of %s to translate to:%n  %s%nbut it translates to:%n  %s%s",
        hex(iova), text(subject), hex(expected), hex(actual),
        text(detail.isEmpty() ? "" : System.lineSeparator() + detail));
  }
}
