package org.iommunit.assertj;

import org.iommunit.iommufd.Iommufd;
import org.jspecify.annotations.Nullable;

/**
 * Assertions on an iommufd context; see {@link AbstractIommufdAssert}. Obtain one from {@link
 * IommuAssertions#assertThat(Iommufd)}. Not final: soft assertions subclass it.
 */
public class IommufdAssert extends AbstractIommufdAssert<IommufdAssert> {

  /**
   * Creates an assertion on an iommufd context; prefer {@link
   * IommuAssertions#assertThat(Iommufd)}.
   *
   * @param actual the context; null fails every check
   */
  public IommufdAssert(@Nullable Iommufd actual) {
    super(actual, IommufdAssert.class);
  }
}
