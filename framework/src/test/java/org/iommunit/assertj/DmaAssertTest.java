package org.iommunit.assertj;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iommunit.assertj.IommuAssertions.assertThat;

import org.iommunit.base.IotlbGather;
import org.iommunit.base.Prot;
import org.iommunit.core.DevIommu;
import org.iommunit.core.DmaOwner;
import org.iommunit.core.Group;
import org.iommunit.core.IommuCore;
import org.iommunit.core.IommuDomain;
import org.iommunit.device.Device;
import org.iommunit.dma.DeviceDma;
import org.iommunit.dma.DmaAccess;
import org.iommunit.iotlb.Iotlb;
import org.iommunit.platform.Platform;
import org.iommunit.platform.Platforms;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** The assertions that issue or inspect device DMA: probes, the IOTLB and the fault log. */
class DmaAssertTest {
  private static final long IOVA = 0x1000;
  private static final long PAGE = 0x8000_0000L;

  // the reference driver: its domains have a walker, so DMA goes through the IOTLB
  private final Platform platform = Platforms.multifunctionCardWithoutAcs().build();
  private final IommuCore iommu = platform.iommu();
  private final Device fn0 = platform.device("fn0");
  private final IommuDomain domain = iommu.pagingDomainAlloc(fn0); // D3:UNMANAGED
  private final Iotlb iotlb = DevIommu.of(fn0).instance().iotlb();

  DmaAssertTest() {
    iommu.groupClaimDmaOwner(Group.of(fn0), DmaOwner.user("vfio#1"));
    iommu.attachGroup(domain, Group.of(fn0));
    iommu.map(domain, IOVA, PAGE, 0x1000, Prot.READ);
  }

  @Test
  void canRead_mappedPage_passesAndWarmsTheIotlb() {
    assertThat(fn0).canRead(IOVA + 0x10);

    assertThat(iotlb).hasMisses(1).hasHits(0);
    assertThat(fn0).canRead(IOVA);
    assertThat(iotlb).hasMisses(1).hasHits(1).hasNoStaleEntries();
  }

  @Test
  void canRead_unmappedPage_failsNamingTheFault() {
    AssertionError e = Failed.assertion(() -> assertThat(fn0).canRead(0x5000));

    assertThat(e).hasMessage(Failed.message("%nExpecting device 0000:03:00.0 to read IOVA 0x5000"
        + " by DMA%nbut the IOMMU raised fault #1:%n  0000:03:00.0 pasid 0 READ 0x5000:"
        + " TRANSLATION in D3:UNMANAGED (handler -38)"));
  }

  @Test
  void canWrite_readOnlyPage_failsWithPermissionFault() {
    AssertionError e = Failed.assertion(() -> assertThat(fn0).canWrite(IOVA));

    assertThat(e).hasMessage(Failed.message("%nExpecting device 0000:03:00.0 to write IOVA 0x1000"
        + " by DMA%nbut the IOMMU raised fault #1:%n  0000:03:00.0 pasid 0 WRITE 0x1000:"
        + " PERMISSION in D3:UNMANAGED (handler -38)"));
  }

  @Test
  void canWrite_writablePage_passesWithoutMovingData() {
    iommu.map(domain, 0x2000, PAGE + 0x1000, 0x1000, Prot.READ | Prot.WRITE);

    assertThat(fn0).canWrite(0x2000).canRead(0x2000);
    assertThat(platform).hasNoFaults();
  }

  @Test
  void faultsOn_unmappedPage_passesAndLogsTheFault() {
    assertThat(fn0).faultsOn(0x5000).faultsOn(IOVA, DmaAccess.WRITE);

    assertThat(platform).hasFaults(
        "0000:03:00.0 pasid 0 READ 0x5000: TRANSLATION in D3:UNMANAGED (handler -38)",
        "0000:03:00.0 pasid 0 WRITE 0x1000: PERMISSION in D3:UNMANAGED (handler -38)");
  }

  @Test
  void faultsOn_mappedPage_failsNamingWhereTheReadWent() {
    AssertionError e = Failed.assertion(() -> assertThat(fn0).faultsOn(IOVA + 0x24));

    assertThat(e).hasMessage(Failed.message("%nExpecting a DMA read of device 0000:03:00.0 at IOVA"
        + " 0x1024 to fault%nbut it reached physical address 0x80000024 through D3:UNMANAGED."));
  }

  @Test
  void faultsOn_staleEntry_failsSayingTheEntryIsStale() {
    assertThat(fn0).canRead(IOVA);
    iommu.unmapFast(domain, IOVA, 0x1000, new IotlbGather()); // no iotlb_sync

    AssertionError e = Failed.assertion(() -> assertThat(fn0).faultsOn(IOVA));

    assertThat(e).hasMessage(Failed.message("%nExpecting a DMA read of device 0000:03:00.0 at IOVA"
        + " 0x1000 to fault%nbut it reached physical address 0x80000000 through D3:UNMANAGED using"
        + " a stale IOTLB entry: the page was unmapped without invalidation."));
  }

