package org.iommunit.assertj;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iommunit.assertj.IommuAssertions.assertThat;

import org.iommunit.core.AttachHandle;
import org.iommunit.core.DmaOwner;
import org.iommunit.core.Group;
import org.iommunit.core.IommuCore;
import org.iommunit.core.IommuDomain;
import org.iommunit.device.Device;
import org.iommunit.device.Driver;
import org.iommunit.platform.Platform;
import org.iommunit.platform.Platforms;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

class GroupAssertTest {
  private static final DmaOwner.User VFIO = DmaOwner.user("vfio#1");

  private final Card card = new Card();
  private final IommuCore iommu = card.iommu;
  private final Group group = card.group;

  @Test
  void hasDevices_sameDevicesInOtherOrder_passes() {
    assertThat(group).hasDevices(card.fn2, card.fn0, card.fn1);
  }

  @Test
  void hasDevices_otherDevices_failsNamingMissingAndUnexpected() {
    AssertionFailedError e = Failed.comparison(
        () -> assertThat(group).hasDevices(card.fn0, card.port));

    assertThat(e).hasMessage(Failed.message("%nExpecting group G1 to hold exactly the devices"
        + " (in any order):%n  [0000:03:00.0, 0000:00:1d.0]%nbut it holds:%n"
        + "  [0000:03:00.0, 0000:03:00.1, 0000:03:00.2]%nmissing: [0000:00:1d.0], unexpected:"
        + " [0000:03:00.1, 0000:03:00.2]%nA group holds the devices the IOMMU cannot isolate"
        + " from each other."));
    assertThat(e.getExpected().getStringRepresentation())
        .isEqualTo("[0000:03:00.0, 0000:00:1d.0]");
    assertThat(e.getActual().getStringRepresentation())
        .isEqualTo("[0000:03:00.0, 0000:03:00.1, 0000:03:00.2]");
  }

  @Test
  void containsDevices_subset_passes() {
    assertThat(group).containsDevices(card.fn1);
  }

  @Test
  void containsDevices_deviceOfAnotherGroup_failsNamingIt() {
    AssertionError e = Failed.assertion(
        () -> assertThat(group).containsDevices(card.fn1, card.port));

    assertThat(e).hasMessage(Failed.message("%nExpecting group G1 to contain the devices:%n"
        + "  [0000:03:00.1, 0000:00:1d.0]%nbut it lacks:%n  [0000:00:1d.0]%nIt holds:%n"
        + "  [0000:03:00.0, 0000:03:00.1, 0000:03:00.2]"));
  }

  @Test
  void isInDefaultDomain_afterBoot_passes() {
    assertThat(group).isInDefaultDomain();
  }

  @Test
  void isInDefaultDomain_userAttachedDomain_failsNamingBothDomains() {
    iommu.groupClaimDmaOwner(group, VFIO);
    IommuDomain domain = iommu.pagingDomainAlloc(card.fn0);
    iommu.attachGroup(domain, group);

    AssertionFailedError e = Failed.comparison(() -> assertThat(group).isInDefaultDomain());

    assertThat(e).hasMessage(Failed.message(
        "%nExpecting group G1 to be in its default domain D2:DMA"
        + "%nbut it is in D4:UNMANAGED (owner USER(vfio#1), owner_cnt 1).%nA group returns to its"
        + " default domain when its user detaches its domain or releases DMA ownership."));
    assertThat(e.getExpected().getStringRepresentation()).isEqualTo("D2:DMA");
    assertThat(e.getActual().getStringRepresentation()).isEqualTo("D4:UNMANAGED");
  }

  @Test
  void isBlocked_afterOwnershipClaim_passes() {
    iommu.groupClaimDmaOwner(group, VFIO);

    assertThat(group).isBlocked();
  }

