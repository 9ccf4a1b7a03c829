package org.iommunit.assertj;

import org.iommunit.core.IommuDomain;
import org.jspecify.annotations.Nullable;

/**
 * Assertions on an IOMMU domain; see {@link AbstractDomainAssert}. Obtain one from {@link
 * IommuAssertions#assertThat(IommuDomain)}. Not final: soft assertions subclass it.
 */
public class DomainAssert extends AbstractDomainAssert<DomainAssert> {

  /**
   * Creates an assertion on a domain; prefer {@link IommuAssertions#assertThat(IommuDomain)}.
   *
   * @param actual the domain; null fails every check
   */
  public DomainAssert(@Nullable IommuDomain actual) {
    super(actual, DomainAssert.class);
  }
}
