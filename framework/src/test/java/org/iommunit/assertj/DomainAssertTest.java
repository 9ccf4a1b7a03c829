package org.iommunit.assertj;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.iommunit.assertj.IommuAssertions.assertThat;

import org.iommunit.base.Prot;
import org.iommunit.core.DmaOwner;
import org.iommunit.core.DomainType;
import org.iommunit.core.IommuCore;
import org.iommunit.core.IommuDomain;
import org.iommunit.platform.Platform;
import org.iommunit.platform.Platforms;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

class DomainAssertTest {
  private final Card card = new Card();
  private final IommuCore iommu = card.iommu;
  private final IommuDomain domain = iommu.pagingDomainAlloc(card.fn0); // D3:UNMANAGED

  DomainAssertTest() {
    iommu.map(domain, 0x1000, 0x8000_0000L, 0x2000, Prot.READ | Prot.WRITE);
  }

  @Test
  void hasType_pagingDomainAlloc_passesForUnmanaged() {
    assertThat(domain).hasType(DomainType.UNMANAGED);
  }

  @Test
  void hasType_otherType_failsNamingAllocator() {
    AssertionFailedError e = Failed.comparison(
        () -> assertThat(domain).hasType(DomainType.DMA));

    assertThat(e).hasMessage(Failed.message("%nExpecting domain D3:UNMANAGED to have type:%n  DMA"
        + "%nbut it has type:%n  UNMANAGED%n(allocated by iommu_paging_domain_alloc_flags)"));
    assertThat(e.getExpected().getStringRepresentation()).isEqualTo("DMA");
    assertThat(e.getActual().getStringRepresentation()).isEqualTo("UNMANAGED");
  }

  @Test
  void maps_mappedIova_translatesWithOffset() {
    assertThat(domain).maps(0x1abc).to(0x8000_0abcL);
  }

  @Test
  void maps_unmappedIova_failsNamingIovaToPhys() {
    AssertionError e = Failed.assertion(() -> assertThat(domain).maps(0x5000));

    assertThat(e).hasMessage(Failed.message(
        "%nExpecting domain D3:UNMANAGED to map IOVA 0x5000%nbut"
        + " iommu_iova_to_phys() finds no mapping there."));
  }

  @Test
  void to_otherPhysicalAddress_failsWithExpectedAndActualInHex() {
    AssertionFailedError e = Failed.comparison(
        () -> assertThat(domain).maps(0x2000).to(0x8000_0000L));

    assertThat(e).hasMessage(Failed.message("%nExpecting IOVA 0x2000 of domain D3:UNMANAGED to"
        + " translate to:%n  0x80000000%nbut it translates to:%n  0x80001000%n"
        + "iova 0x2000 -> 0x80001000 (4K page, RWXU, level 3, desc 0x0000000080001e43)"));
    assertThat(e.getExpected().getValue()).isEqualTo("0x80000000");
    assertThat(e.getActual().getValue()).isEqualTo("0x80001000");
  }

  @Test
  void maps_identityDomain_translatesEveryIovaToItself() {
    Platform passthrough = Platforms.multifunctionCardWithoutAcs().passthrough(true).build();
    IommuDomain identity = passthrough.group("fn0").defaultDomain();

    assertThat(identity).hasType(DomainType.IDENTITY).maps(0x1234_5000L).to(0x1234_5000L);
  }

  @Test
  void hasNoMappingAt_unmappedIova_passes() {
    iommu.unmap(domain, 0x2000, 0x1000);

    assertThat(domain).hasNoMappingAt(0x2000).hasNoMappingAt(0x0);
  }

  @Test
  void hasNoMappingAt_mappedIova_failsNamingTranslation() {
    AssertionError e = Failed.assertion(() -> assertThat(domain).hasNoMappingAt(0x1000));

    assertThat(e).hasMessage(Failed.message("%nExpecting domain D3:UNMANAGED to have no mapping at"
        + " IOVA 0x1000%nbut it translates to 0x80000000"));
  }

  @Test
  void hasNoMappingAt_identityDomain_failsExplainingIdentity() {
    Platform passthrough = Platforms.multifunctionCardWithoutAcs().passthrough(true).build();
    IommuDomain identity = passthrough.group("fn0").defaultDomain();

    AssertionError e = Failed.assertion(() -> assertThat(identity).hasNoMappingAt(0x1000));

    assertThat(e).hasMessage(Failed.message(
        "%nExpecting domain D1:IDENTITY to have no mapping at IOVA"
        + " 0x1000%nbut it translates to 0x1000:%n  an identity domain maps every IOVA to"
        + " itself"));
  }

  @Test
  void hasNoMappingAt_blockingDomain_passes() {
    iommu.groupClaimDmaOwner(card.group, DmaOwner.user("vfio#1"));

    assertThat(card.group.blockingDomain()).hasType(DomainType.BLOCKED).hasNoMappingAt(0x1000);
  }

  @Test
  void mapsRange_wholeMapping_passes() {
    assertThat(domain).mapsRange(0x1000, 0x8000_0000L, 0x2000).mapsRange(0x1800, 0x8000_0800L,
        0x1000);
  }

  @Test
  void mapsRange_shiftedAndTooLong_failsListingEachWrongPage() {
    AssertionError e = Failed.assertion(
        () -> assertThat(domain).mapsRange(0x1000, 0x8000_1000L, 0x3000));

    assertThat(e).hasMessage(Failed.message("%nExpecting domain D3:UNMANAGED to map IOVA [0x1000,"
        + " 0x4000) to [0x80001000, 0x80004000)%nbut:%n  IOVA 0x1000 translates to 0x80000000"
        + " instead of 0x80001000%n  IOVA 0x2000 translates to 0x80001000 instead of 0x80002000"
        + "%n  IOVA 0x3000 is not mapped"));
  }

