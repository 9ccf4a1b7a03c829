package org.iommunit.samples;

import static org.assertj.core.api.Assertions.assertThat;

import org.iommunit.core.DmaOwner;
import org.iommunit.core.Group;
import org.iommunit.core.IommuCore;
import org.iommunit.junit.AllowLeaks;
import org.iommunit.junit.IommuGroup;
import org.iommunit.junit.SimulatedIommu;
import org.junit.jupiter.api.Test;

/**
 * {@code @AllowLeaks}: a test that ends with a leak on purpose says why. This one shows what a
 * user driver that forgets {@code iommu_group_release_dma_owner()} leaves behind: nobody else can
 * claim the group.
 */
@SimulatedIommu
class AllowLeaksExampleTest {

  @Test
  @AllowLeaks(reason = "the buggy user never releases its claim, which is what this shows")
  void groupClaimDmaOwner_neverReleased_keepsTheGroupFromOthers(
      @IommuGroup(devices = "0000:01:00.0") Group group, IommuCore iommu) {
    iommu.groupClaimDmaOwner(group, DmaOwner.user("buggy#1"));

    assertThat(iommu.groupDmaOwnerClaimed(group)).isTrue();
    assertThat(group.owner()).isEqualTo(DmaOwner.user("buggy#1"));
  }
}
