package org.iommunit.assertj;

import org.iommunit.sva.SvaHandle;
import org.jspecify.annotations.Nullable;

/**
 * Assertions on an SVA bind handle; see {@link AbstractSvaHandleAssert}. Obtain one from {@link
 * IommuAssertions#assertThat(SvaHandle)}. Not final: soft assertions subclass it.
 */
public class SvaHandleAssert extends AbstractSvaHandleAssert<SvaHandleAssert> {

  /**
   * Creates an assertion on an SVA handle; prefer {@link IommuAssertions#assertThat(SvaHandle)}.
   *
   * @param actual the handle; null fails every check
   */
  public SvaHandleAssert(@Nullable SvaHandle actual) {
    super(actual, SvaHandleAssert.class);
  }
}
