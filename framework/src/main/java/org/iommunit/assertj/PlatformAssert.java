package org.iommunit.assertj;

import org.iommunit.platform.Platform;
import org.jspecify.annotations.Nullable;

/**
 * Assertions on a platform; see {@link AbstractPlatformAssert}. Obtain one from {@link
 * IommuAssertions#assertThat(Platform)}. Not final: soft assertions subclass it.
 */
public class PlatformAssert extends AbstractPlatformAssert<PlatformAssert> {

  /**
   * Creates an assertion on a platform; prefer {@link IommuAssertions#assertThat(Platform)}.
   *
   * @param actual the platform; null fails every check
   */
  public PlatformAssert(@Nullable Platform actual) {
    super(actual, PlatformAssert.class);
  }
}
