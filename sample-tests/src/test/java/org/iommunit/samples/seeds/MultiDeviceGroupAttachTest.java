package org.iommunit.samples.seeds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;
import static org.iommunit.core.Errno.EBUSY;
import static org.iommunit.core.Errno.EINVAL;
import static org.iommunit.core.Errno.EPERM;

import org.iommunit.assertj.IommuAssertions;
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
import org.iommunit.semantics.Semantics;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * "iommu: Extend iommu_at[de]tach_device() for multi-device groups" (Jan 2022): may a driver
 * attach an unmanaged domain to one device of a multi-device group? Mainline kept {@code
 * iommu_attach_device()} for single-device groups; a multi-device group is handed to its user
 * with {@code iommu_group_claim_dma_owner()} and {@code iommu_attach_group()}. The nested classes
 * run the same scenarios under the two proposals of the thread: the v1 patch's {@code attach_cnt}
 * ({@link Semantics#ATTACH_DEVICE_ATTACH_CNT}) and the reviewer's rule keyed on the driver's "no
 * kernel DMA API" flag ({@link Semantics#ATTACH_DEVICE_NO_KERNEL_DMA_API}).
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

  @Test
  void attachDevice_siblingUsesDmaApi_failsWithEinvalAndInvariantsHold() {
    platform.bindDriver(platform.device("fn1"), Driver.dmaApi("snd_hda_intel"));
    platform.bindDriver(fn0, Driver.dmaApi("gpu"));
    IommuDomain domain = iommu.pagingDomainAlloc(fn0);

    IommuException e = catchThrowableOfType(IommuException.class,
        () -> iommu.attachDevice(domain, fn0));

    assertThat(e.errno()).isEqualTo(EINVAL);
    assertThat(group.domain()).isSameAs(group.defaultDomain());
    IommuAssertions.assertThat(platform).satisfiesInvariants();
  }

  /** The v1 patch: {@code attach_cnt} beside {@code owner_cnt}; siblings are trusted to agree. */
  @Nested
  class AttachCntProfile {
    private final Platform platform = Platforms.multifunctionCardWithoutAcs()
        .semantics(Semantics.ATTACH_DEVICE_ATTACH_CNT).build();
    private final IommuCore iommu = platform.iommu();
    private final Device fn0 = platform.device("fn0");
    private final Device fn1 = platform.device("fn1");
    private final Group group = fn0.group();

    @Test
    void attachDevice_siblingUsesDmaApi_succeedsAndBreaksSiblingsDmaApi() {
      // The known flaw: nothing checks that fn1's DMA-API driver agreed to leave the default domain.
      platform.bindDriver(fn1, Driver.dmaApi("snd_hda_intel"));
      platform.bindDriver(fn0, Driver.dmaApi("gpu"));
      IommuDomain domain = iommu.pagingDomainAlloc(fn0);

      iommu.attachDevice(domain, fn0);

      assertThat(group.domain()).isSameAs(domain);
      assertThat(group.ownerCount()).isEqualTo(2);
      assertThat(Invariants.check(iommu)).extracting(Invariants.Violation::rule,
          Invariants.Violation::subject).containsExactly(tuple(
              Invariants.Rule.DMA_API_DRIVER_IN_DEFAULT_DOMAIN, fn1.name()));
      assertThatThrownBy(() -> IommuAssertions.assertThat(platform).satisfiesInvariants())
          .hasMessageContaining("DMA_API_DRIVER_IN_DEFAULT_DOMAIN");
    }

    @Test
    void attachDevice_twoDevicesSameDomain_countsBothAndLastDetachRestoresDefault() {
      IommuDomain domain = iommu.pagingDomainAlloc(fn0);
      iommu.attachDevice(domain, fn0);
      iommu.attachDevice(domain, fn1);

      iommu.detachDevice(domain, fn0);
      IommuDomain afterFirst = group.domain();
      iommu.detachDevice(domain, fn1);

      assertThat(afterFirst).isSameAs(domain);
      assertThat(group.domain()).isSameAs(group.defaultDomain());
      assertThat(platform.warnings()).isEmpty();
    }

    @Test
    void attachDevice_otherDomainWhileAttached_failsWithEbusy() {
      iommu.attachDevice(iommu.pagingDomainAlloc(fn0), fn0);
      GroupState before = group.state();

      IommuException e = catchThrowableOfType(IommuException.class,
          () -> iommu.attachDevice(iommu.pagingDomainAlloc(fn1), fn1));

      assertThat(e.errno()).isEqualTo(EBUSY);
      assertThat(group.state()).isEqualTo(before);
    }

    @Test
    void attachDevice_afterDetachGroup_startsCountingAgain() {
      IommuDomain first = iommu.pagingDomainAlloc(fn0);
      iommu.attachDevice(first, fn0);
      iommu.detachGroup(first, group);
      IommuDomain second = iommu.pagingDomainAlloc(fn1);

      iommu.attachDevice(second, fn1);

      assertThat(group.domain()).isSameAs(second);
    }

    @Test
    void attachDevice_userOwnedGroup_failsWithEbusy() {
      iommu.groupClaimDmaOwner(group, DmaOwner.user("vfio#1"));

      IommuException e = catchThrowableOfType(IommuException.class,
          () -> iommu.attachDevice(iommu.pagingDomainAlloc(fn0), fn0));

      assertThat(e.errno()).isEqualTo(EBUSY);
    }
  }

  /** The reviewer's alternative: the caller's {@code driver_managed_dma} flag decides. */
  @Nested
  class NoKernelDmaApiProfile {
    private final Platform platform = Platforms.multifunctionCardWithoutAcs()
        .semantics(Semantics.ATTACH_DEVICE_NO_KERNEL_DMA_API).build();
    private final IommuCore iommu = platform.iommu();
    private final Device fn0 = platform.device("fn0");
    private final Device fn1 = platform.device("fn1");
    private final Group group = fn0.group();

    @Test
    void attachDevice_dmaApiCallerWithDmaApiSibling_failsWithEbusy() {
      platform.bindDriver(fn1, Driver.dmaApi("snd_hda_intel"));
      platform.bindDriver(fn0, Driver.dmaApi("gpu"));

      IommuException e = catchThrowableOfType(IommuException.class,
          () -> iommu.attachDevice(iommu.pagingDomainAlloc(fn0), fn0));

      assertThat(e.errno()).isEqualTo(EBUSY);
      IommuAssertions.assertThat(platform).satisfiesInvariants();
    }

    @Test
    void attachDevice_flaggedDriver_countsInOwnerCntAndBlocksDmaApiSibling() {
      platform.bindDriver(fn0, Driver.driverManaged("gpu"));
      IommuDomain domain = iommu.pagingDomainAlloc(fn0);

      iommu.attachDevice(domain, fn0);
      IommuException e = catchThrowableOfType(IommuException.class,
          () -> platform.bindDriver(fn1, Driver.dmaApi("snd_hda_intel")));

      assertThat(group.domain()).isSameAs(domain);
      assertThat(group.ownerCount()).isEqualTo(1);
      assertThat(e.errno()).isEqualTo(EBUSY);
      IommuAssertions.assertThat(platform).satisfiesInvariants();
    }

    @Test
    void detachDevice_lastFlaggedUser_restoresDefaultDomainAndOwnerCntZero() {
      platform.bindDriver(fn0, Driver.driverManaged("gpu"));
      IommuDomain domain = iommu.pagingDomainAlloc(fn0);
      iommu.attachDevice(domain, fn0);

      iommu.detachDevice(domain, fn0);

      assertThat(group.domain()).isSameAs(group.defaultDomain());
      assertThat(group.ownerCount()).isZero();
      IommuAssertions.assertThat(platform).satisfiesInvariants();
    }

    @Test
    void attachDevice_callerWithoutBoundDriver_succeedsAndBreaksSiblingsDmaApi() {
      // The rule reads dev->driver: called outside the driver's life it takes the sibling's
      // owner_cnt for its own and moves the group (the locking question the thread left open).
      platform.bindDriver(fn1, Driver.dmaApi("snd_hda_intel"));

      iommu.attachDevice(iommu.pagingDomainAlloc(fn0), fn0);

      assertThat(Invariants.check(iommu)).extracting(Invariants.Violation::rule)
          .containsExactly(Invariants.Rule.DMA_API_DRIVER_IN_DEFAULT_DOMAIN);
      assertThatThrownBy(() -> IommuAssertions.assertThat(platform).satisfiesInvariants())
          .hasMessageContaining("DMA_API_DRIVER_IN_DEFAULT_DOMAIN");
    }
  }
}
