package org.iommunit.assertj.error;

import org.assertj.core.error.ErrorMessageFactory;
import org.iommunit.core.DmaOwner;
import org.iommunit.core.GroupState;

/** The group's DMA owner is not the expected one. */
public final class ShouldBeOwnedBy extends IommuMessageFactory {

  /**
   * Returns the message for a group owned by someone other than {@code expected}.
   *
   * @param state the group, as the assertion read it
   * @param expected the owner the group should have
   */
  public static ErrorMessageFactory shouldBeOwnedBy(GroupState state, DmaOwner expected) {
    return new ShouldBeOwnedBy(state, expected);
  }

  private ShouldBeOwnedBy(GroupState state, DmaOwner expected) {
    super("%nExpecting group %s to be owned by:%n  %s%nbut it is owned by:%n  %s"
        + " (owner_cnt %s, domain %s)%nA group has one DMA owner at a time:"
        + " iommu_group_claim_dma_owner() fails with EPERM while owner_cnt > 0.",
        state.group(), expected, state.owner(), state.ownerCount(), orNone(state.domain()));
  }
}
