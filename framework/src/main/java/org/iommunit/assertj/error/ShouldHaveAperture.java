package org.iommunit.assertj.error;

import org.assertj.core.error.ErrorMessageFactory;
import org.iommunit.core.IommuDomain;

/** The domain's aperture is not the expected range. */
public final class ShouldHaveAperture extends IommuMessageFactory {

  /**
   * Returns the message for a domain with another aperture.
   *
   * @param domain the domain
   * @param start the expected first IOVA
   * @param end the expected last IOVA
   */
  public static ErrorMessageFactory shouldHaveAperture(IommuDomain domain, long start, long end) {
    return new ShouldHaveAperture(domain, start, end);
  }

  private ShouldHaveAperture(IommuDomain domain, long start, long end) {
    super("%nExpecting domain %s to have the aperture:%n  %s%nbut it has:%n  %s%n(force_aperture"
        + " %s: DMA outside the aperture %s)",
        domain, text(Hex.closedRange(start, end)),
        text(Hex.closedRange(domain.ops().apertureStart(), domain.ops().apertureEnd())),
        domain.ops().forceAperture(), text(domain.ops().forceAperture() ? "is refused"
            : "is not checked by the core"));
  }
}
