package org.iommunit.samples.seeds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;
import static org.iommunit.base.Errno.EBUSY;
import static org.iommunit.base.Errno.EINVAL;
import static org.iommunit.base.Errno.EPERM;

import org.iommunit.assertj.IommuAssertions;
import org.iommunit.base.IommuException;
import org.iommunit.core.DevIommu;
import org.iommunit.core.DmaOwner;
import org.iommunit.core.Group;
import org.iommunit.core.GroupState;
import org.iommunit.core.Invariants;
import org.iommunit.core.IommuCore;
import org.iommunit.core.IommuDomain;
import org.iommunit.device.Device;
import org.iommunit.device.Driver;
import org.iommunit.junit.CompareSemantics;
import org.iommunit.junit.DeviceAt;
import org.iommunit.junit.GoldenTrace;
import org.iommunit.junit.SimulatedIommu;
import org.iommunit.platform.Platform;
import org.iommunit.semantics.Semantics;
import org.junit.jupiter.api.Nested;
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
 *
 * <p>The nested classes run the scenario under the thread's two proposals, named on {@code
 * @SimulatedIommu(semantics = ...)}: the v1 patch's {@code attach_cnt} ({@link
 * Semantics#ATTACH_DEVICE_ATTACH_CNT}) and the reviewer's rule keyed on the driver's "no kernel
 * DMA API" flag ({@link Semantics#ATTACH_DEVICE_NO_KERNEL_DMA_API}).
 */
@SimulatedIommu(platform = "multifunction-card-without-acs")
class MultiDeviceGroupAttachTest {

  @CompareSemantics({"MAINLINE", "ATTACH_DEVICE_ATTACH_CNT", "ATTACH_DEVICE_NO_KERNEL_DMA_API"})
  @GoldenTrace
  void attachDevice_siblingUsesDmaApi_refusedByMainlineMovedByBothProposals(
      @DeviceAt("fn0") Device fn0, @DeviceAt("fn1") Device fn1, Platform platform,
      IommuCore iommu) {
    // The diff: MAINLINE refuses with -EINVAL; the attach_cnt rule and the no-kernel-DMA-API
    // rule (fn0 has no driver bound) both move the group under the audio driver of fn1.
    platform.bindDriver(fn1, Driver.dmaApi("snd_hda_intel"));
    IommuDomain domain = iommu.pagingDomainAlloc(fn0);

    boolean attached = true;
    try {
      iommu.attachDevice(domain, fn0);
    } catch (IommuException e) {
      assertThat(e.errno()).isEqualTo(EINVAL);
      attached = false;
    }

    assertThat(attached).isEqualTo(iommu.semantics() != Semantics.MAINLINE);
    if (attached) {
      iommu.detachDevice(domain, fn0);
    }
    iommu.domainFree(domain);
    platform.unbindDriver(fn1);
    IommuAssertions.assertThat(platform).satisfiesInvariants();
  }

  @Test
  @GoldenTrace
  void attachDevice_multiDeviceGroup_failsWithEinvalAndMovesNothing(@DeviceAt("fn0") Device fn0,
      IommuCore iommu) {
    Group group = Group.of(fn0);
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
    Group group = Group.of(fn0);
    iommu.groupClaimDmaOwner(group, DmaOwner.user("vfio#1"));
    IommuDomain domain = iommu.pagingDomainAlloc(fn0);

    iommu.attachGroup(domain, group);

    assertThat(group.devices()).allSatisfy(d -> assertThat(DevIommu.of(d).hwDomain())
        .isSameAs(domain));
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
    Group group = Group.of(fn0);
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
        () -> iommu.groupClaimDmaOwner(Group.of(fn0), DmaOwner.user("vfio#1")));

