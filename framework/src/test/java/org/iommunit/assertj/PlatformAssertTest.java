package org.iommunit.assertj;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iommunit.assertj.IommuAssertions.assertThat;

import org.iommunit.core.DmaOwner;
import org.iommunit.core.IommuCore;
import org.iommunit.core.IommuDomain;
import org.iommunit.device.Driver;
import org.junit.jupiter.api.Test;

class PlatformAssertTest {
  private final Card card = new Card();
  private final IommuCore iommu = card.iommu;

  @Test
  void satisfiesInvariants_ownershipRoundTrip_passes() {
    iommu.groupClaimDmaOwner(card.group, DmaOwner.user("vfio#1"));
    iommu.attachGroup(iommu.pagingDomainAlloc(card.fn0), card.group);

    assertThat(card.platform).satisfiesInvariants();
  }

  @Test
  void satisfiesInvariants_attachUnderDmaApiDriverThenFree_failsListingEveryViolation() {
    card.platform.bindDriver(card.fn1, Driver.dmaApi("snd_hda_intel"));
    IommuDomain domain = iommu.pagingDomainAlloc(card.fn0);
    iommu.attachGroup(domain, card.group);
    iommu.domainFree(domain);

    AssertionError e = Failed.assertion(() -> assertThat(card.platform).satisfiesInvariants());

    assertThat(e).hasMessage(Failed.message(
        "%nExpecting the IOMMU model to satisfy every invariant%nbut"
        + " 2 are broken:%n  DMA_API_DRIVER_IN_DEFAULT_DOMAIN 0000:03:00.1: 0000:03:00.1 is bound"
        + " to DMA-API driver snd_hda_intel but group G1 is in D3:UNMANAGED, not its default"
        + " domain D2:DMA: its dma_map_*() mappings are not in force%n  NO_FREED_DOMAIN_IN_USE G1:"
        + " group G1 still uses D3:UNMANAGED, which was freed with iommu_domain_free()"));
  }

  @Test
  void satisfiesInvariants_deviceLeftBehind_failsWithOneViolation() {
    card.strandFn1();

    AssertionError e = Failed.assertion(() -> assertThat(card.platform).satisfiesInvariants());

    assertThat(e).hasMessage(Failed.message(
        "%nExpecting the IOMMU model to satisfy every invariant%nbut"
        + " 1 is broken:%n  HARDWARE_MATCHES_GROUP_DOMAIN 0000:03:00.1: the hardware of"
        + " 0000:03:00.1 is attached to D3:UNMANAGED but group G1 is in D2:DMA"));
  }

  @Test
  void hasNoWarnings_afterBoot_passes() {
    assertThat(card.platform).hasNoWarnings();
  }

  @Test
  void hasNoWarnings_failedNofailDetach_failsListingTheWarnOn() {
    card.strandFn1();

    AssertionError e = Failed.assertion(() -> assertThat(card.platform).hasNoWarnings());

    assertThat(e).hasMessage(Failed.message("%nExpecting no WARN_ON in the kernel log%nbut 1 was"
        + " recorded:%n  #1 __iommu_group_set_core_domain: could not move group G1 to D2:DMA:"
        + " attach_dev() = -EIO: the test refuses 0000:03:00.1%nA WARN_ON is the kernel"
        + " reporting a caller bug or an impossible state."));
  }
}
