package org.iommunit.assertj;

import org.iommunit.iotlb.Iotlb;
import org.jspecify.annotations.Nullable;

/**
 * Assertions on an IOTLB; see {@link AbstractIotlbAssert}. Obtain one from {@link
 * IommuAssertions#assertThat(Iotlb)}. Not final: soft assertions subclass it.
 */
public class IotlbAssert extends AbstractIotlbAssert<IotlbAssert> {

  /**
   * Creates an assertion on an IOTLB; prefer {@link IommuAssertions#assertThat(Iotlb)}.
   *
   * @param actual the IOTLB; null fails every check
   */
  public IotlbAssert(@Nullable Iotlb actual) {
    super(actual, IotlbAssert.class);
  }
}