  @Test
  void mapsRange_manyHoles_listsEightAndCountsTheRest() {
    AssertionError e = Failed.assertion(
        () -> assertThat(domain).mapsRange(0x10_0000, 0x10_0000, 0xa000));

    assertThat(e.getMessage()).contains(Failed.message("IOVA 0x107000 is not mapped%n  ... and 2"
        + " more"));
  }

  @Test
  void mapsRange_emptyRange_isRejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> assertThat(domain).mapsRange(0x1000, 0x8000_0000L, 0))
        .withMessage("mapsRange() needs a non-empty range below 2^64, got iova 0x1000 pa"
            + " 0x80000000 size 0x0");
  }

  @Test
  void hasAperture_referenceDriver_passesFor48Bits() {
    assertThat(domain).hasAperture(0, 0xffff_ffff_ffffL);
  }

  @Test
  void hasAperture_otherRange_failsWithBothRanges() {
    AssertionFailedError e = Failed.comparison(
        () -> assertThat(domain).hasAperture(0, 0xffff_ffffL));

    assertThat(e).hasMessage(Failed.message(
        "%nExpecting domain D3:UNMANAGED to have the aperture:%n"
        + "  [0x0, 0xffffffff]%nbut it has:%n  [0x0, 0xffffffffffff]%n(force_aperture true: DMA"
        + " outside the aperture is refused)"));
    assertThat(e.getExpected().getValue()).isEqualTo("[0x0, 0xffffffff]");
  }

  @Test
  void isFreed_afterDomainFree_passes() {
    iommu.domainFree(domain);

    assertThat(domain).isFreed();
  }

  @Test
  void isFreed_liveDomain_failsNamingAllocator() {
    AssertionError e = Failed.assertion(() -> assertThat(domain).isFreed());

    assertThat(e).hasMessage(Failed.message("%nExpecting domain D3:UNMANAGED to be freed with"
        + " iommu_domain_free()%nbut it is live (allocated by iommu_paging_domain_alloc_flags)."));
  }

  @Test
  void isNotFreed_liveDomain_passes() {
    assertThat(domain).isNotFreed();
  }

  @Test
  void isNotFreed_freedDomain_fails() {
    iommu.domainFree(domain);

    AssertionError e = Failed.assertion(() -> assertThat(domain).isNotFreed());

    assertThat(e).hasMessage(Failed.message("%nExpecting domain D3:UNMANAGED to be live%nbut it was"
        + " freed with iommu_domain_free() (allocated by iommu_paging_domain_alloc_flags)."));
  }

  @Test
  void hasUsers_twoDevicesBindSameMm_passesWithTwo() {
    Platform p = Platform.builder().pci(rc -> rc
        .integratedEndpoint("00:02.0", fn -> fn.pasids(1 << 20))
        .integratedEndpoint("00:03.0", fn -> fn.pasids(1 << 20))).build();
    org.iommunit.mm.Mm mm = p.sva().mmAlloc("proc1");
    org.iommunit.sva.SvaHandle a = p.sva().bindDevice(p.device("00:02.0"), mm);
    p.sva().bindDevice(p.device("00:03.0"), mm);

    assertThat(a.domain()).hasType(DomainType.SVA).hasUsers(2);
  }

  @Test
  void hasUsers_otherCount_failsWithBothCounts() {
    Platform p = Platform.builder().pci(rc -> rc
        .integratedEndpoint("00:02.0", fn -> fn.pasids(1 << 20))).build();
    IommuDomain sva = p.sva().bindDevice(p.device("00:02.0"), p.sva().mmAlloc("proc1")).domain();

    AssertionFailedError e = Failed.comparison(() -> assertThat(sva).hasUsers(2));

    assertThat(e).hasMessage(Failed.message("%nExpecting SVA domain " + sva + " to have 2"
        + " user(s)%nbut it has 1.%nAn SVA domain counts the device attachments sharing it"
        + " (domain->users): a bind that reuses the mm's domain for another device adds one, and"
        + " the domain is freed when the last one unbinds."));
  }

  @Test
  void maps_pagingDomain_checksPermissionsAndPageSizeOnTheHardwareWalk() {
    assertThat(domain).maps(0x1abc).to(0x8000_0abcL).withPermissions(Prot.READ, Prot.WRITE)
        .withPageSize(0x1000);
  }

  @Test
  void maps_pagingDomainOtherPermissions_failsComparingWalkPermissions() {
    AssertionFailedError e = Failed.comparison(() -> assertThat(domain).maps(0x1abc)
        .withPermissions(Prot.READ));

    assertThat(e).hasMessageContaining("page table of domain D3:UNMANAGED");
    assertThat(e.getActual().getStringRepresentation()).contains("W");
  }

  @Test
  void maps_identityDomainPageSize_failsForWantOfAPageTable() {
    Platform p = Platforms.desktop().passthrough(true).build();
    IommuDomain identity = p.group("nic").defaultDomain();

    AssertionError e = Failed.assertion(() -> assertThat(identity).maps(0x1000).to(0x1000)
        .withPageSize(0x1000));

    assertThat(e).hasMessage(Failed.message("%nExpecting domain " + identity + " to have a"
        + " hardware page table for withPageSize%nbut it has none (an identity or blocked domain,"
        + " or a driver that keeps its mappings in software); only its translation (to) can be"
        + " checked."));
  }
}