  @Test
  void isBlocked_inDefaultDomain_failsNamingDomainAndOwner() {
    AssertionError e = Failed.assertion(() -> assertThat(group).isBlocked());

    assertThat(e).hasMessage(Failed.message("%nExpecting group G1 to block DMA (be in its blocking"
        + " domain (none) or a BLOCKED domain)%nbut it is in D2:DMA (owner NONE, owner_cnt 0).%nA"
        + " DMA ownership claim moves the group to its blocking domain until the owner attaches"
        + " its own."));
  }

  @Test
  void hasDomain_attachedDomain_passes() {
    IommuDomain domain = iommu.pagingDomainAlloc(card.fn0);
    iommu.attachGroup(domain, group);

    assertThat(group).hasDomain(domain);
  }

  @Test
  void hasDomain_otherDomain_failsWithExpectedAndActual() {
    IommuDomain domain = iommu.pagingDomainAlloc(card.fn0);

    AssertionFailedError e = Failed.comparison(() -> assertThat(group).hasDomain(domain));

    assertThat(e).hasMessage(Failed.message("%nExpecting group G1 to be in domain:%n  D3:UNMANAGED"
        + "%nbut it is in:%n  D2:DMA%n(default domain D2:DMA, blocking domain (none), owner"
        + " NONE)"));
    assertThat(e.getExpected().getStringRepresentation()).isEqualTo("D3:UNMANAGED");
    assertThat(e.getActual().getStringRepresentation()).isEqualTo("D2:DMA");
  }

  @Test
  void isOwnedBy_claimingUser_passes() {
    iommu.groupClaimDmaOwner(group, VFIO);

    assertThat(group).isOwnedBy(DmaOwner.user("vfio#1"));
  }

  @Test
  void isOwnedBy_kernelDriverBound_failsNamingOwnerAndCount() {
    card.platform.bindDriver(card.fn1, Driver.dmaApi("snd_hda_intel"));

    AssertionFailedError e = Failed.comparison(() -> assertThat(group).isOwnedBy(VFIO));

    assertThat(e).hasMessage(Failed.message("%nExpecting group G1 to be owned by:%n  USER(vfio#1)"
        + "%nbut it is owned by:%n  KERNEL (owner_cnt 1, domain D2:DMA)%nA group has one DMA"
        + " owner at a time: iommu_group_claim_dma_owner() fails with EPERM while owner_cnt"
        + " > 0."));
    assertThat(e.getExpected().getStringRepresentation()).isEqualTo("USER(vfio#1)");
    assertThat(e.getActual().getStringRepresentation()).isEqualTo("KERNEL");
  }

  @Test
  void isNotOwned_afterRelease_passes() {
    iommu.groupClaimDmaOwner(group, VFIO);
    iommu.groupReleaseDmaOwner(group);

    assertThat(group).isNotOwned();
  }

  @Test
  void isNotOwned_userOwned_failsNamingOwner() {
    iommu.groupClaimDmaOwner(group, VFIO);

    AssertionError e = Failed.assertion(() -> assertThat(group).isNotOwned());

    assertThat(e).hasMessage(Failed.message(
        "%nExpecting group G1 to have no DMA owner%nbut it is owned"
        + " by USER(vfio#1) with owner_cnt 1 (domain D3:BLOCKED).%nowner_cnt counts bound DMA-API"
        + " drivers and ownership claims; the group is free when the last one is released."));
  }

  @Test
  void hasOwnerCount_twoDmaApiDrivers_passes() {
    card.platform.bindDriver(card.fn0, Driver.dmaApi("igb"));
    card.platform.bindDriver(card.fn1, Driver.dmaApi("igb"));

    assertThat(group).hasOwnerCount(2);
  }

