package org.iommunit.assertj;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iommunit.assertj.IommuAssertions.assertThat;

import org.iommunit.base.Prot;
import org.iommunit.pgtable.IoPageTable;
import org.iommunit.pgtable.PageSizes;
import org.iommunit.pgtable.PageTableFormat;
import org.iommunit.pgtable.PgtableConfig;
import org.iommunit.pgtable.PhysicalMemory;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

class PageTableAssertTest {
  private final IoPageTable table = PageTableFormat.ARM_64_LPAE_S1.allocIoPgtableOps(
      PgtableConfig.of(PageSizes.SZ_4K | PageSizes.SZ_2M | PageSizes.SZ_1G, 48, 48),
      new PhysicalMemory());

  PageTableAssertTest() {
    table.mapPages(0x1000, 0x8000_0000L, PageSizes.SZ_4K, 2, Prot.READ | Prot.WRITE);
    table.mapPages(0x4000_0000L, 0x1_0000_0000L, PageSizes.SZ_2M, 1, Prot.READ | Prot.NOEXEC);
  }

  @Test
  void maps_readWritePage_passesWithPermissionsAndPageSize() {
    assertThat(table).maps(0x1abc).to(0x8000_0abcL).withPermissions(Prot.READ, Prot.WRITE)
        .withPageSize(PageSizes.SZ_4K);
  }

  @Test
  void maps_blockMapping_passesWithItsSize() {
    assertThat(table).maps(0x4001_2345L).to(0x1_0001_2345L)
        .withPermissions(Prot.READ | Prot.NOEXEC).withPageSize(PageSizes.SZ_2M);
  }

  @Test
  void maps_unmappedIova_failsShowingTheFault() {
    AssertionError e = Failed.assertion(() -> assertThat(table).maps(0x5000));

    assertThat(e).hasMessage(Failed.message("%nExpecting the ARM_64_LPAE_S1 page table to map IOVA"
        + " 0x5000%nbut the hardware walk faults:%n  iova 0x5000: TRANSLATION fault at level 3"
        + " (desc 0x0000000000000000)"));
  }

  @Test
  void to_otherAddress_failsShowingTheWalk() {
    AssertionFailedError e = Failed.comparison(
        () -> assertThat(table).maps(0x2000).to(0x8000_0000L));

    assertThat(e).hasMessage(Failed.message(
        "%nExpecting IOVA 0x2000 of the ARM_64_LPAE_S1 page table"
        + " to translate to:%n  0x80000000%nbut it translates to:%n  0x80001000%niova 0x2000 ->"
        + " 0x80001000 (4K page, RWXU, level 3, desc 0x0000000080001e43)"));
  }

  @Test
  void withPermissions_readOnlyPage_failsNamingBothPermissionSets() {
    table.mapPages(0x9000, 0x9000, PageSizes.SZ_4K, 1, Prot.READ);

    AssertionFailedError e = Failed.comparison(
        () -> assertThat(table).maps(0x9000).withPermissions(Prot.READ, Prot.WRITE));

    assertThat(e).hasMessage(Failed.message(
        "%nExpecting IOVA 0x9000 of the ARM_64_LPAE_S1 page table"
        + " to grant RWXU, as a mapping with READ|WRITE does,%nbut the leaf grants R-XU:%n"
        + "  iova 0x9000 -> 0x9000 (4K page, R-XU, level 3, desc 0x0000000000009ec3)"
        + "%nPermissions read R, W, X (execute) and U (unprivileged access)."));
    assertThat(e.getExpected().getValue()).isEqualTo("RWXU");
    assertThat(e.getActual().getValue()).isEqualTo("R-XU");
  }

  @Test
  void withPageSize_blockMapping_failsNamingBothSizes() {
    AssertionFailedError e = Failed.comparison(
        () -> assertThat(table).maps(0x4000_0000L).withPageSize(PageSizes.SZ_4K));

    assertThat(e).hasMessage(Failed.message("%nExpecting IOVA 0x40000000 of the ARM_64_LPAE_S1 page"
        + " table to be mapped by a 4K page%nbut it is mapped by a 2M page:%n  iova 0x40000000"
        + " -> 0x100000000 (2M page, R--U, level 2, desc 0x0060000100000ec1)%niommu_map() picks the"
        + " largest page size that the alignment of IOVA and physical address and the remaining"
        + " length allow."));
    assertThat(e.getExpected().getValue()).isEqualTo("4K");
    assertThat(e.getActual().getValue()).isEqualTo("2M");
  }

  @Test
  void hasNoMappingAt_hole_passes() {
    assertThat(table).hasNoMappingAt(0x3000).hasNoMappingAt(0x4020_0000L);
  }

  @Test
  void hasNoMappingAt_mappedIova_failsShowingTheWalk() {
    AssertionError e = Failed.assertion(() -> assertThat(table).hasNoMappingAt(0x1000));

    assertThat(e).hasMessage(Failed.message("%nExpecting the ARM_64_LPAE_S1 page table to have no"
        + " mapping at IOVA 0x1000%nbut it translates to 0x80000000:%n  iova 0x1000 -> 0x80000000"
        + " (4K page, RWXU, level 3, desc 0x0000000080000e43)"));
  }

  @Test
  void mapsRange_pagesAndBlock_passes() {
    assertThat(table).mapsRange(0x1000, 0x8000_0000L, 0x2000)
        .mapsRange(0x4000_0000L, 0x1_0000_0000L, PageSizes.SZ_2M);
  }

  @Test
  void mapsRange_pastTheEnd_failsNamingTheHole() {
    AssertionError e = Failed.assertion(
        () -> assertThat(table).mapsRange(0x1000, 0x8000_0000L, 0x3000));

    assertThat(e).hasMessage(Failed.message("%nExpecting the ARM_64_LPAE_S1 page table to map IOVA"
        + " [0x1000, 0x4000) to [0x80000000, 0x80003000)%nbut:%n  IOVA 0x3000 is not mapped"));
  }

  @Test
  void hasNoWarnings_cleanTable_passes() {
    assertThat(table).hasNoWarnings();
  }

  @Test
  void hasNoWarnings_partialBlockUnmap_failsListingTheWarning() {
    table.unmapPages(0x4000_0000L, PageSizes.SZ_4K, 1, null);

    AssertionError e = Failed.assertion(() -> assertThat(table).hasNoWarnings());

    assertThat(e).hasMessage(Failed.message(
        "%nExpecting no WARN_ON in the ARM_64_LPAE_S1 page table"
        + "%nbut 1 was recorded:%n  arm_lpae_unmap_pages: unmap of a partial large IOPTE is not"
        + " allowed (iova 0x40000000, level 2 leaf 0x0060000100000ec1)%nA WARN_ON is the kernel"
        + " reporting a caller bug or an impossible state."));
  }
}
