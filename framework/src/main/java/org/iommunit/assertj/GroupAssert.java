package org.iommunit.assertj;

import org.iommunit.core.GroupState;
import org.jspecify.annotations.Nullable;

/**
 * Assertions on an IOMMU group; see {@link AbstractGroupAssert}. Obtain one from {@link
 * IommuAssertions#assertThat(org.iommunit.core.Group)}. Not final: soft assertions subclass it.
 */
public class GroupAssert extends AbstractGroupAssert<GroupAssert> {

  /**
   * Creates an assertion on a group snapshot; prefer {@link IommuAssertions#assertThat(
   * org.iommunit.core.Group)}.
   *
   * @param actual the snapshot, e.g. {@code group.state()}; null fails every check
   */
  public GroupAssert(@Nullable GroupState actual) {
    super(actual, GroupAssert.class);
  }
}