  @Test
  void hasOwnerCount_otherCount_failsWithExpectedAndActual() {
    card.platform.bindDriver(card.fn0, Driver.dmaApi("igb"));

    AssertionFailedError e = Failed.comparison(() -> assertThat(group).hasOwnerCount(0));

    assertThat(e).hasMessage(Failed.message("%nExpecting group G1 to have owner_cnt 0%nbut it has"
        + " owner_cnt 1 (owner KERNEL, devices [0000:03:00.0, 0000:03:00.1, 0000:03:00.2]).%n"
        + "owner_cnt counts devices bound to DMA-API drivers (iommu_device_use_default_domain())"
        + " plus ownership claims."));
    assertThat(e.getExpected().getValue()).isEqualTo(0);
    assertThat(e.getActual().getValue()).isEqualTo(1);
  }

  @Test
  void hasPasidAttached_attachedPasid_passes() {
    Platform accel = Platforms.accelerator().build();
    Device acc0 = accel.device("acc0");
    IommuDomain domain = accel.iommu().pagingDomainAlloc(acc0);

    accel.iommu().attachDevicePasid(domain, acc0, 7, null);

    assertThat(Group.of(acc0)).hasPasidAttached(7, domain);
  }

  @Test
  void hasPasidAttached_throughAttachHandle_passes() {
    Platform accel = Platforms.accelerator().build();
    Device acc0 = accel.device("acc0");
    IommuDomain domain = accel.iommu().pagingDomainAlloc(acc0);

    accel.iommu().attachDevicePasid(domain, acc0, 3, new AttachHandle("iommufd-hwpt"));

    assertThat(Group.of(acc0)).hasPasidAttached(3, domain);
  }

  @Test
  void hasPasidAttached_otherPasid_failsShowingPasidArray() {
    Platform accel = Platforms.accelerator().build();
    Device acc0 = accel.device("acc0");
    IommuDomain domain = accel.iommu().pagingDomainAlloc(acc0);
    accel.iommu().attachDevicePasid(domain, acc0, 7, null);

    AssertionFailedError e = Failed.comparison(
        () -> assertThat(Group.of(acc0)).hasPasidAttached(8, domain));

    assertThat(e).hasMessage(Failed.message(
        "%nExpecting PASID 8 of group G2 to hold:%n  D5:UNMANAGED"
        + "%nbut it holds:%n  (none)%nPASID array: {7=D5:UNMANAGED}"));
    assertThat(e.getActual().getStringRepresentation()).isEqualTo("null");
  }

  @Test
  void allDevicesShareDomain_afterAttach_passes() {
    iommu.attachGroup(iommu.pagingDomainAlloc(card.fn0), group);

    assertThat(group).allDevicesShareDomain();
  }

  @Test
  void allDevicesShareDomain_deviceLeftBehind_failsNamingIt() {
    card.strandFn1();

    AssertionError e = Failed.assertion(() -> assertThat(group).allDevicesShareDomain());

    assertThat(e).hasMessage(Failed.message("%nExpecting every device of group G1 to be attached in"
        + " hardware to the group's domain D2:DMA%nbut:%n  0000:03:00.1 is attached to"
        + " D3:UNMANAGED%nThe devices of a group share one domain: the core attaches each of them"
        + " whenever the group changes domain."));
  }

  @Test
  void assertThat_snapshotTakenAtEntry_ignoresLaterChanges() {
    GroupAssert before = assertThat(group);

    iommu.groupClaimDmaOwner(group, VFIO);

    before.isNotOwned().isInDefaultDomain();
  }

  @Test
  void isInDefaultDomain_withDescription_prefixesIt() {
    iommu.groupClaimDmaOwner(group, VFIO);

    AssertionError e = Failed.assertion(
        () -> assertThat(group).as("vfio group").isInDefaultDomain());

    assertThat(e.getMessage()).startsWith(Failed.message("[vfio group] %nExpecting group G1"));
  }

  @Test
  void isNotOwned_nullGroup_failsAsAssertJDoes() {
    AssertionError e = Failed.assertion(() -> assertThat((Group) null).isNotOwned());

    assertThat(e).hasMessage(Failed.message("%nExpecting actual not to be null"));
  }
}
