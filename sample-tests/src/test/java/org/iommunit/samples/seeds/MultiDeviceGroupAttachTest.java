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
import org.iommunit.junit.DeviceAt;
import org.iommunit.junit.GoldenTrace;
import org.iommunit.junit.SimulatedIommu;
import org.iommunit.platform.Platform;
import org.junit.jupiter.api.Test;

/**
 * "iommu: Extend iommu_at[de]tach_device() for multi-device groups" (Jan 2022): may a driver
 * attach an unmanaged domain to one device of a multi-device group? Mainline kept {@code
 * iommu_attach_device()} for single-device groups; a multi-device group is handed to its user
 * with {@code iommu_group_claim_dma_owner()} and {@code iommu_attach_group()}.
 *
 * <p>Two tests pin their whole call sequence with {@code @GoldenTrace}: the golden files under
 * {@code src/test/resources/iommunit/MultiDeviceGroupAttachTest/} show, in kernel words, that the
 * refused attach reaches no driver and that the owned group moves as one.
 */
@SimulatedIommu(platform = "multifunction-card-without-acs")
class MultiDeviceGroupAttachTest {

  @Test
  @GoldenTrace
  void attachDevice_multiDeviceGroup_failsWithEinvalAndMovesNothing(@DeviceAt("fn0") Device fn0,
      IommuCore iommu) {
    Group group = fn0.group();
    IommuDomain domain = iommu.pagingDomainAlloc(fn0);
    GroupState before = group.state();

    IommuException e = catchThrowableOfType(IommuException.class,
        () -> iommu.attachDevice(domain, fn0));

    assertThat(e.errno()).isEqualTo(EINVAL);
    assertThat(group.state()).isEqualTo(before);
    iommu.domainFree(domain);
  }

  @Test
  @GoldenTrace
  void attachGroup_afterUserClaimsGroup_movesEveryDevice(@DeviceAt("fn0") Device fn0,
      IommuCore iommu) {
    Group group = fn0.group();
    iommu.groupClaimDmaOwner(group, DmaOwner.user("vfio#1"));
    IommuDomain domain = iommu.pagingDomainAlloc(fn0);

    iommu.attachGroup(domain, group);

    assertThat(group.devices()).allSatisfy(d -> assertThat(d.iommu().hwDomain()).isSameAs(domain));
    assertThat(Invariants.check(iommu)).isEmpty();
    iommu.detachGroup(domain, group);
    iommu.domainFree(domain);
    iommu.groupReleaseDmaOwner(group);
  }

  @Test
  void attachGroup_whileSiblingUsesDmaApi_succeedsButBreaksSiblingsDmaApi(
      @DeviceAt("fn0") Device fn0, @DeviceAt("fn1") Device fn1, Platform platform,
      IommuCore iommu) {
    // The hazard the thread debated: attach does not check ownership, so only the invariant
    // checker notices that fn1's DMA-API driver lost its default domain.
    Group group = fn0.group();
    platform.bindDriver(fn1, Driver.dmaApi("snd_hda_intel"));
    IommuDomain domain = iommu.pagingDomainAlloc(fn0);

    iommu.attachGroup(domain, group);

    assertThat(Invariants.check(iommu)).extracting(Invariants.Violation::rule)
        .containsExactly(Invariants.Rule.DMA_API_DRIVER_IN_DEFAULT_DOMAIN);
    iommu.detachGroup(domain, group); // back to the default domain: the invariant holds again
    iommu.domainFree(domain);
  }

  @Test
  void groupClaimDmaOwner_whileSiblingUsesDmaApi_failsWithEperm(@DeviceAt("fn0") Device fn0,
      @DeviceAt("fn1") Device fn1, Platform platform, IommuCore iommu) {
    platform.bindDriver(fn1, Driver.dmaApi("snd_hda_intel"));

    IommuException e = catchThrowableOfType(IommuException.class,
        () -> iommu.groupClaimDmaOwner(fn0.group(), DmaOwner.user("vfio#1")));

    assertThat(e.errno()).isEqualTo(EPERM);
  }

  @Test
  void bindDriver_dmaApiDriverWhileGroupOwned_failsWithEbusy(@DeviceAt("fn0") Device fn0,
      @DeviceAt("fn2") Device fn2, Platform platform, IommuCore iommu) {
    iommu.groupClaimDmaOwner(fn0.group(), DmaOwner.user("vfio#1"));

    IommuException e = catchThrowableOfType(IommuException.class,
        () -> platform.bindDriver(fn2, Driver.dmaApi("igb")));

    assertThat(e.errno()).isEqualTo(EBUSY);
    iommu.groupReleaseDmaOwner(fn0.group());
  }
}
