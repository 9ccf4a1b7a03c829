package org.iommunit.assertj.error;

import org.assertj.core.error.ErrorMessageFactory;
import org.iommunit.core.DomainType;
import org.iommunit.core.IommuDomain;

/** The domain's type is not the expected one. */
public final class ShouldHaveType extends IommuMessageFactory {

  /**
   * Returns the message for a domain of another type than {@code expected}.
   *
   * @param domain the domain
   * @param expected the type it should have
   */
  public static ErrorMessageFactory shouldHaveType(IommuDomain domain, DomainType expected) {
    return new ShouldHaveType(domain, expected);
  }

  private ShouldHaveType(IommuDomain domain, DomainType expected) {
    super("%nExpecting domain %s to have type:%n  %s%nbut it has type:%n  %s"
        + "%n(allocated by %s)",
        domain, expected, domain.type(), text(domain.origin()));
  }
}
