package com.example;

import org.iommunit.assertj.IommuSoftAssertions;
import org.iommunit.core.DmaOwner;
import org.iommunit.core.Group;
import org.iommunit.core.IommuCore;
import org.iommunit.junit.IommuGroup;
import org.iommunit.junit.SimulatedIommu;
import org.iommunit.platform.Platform;
import org.junit.jupiter.api.Test;

/**
 * Soft assertions: AssertJ builds their proxies with ByteBuddy, which keeps off sun.misc.Unsafe
 * (and JDK 23+'s warning about it) under the argLine's -Dnet.bytebuddy.safe=true.
 */
@SimulatedIommu(platform = "multifunction-card-without-acs")
class SoftAssertionsTest {
  @Test
  void groupClaimDmaOwner_freeGroup_blocksIt(
      @IommuGroup(devices = {"fn0", "fn1", "fn2"}) Group group, IommuCore iommu,
      Platform platform) {
    IommuSoftAssertions softly = new IommuSoftAssertions();

    iommu.groupClaimDmaOwner(group, DmaOwner.user("vfio#1"));

    softly.assertThat(group).isBlocked().hasOwnerCount(1);
    softly.assertThat(platform).satisfiesInvariants();
    iommu.groupReleaseDmaOwner(group);
    softly.assertAll();
  }
}
