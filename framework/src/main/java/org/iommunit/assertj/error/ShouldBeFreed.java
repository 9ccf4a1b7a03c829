package org.iommunit.assertj.error;

import org.assertj.core.error.ErrorMessageFactory;
import org.iommunit.core.IommuDomain;

/** A domain the test expects to be freed is still live. */
public final class ShouldBeFreed extends IommuMessageFactory {

  /**
   * Returns the message for a live domain.
   *
   * @param domain the domain
   */
  public static ErrorMessageFactory shouldBeFreed(IommuDomain domain) {
    return new ShouldBeFreed(domain);
  }

  private ShouldBeFreed(IommuDomain domain) {
    super("%nExpecting domain %s to be freed with iommu_domain_free()%nbut it is live"
        + " (allocated by %s)%s",
        domain, text(domain.origin()), text(domain.isStatic()
            ? "; it is a static driver domain, which is never freed" : "."));
  }
}