    assertThat(e.errno()).isEqualTo(EPERM);
  }

  @Test
  void bindDriver_dmaApiDriverWhileGroupOwned_failsWithEbusy(@DeviceAt("fn0") Device fn0,
      @DeviceAt("fn2") Device fn2, Platform platform, IommuCore iommu) {
    iommu.groupClaimDmaOwner(Group.of(fn0), DmaOwner.user("vfio#1"));

    IommuException e = catchThrowableOfType(IommuException.class,
        () -> platform.bindDriver(fn2, Driver.dmaApi("igb")));

    assertThat(e.errno()).isEqualTo(EBUSY);
    iommu.groupReleaseDmaOwner(Group.of(fn0));
  }

  @Test
  void attachDevice_siblingUsesDmaApi_failsWithEinvalAndInvariantsHold(
      @DeviceAt("fn0") Device fn0, @DeviceAt("fn1") Device fn1, Platform platform,
      IommuCore iommu) {
    platform.bindDriver(fn1, Driver.dmaApi("snd_hda_intel"));
    platform.bindDriver(fn0, Driver.dmaApi("gpu"));
    IommuDomain domain = iommu.pagingDomainAlloc(fn0);

    IommuException e = catchThrowableOfType(IommuException.class,
        () -> iommu.attachDevice(domain, fn0));

    assertThat(e.errno()).isEqualTo(EINVAL);
    assertThat(Group.of(fn0).domain()).isSameAs(Group.of(fn0).defaultDomain());
    IommuAssertions.assertThat(platform).satisfiesInvariants();
    iommu.domainFree(domain);
  }

  /** The v1 patch: {@code attach_cnt} beside {@code owner_cnt}; siblings are trusted to agree. */
  @Nested
  @SimulatedIommu(platform = "multifunction-card-without-acs",
      semantics = "ATTACH_DEVICE_ATTACH_CNT")
  class AttachCntProfile {

    @Test
    void attachDevice_siblingUsesDmaApi_succeedsAndBreaksSiblingsDmaApi(
        @DeviceAt("fn0") Device fn0, @DeviceAt("fn1") Device fn1, Platform platform,
        IommuCore iommu) {
      // The known flaw: nothing checks that fn1's DMA-API driver agreed to leave its domain.
      platform.bindDriver(fn1, Driver.dmaApi("snd_hda_intel"));
      platform.bindDriver(fn0, Driver.dmaApi("gpu"));
      IommuDomain domain = iommu.pagingDomainAlloc(fn0);

      iommu.attachDevice(domain, fn0);

      assertThat(Group.of(fn0).domain()).isSameAs(domain);
      assertThat(Group.of(fn0).ownerCount()).isEqualTo(2);
      assertThat(Invariants.check(iommu)).extracting(Invariants.Violation::rule,
          Invariants.Violation::subject).containsExactly(tuple(
              Invariants.Rule.DMA_API_DRIVER_IN_DEFAULT_DOMAIN, fn1.name()));
      assertThatThrownBy(() -> IommuAssertions.assertThat(platform).satisfiesInvariants())
          .hasMessageContaining("DMA_API_DRIVER_IN_DEFAULT_DOMAIN");
      iommu.detachDevice(domain, fn0); // the last attach_cnt user restores the default domain
      iommu.domainFree(domain);
    }

    @Test
    void attachDevice_twoDevicesSameDomain_countsBothAndLastDetachRestoresDefault(
        @DeviceAt("fn0") Device fn0, @DeviceAt("fn1") Device fn1, Platform platform,
        IommuCore iommu) {
      Group group = Group.of(fn0);
      IommuDomain domain = iommu.pagingDomainAlloc(fn0);
      iommu.attachDevice(domain, fn0);
      iommu.attachDevice(domain, fn1);

      iommu.detachDevice(domain, fn0);
      IommuDomain afterFirst = group.domain();
      iommu.detachDevice(domain, fn1);

      assertThat(afterFirst).isSameAs(domain);
      assertThat(group.domain()).isSameAs(group.defaultDomain());
      assertThat(platform.warnings()).isEmpty();
      iommu.domainFree(domain);
    }

    @Test
    void attachDevice_otherDomainWhileAttached_failsWithEbusy(@DeviceAt("fn0") Device fn0,
        @DeviceAt("fn1") Device fn1, IommuCore iommu) {
      IommuDomain first = iommu.pagingDomainAlloc(fn0);
      IommuDomain second = iommu.pagingDomainAlloc(fn1);
      iommu.attachDevice(first, fn0);
      GroupState before = Group.of(fn0).state();

      IommuException e = catchThrowableOfType(IommuException.class,
          () -> iommu.attachDevice(second, fn1));

      assertThat(e.errno()).isEqualTo(EBUSY);
      assertThat(Group.of(fn0).state()).isEqualTo(before);
      iommu.detachDevice(first, fn0);
      iommu.domainFree(first);
      iommu.domainFree(second);
    }

    @Test
    void attachDevice_afterDetachGroup_startsCountingAgain(@DeviceAt("fn0") Device fn0,
        @DeviceAt("fn1") Device fn1, IommuCore iommu) {
      Group group = Group.of(fn0);
      IommuDomain first = iommu.pagingDomainAlloc(fn0);
      iommu.attachDevice(first, fn0);
      iommu.detachGroup(first, group);
      IommuDomain second = iommu.pagingDomainAlloc(fn1);

      iommu.attachDevice(second, fn1);

      assertThat(group.domain()).isSameAs(second);
      iommu.detachDevice(second, fn1);
      iommu.domainFree(first);
      iommu.domainFree(second);
    }

    @Test
    void attachDevice_userOwnedGroup_failsWithEbusy(@DeviceAt("fn0") Device fn0,
        IommuCore iommu) {
      iommu.groupClaimDmaOwner(Group.of(fn0), DmaOwner.user("vfio#1"));
      IommuDomain domain = iommu.pagingDomainAlloc(fn0);

      IommuException e = catchThrowableOfType(IommuException.class,
          () -> iommu.attachDevice(domain, fn0));

      assertThat(e.errno()).isEqualTo(EBUSY);
      iommu.domainFree(domain);
      iommu.groupReleaseDmaOwner(Group.of(fn0));
    }
  }

  /** The reviewer's alternative: the caller's {@code driver_managed_dma} flag decides. */
  @Nested
  @SimulatedIommu(platform = "multifunction-card-without-acs",
      semantics = "ATTACH_DEVICE_NO_KERNEL_DMA_API")
  class NoKernelDmaApiProfile {

    @Test
    void attachDevice_dmaApiCallerWithDmaApiSibling_failsWithEbusy(@DeviceAt("fn0") Device fn0,
        @DeviceAt("fn1") Device fn1, Platform platform, IommuCore iommu) {
      platform.bindDriver(fn1, Driver.dmaApi("snd_hda_intel"));
      platform.bindDriver(fn0, Driver.dmaApi("gpu"));
      IommuDomain domain = iommu.pagingDomainAlloc(fn0);

      IommuException e = catchThrowableOfType(IommuException.class,
          () -> iommu.attachDevice(domain, fn0));

      assertThat(e.errno()).isEqualTo(EBUSY);
      IommuAssertions.assertThat(platform).satisfiesInvariants();
      iommu.domainFree(domain);
    }

    @Test
    void attachDevice_flaggedDriver_countsInOwnerCntAndBlocksDmaApiSibling(
        @DeviceAt("fn0") Device fn0, @DeviceAt("fn1") Device fn1, Platform platform,
        IommuCore iommu) {
      platform.bindDriver(fn0, Driver.driverManaged("gpu"));
      IommuDomain domain = iommu.pagingDomainAlloc(fn0);

      iommu.attachDevice(domain, fn0);
      IommuException e = catchThrowableOfType(IommuException.class,
          () -> platform.bindDriver(fn1, Driver.dmaApi("snd_hda_intel")));

      assertThat(Group.of(fn0).domain()).isSameAs(domain);
      assertThat(Group.of(fn0).ownerCount()).isEqualTo(1);
      assertThat(e.errno()).isEqualTo(EBUSY);
      IommuAssertions.assertThat(platform).satisfiesInvariants();
      iommu.detachDevice(domain, fn0);
      iommu.domainFree(domain);
    }

    @Test
    void detachDevice_lastFlaggedUser_restoresDefaultDomainAndOwnerCntZero(
        @DeviceAt("fn0") Device fn0, Platform platform, IommuCore iommu) {
      platform.bindDriver(fn0, Driver.driverManaged("gpu"));
      IommuDomain domain = iommu.pagingDomainAlloc(fn0);
      iommu.attachDevice(domain, fn0);

      iommu.detachDevice(domain, fn0);

      assertThat(Group.of(fn0).domain()).isSameAs(Group.of(fn0).defaultDomain());
      assertThat(Group.of(fn0).ownerCount()).isZero();
      IommuAssertions.assertThat(platform).satisfiesInvariants();
      iommu.domainFree(domain);
    }

    @Test
    void attachDevice_callerWithoutBoundDriver_succeedsAndBreaksSiblingsDmaApi(
        @DeviceAt("fn0") Device fn0, @DeviceAt("fn1") Device fn1, Platform platform,
        IommuCore iommu) {
      // The rule reads dev->driver: called outside the driver's life it takes the sibling's
      // owner_cnt for its own and moves the group (the locking question the thread left open).
      platform.bindDriver(fn1, Driver.dmaApi("snd_hda_intel"));
      IommuDomain domain = iommu.pagingDomainAlloc(fn0);

      iommu.attachDevice(domain, fn0);

      assertThat(Invariants.check(iommu)).extracting(Invariants.Violation::rule)
          .containsExactly(Invariants.Rule.DMA_API_DRIVER_IN_DEFAULT_DOMAIN);
      assertThatThrownBy(() -> IommuAssertions.assertThat(platform).satisfiesInvariants())
          .hasMessageContaining("DMA_API_DRIVER_IN_DEFAULT_DOMAIN");
      iommu.detachDevice(domain, fn0);
      iommu.domainFree(domain);
    }
  }
}
