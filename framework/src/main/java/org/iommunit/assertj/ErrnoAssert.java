package org.iommunit.assertj;

import org.jspecify.annotations.Nullable;

/**
 * Assertions on the outcome of one call into the model; see {@link AbstractErrnoAssert}. Obtain
 * one from {@link IommuAssertions#assertThatIommu}. Not final: soft assertions subclass it.
 */
public class ErrnoAssert extends AbstractErrnoAssert<ErrnoAssert> {

  /**
   * Creates an assertion on a call's outcome; prefer {@link IommuAssertions#assertThatIommu}.
   *
   * @param actual the outcome; null fails every check
   */
  public ErrnoAssert(@Nullable IommuCall actual) {
    super(actual, ErrnoAssert.class);
  }
}
