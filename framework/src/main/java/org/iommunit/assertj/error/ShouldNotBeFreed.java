package org.iommunit.assertj.error;

import org.assertj.core.error.ErrorMessageFactory;
import org.iommunit.core.IommuDomain;

/** A domain the test expects to be live was freed. */
public final class ShouldNotBeFreed extends IommuMessageFactory {

  /**
   * Returns the message for a freed domain.
   *
   * @param domain the domain
   */
  public static ErrorMessageFactory shouldNotBeFreed(IommuDomain domain) {
    return new ShouldNotBeFreed(domain);
  }

  private ShouldNotBeFreed(IommuDomain domain) {
    super("%nExpecting domain %s to be live%nbut it was freed with iommu_domain_free()"
        + " (allocated by %s).",
        domain, text(domain.origin()));
  }
}
