package org.iommunit.samples.seeds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.iommunit.core.Errno.EBUSY;
import static org.iommunit.core.Errno.EINVAL;
import static org.iommunit.core.Errno.EPERM;

import org.iommunit.core.DmaOwner;
import org.iommunit.core.Group;
import org.iommunit.core.GroupState;
import org.iommunit.core.IommuCore;
import org.iommunit.core.IommuDomain;
import org.iommunit.core.IommuException;
import org.iommunit.core.Invariants;
import org.iommunit.device.Device;
import org.iommunit.device.Driver;
import org.iommunit.platform.Platform;
import org.iommunit.platform.Platforms;
import org.junit.jupiter.api.Test;

/**
 * "iommu: Extend iommu_at[de]tach_device() for multi-device groups" (Jan 2022): may a driver
 * attach an unmanaged domain to one device of a multi-device group? Mainline kept {@code
 * iommu_attach_device()} for single-device groups; a multi-device group is handed to its user
 * with {@code iommu_group_claim_dma_owner()} and {@code iommu_attach_group()}.
 */
class MultiDeviceGroupAttachTest {
  private final Platform platform = Platforms.multifunctionCardWithoutAcs().build();
  private final IommuCore iommu = platform.iommu();
  private final Device fn0 = platform.device("fn0");
  private final Group group = fn0.group();

  @Test
  void attachDevice_multiDeviceGroup_failsWithEinvalAndMovesNothing() {
    IommuDomain domain = iommu.pagingDomainAlloc(fn0);
    GroupState before = group.state();

    IommuException e = catchThrowableOfType(IommuException.class,
        () -> iommu.attachDevice(domain, fn0));

    assertThat(e.errno()).isEqualTo(EINVAL);
    assertThat(group.state()).isEqualTo(before);
  }

  @Test
  void attachGroup_afterUserClaimsGroup_movesEveryDevice() {
    iommu.groupClaimDmaOwner(group, DmaOwner.user("vfio#1"));
    IommuDomain domain = iommu.pagingDomainAlloc(fn0);

    iommu.attachGroup(domain, group);

    assertThat(group.devices()).allSatisfy(d -> assertThat(d.iommu().hwDomain()).isSameAs(domain));
    assertThat(Invariants.check(iommu)).isEmpty();
  }

  @Test
  void attachGroup_whileSiblingUsesDmaApi_succeedsButBreaksSiblingsDmaApi() {
    // The hazard the thread debated: attach does not check ownership, so only the invariant
    // checker notices that fn1's DMA-API driver lost its default domain.
    platform.bindDriver(platform.device("fn1"), Driver.dmaApi("snd_hda_intel"));
    IommuDomain domain = iommu.pagingDomainAlloc(fn0);

    iommu.attachGroup(domain, group);

    assertThat(Invariants.check(iommu)).extracting(Invariants.Violation::rule)
        .containsExactly(Invariants.Rule.DMA_API_DRIVER_IN_DEFAULT_DOMAIN);
  }

  @Test
  void groupClaimDmaOwner_whileSiblingUsesDmaApi_failsWithEperm() {
    platform.bindDriver(platform.device("fn1"), Driver.dmaApi("snd_hda_intel"));

    IommuException e = catchThrowableOfType(IommuException.class,
        () -> iommu.groupClaimDmaOwner(group, DmaOwner.user("vfio#1")));

    assertThat(e.errno()).isEqualTo(EPERM);
  }

  @Test
  void bindDriver_dmaApiDriverWhileGroupOwned_failsWithEbusy() {
    iommu.groupClaimDmaOwner(group, DmaOwner.user("vfio#1"));

    IommuException e = catchThrowableOfType(IommuException.class,
        () -> platform.bindDriver(platform.device("fn2"), Driver.dmaApi("igb")));

    assertThat(e.errno()).isEqualTo(EBUSY);
  }
}
