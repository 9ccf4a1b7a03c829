package org.iommunit.assertj.error;

import org.assertj.core.error.ErrorMessageFactory;
import org.iommunit.core.IommuDomain;

/** An SVA domain is shared by another number of device attachments than expected. */
public final class ShouldHaveDomainUsers extends IommuMessageFactory {

  /**
   * Returns the message for an SVA domain with another {@code domain->users} count.
   *
   * @param domain the domain
   * @param expected the count wanted
   * @param actual the domain's count
   */
  public static ErrorMessageFactory shouldHaveDomainUsers(IommuDomain domain, int expected,
      int actual) {
    return new ShouldHaveDomainUsers(domain, expected, actual);
  }

  private ShouldHaveDomainUsers(IommuDomain domain, int expected, int actual) {
    super("%nExpecting SVA domain %s to have %s user(s)%nbut it has %s.%nAn SVA domain counts the"
        + " device attachments sharing it (domain->users): a bind that reuses the mm's domain for"
        + " another device adds one, and the domain is freed when the last one unbinds.",
        domain, expected, actual);
  }
}
