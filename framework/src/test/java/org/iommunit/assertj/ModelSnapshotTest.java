package org.iommunit.assertj;

import static org.assertj.core.api.Assertions.assertThat;

import org.iommunit.core.DmaOwner;
import org.iommunit.core.IommuDomain;
import org.iommunit.device.Driver;
import org.junit.jupiter.api.Test;

class ModelSnapshotTest {
  private final Card card = new Card();

  @Test
  void render_afterBoot_listsGroupsDomainsAndDevices() {
    ModelSnapshot snapshot = ModelSnapshot.of(card.platform);

    assertThat(snapshot.render()).isEqualTo("groups:\n"
        + "  G0{devices=[0000:00:1d.0], domain=D1:DMA, default=D1:DMA, blocking=null, owner=NONE,"
        + " owner_cnt=0, pasids={}}\n"
        + "  G1{devices=[0000:03:00.0, 0000:03:00.1, 0000:03:00.2], domain=D2:DMA, default=D2:DMA,"
        + " blocking=null, owner=NONE, owner_cnt=0, pasids={}}\n"
        + "domains:\n"
        + "  D1:DMA\n"
        + "  D2:DMA\n"
        + "devices:\n"
        + "  0000:00:1d.0 driver=pcieport(driver_managed_dma) group=G0 hw=D1:DMA hw_pasids={}\n"
        + "  0000:03:00.0 driver=(none) group=G1 hw=D2:DMA hw_pasids={}\n"
        + "  0000:03:00.1 driver=(none) group=G1 hw=D2:DMA hw_pasids={}\n"
        + "  0000:03:00.2 driver=(none) group=G1 hw=D2:DMA hw_pasids={}\n");
  }

  @Test
  void of_sameModelTwice_isEqualWithNoChanges() {
    ModelSnapshot first = ModelSnapshot.of(card.platform);
    ModelSnapshot second = ModelSnapshot.of(card.platform);

    assertThat(second).isEqualTo(first);
    assertThat(first.changesTo(second)).isEmpty();
  }

  @Test
  void changesTo_driverBound_pairsTheDeviceLines() {
    ModelSnapshot before = ModelSnapshot.of(card.platform);
    card.platform.bindDriver(card.fn2, Driver.dmaApi("igb"));

    assertThat(before.changesTo(ModelSnapshot.of(card.platform))).containsExactly(
        "- G1{devices=[0000:03:00.0, 0000:03:00.1, 0000:03:00.2], domain=D2:DMA, default=D2:DMA,"
            + " blocking=null, owner=NONE, owner_cnt=0, pasids={}}",
        "+ G1{devices=[0000:03:00.0, 0000:03:00.1, 0000:03:00.2], domain=D2:DMA, default=D2:DMA,"
            + " blocking=null, owner=KERNEL, owner_cnt=1, pasids={}}",
        "- 0000:03:00.2 driver=(none) group=G1 hw=D2:DMA hw_pasids={}",
        "+ 0000:03:00.2 driver=igb group=G1 hw=D2:DMA hw_pasids={}");
  }

  @Test
  void changesTo_domainAllocatedAndLeaked_showsItAsAdded() {
    ModelSnapshot before = ModelSnapshot.of(card.iommu);
    card.iommu.pagingDomainAlloc(card.fn0);

    assertThat(before.changesTo(ModelSnapshot.of(card.iommu))).containsExactly("+ D3:UNMANAGED");
  }

  @Test
  void changesTo_domainAllocatedAndFreed_showsNothing() {
    ModelSnapshot before = ModelSnapshot.of(card.platform);
    IommuDomain scratch = card.iommu.pagingDomainAlloc(card.fn0);
    card.iommu.domainFree(scratch);

    assertThat(before.changesTo(ModelSnapshot.of(card.platform))).isEmpty();
  }

  @Test
  void of_staticBlockingDomainCreatedOnFirstClaim_leavesItOut() {
    card.iommu.groupClaimDmaOwner(card.group, DmaOwner.user("vfio#1"));

    assertThat(ModelSnapshot.of(card.platform).domains()).containsExactly("D1:DMA", "D2:DMA");
  }
}