  @Test
  void hasNoStaleEntries_unmapWithoutSync_failsListingTheEntry() {
    assertThat(fn0).canRead(IOVA);
    iommu.unmapFast(domain, IOVA, 0x1000, new IotlbGather());

    AssertionError e = Failed.assertion(() -> assertThat(iotlb).hasNoStaleEntries());

    assertThat(e).hasMessage(Failed.message("%nExpecting the IOTLB to hold no stale entry%nbut 1"
        + " is stale:%n  tag=3 pasid=0 0x1000 -> 0x80000000 (0x1000, R-XU) STALE%nAn entry goes"
        + " stale when its page is unmapped or remapped without an IOTLB invalidation; until one"
        + " covers it, DMA still reaches the old page."));
  }

  @Test
  void hasNoEntriesFor_afterUnmapWithSync_passes() {
    assertThat(fn0).canRead(IOVA);

    iommu.unmap(domain, IOVA, 0x1000);

    assertThat(iotlb).hasNoEntriesFor(domain, fn0).hasNoStaleEntries();
  }

  @Test
  void hasNoEntriesFor_cachedPage_failsListingTheEntries() {
    assertThat(fn0).canRead(IOVA);

    AssertionError e = Failed.assertion(() -> assertThat(iotlb).hasNoEntriesFor(domain,
        fn0));

    assertThat(e).hasMessage(Failed.message("%nExpecting the IOTLB to hold no entry of domain"
        + " D3:UNMANAGED for device 0000:03:00.0 (tag 3)%nbut it holds 1:%n  tag=3 pasid=0 0x1000"
        + " -> 0x80000000 (0x1000, R-XU)"));
  }

  @Test
  void hasHits_coldIotlb_failsWithExpectedAndActual() {
    assertThat(fn0).canRead(IOVA);

    AssertionFailedError e = Failed.comparison(() -> assertThat(iotlb).hasHits(1));

    assertThat(e).hasMessage(Failed.message("%nExpecting the IOTLB to count 1 hits%nbut it counts"
        + " 0%n(hits 0, misses 1, stale hits 0 since creation or resetStats())"));
    assertThat(e.getExpected().getValue()).isEqualTo(1L);
    assertThat(e.getActual().getValue()).isEqualTo(0L);
  }

  @Test
  void hasMisses_warmIotlb_failsWithExpectedAndActual() {
    assertThat(fn0).canRead(IOVA).canRead(IOVA);

    AssertionFailedError e = Failed.comparison(() -> assertThat(iotlb).hasMisses(2));

    assertThat(e).hasMessage(Failed.message("%nExpecting the IOTLB to count 2 misses%nbut it"
        + " counts 1%n(hits 1, misses 1, stale hits 0 since creation or resetStats())"));
  }

  @Test
  void hasNoFaults_afterAFault_failsListingIt() {
    DeviceDma.of(fn0).read(0x5000, new byte[4]);

    AssertionError e = Failed.assertion(() -> assertThat(platform).hasNoFaults());

    assertThat(e).hasMessage(Failed.message("%nExpecting the DMA fault log to hold no fault%nbut"
        + " it holds 1 fault:%n  0000:03:00.0 pasid 0 READ 0x5000: TRANSLATION in D3:UNMANAGED"
        + " (handler -38)"));
  }

  @Test
  void hasFaults_otherFault_failsWithExpectedAndActual() {
    DeviceDma.of(fn0).read(0x5000, new byte[4]);

    AssertionFailedError e = Failed.comparison(() -> assertThat(platform).hasFaults(
        "0000:03:00.0 pasid 0 READ 0x6000: TRANSLATION in D3:UNMANAGED (handler -38)"));

    assertThat(e).hasMessage(Failed.message("%nExpecting the DMA fault log to hold 1 fault:%n"
        + "  0000:03:00.0 pasid 0 READ 0x6000: TRANSLATION in D3:UNMANAGED (handler -38)%nbut it"
        + " holds 1 fault:%n  0000:03:00.0 pasid 0 READ 0x5000: TRANSLATION in D3:UNMANAGED"
        + " (handler -38)"));
  }

  @Test
  void softly_failedProbeAndStaleEntry_collectsBoth() {
    assertThat(fn0).canRead(IOVA);
    iommu.unmapFast(domain, IOVA, 0x1000, new IotlbGather());
    IommuSoftAssertions softly = new IommuSoftAssertions();

    softly.assertThat(fn0).canRead(0x5000);
    softly.assertThat(iotlb).hasNoStaleEntries().hasMisses(2); // the faulted probe walked too

    assertThat(softly.errorsCollected()).hasSize(2);
  }
}
