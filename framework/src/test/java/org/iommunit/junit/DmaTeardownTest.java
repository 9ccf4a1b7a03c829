package org.iommunit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import org.iommunit.base.IotlbGather;
import org.iommunit.core.Group;
import org.iommunit.core.IommuCore;
import org.iommunit.device.Device;
import org.iommunit.dma.DeviceDma;
import org.iommunit.dma.DmaApi;
import org.iommunit.dma.DmaDirection;
import org.iommunit.platform.Platform;
import org.junit.jupiter.api.Test;

/** The DMA side of the extension: {@code @DmaApiFor} injection and the stale-IOTLB check. */
class DmaTeardownTest {
  static final String NIC = "0000:01:00.0";
  static final long BUF = 0x4000_0000L;

  @Test
  void dmaApiFor_parameterAndField_injectTheDevicesDmaApi() {
    Kit.assertAllPassed(Kit.run(Injected.class), 2);
  }

  @Test
  void afterEach_staleEntryInStrictDomain_failsNamingInstanceEntryAndDomain() {
    String message = Kit.onlyMessage(Kit.run(StaleEntry.class));

    assertThat(message).isEqualTo(
        "IOMMUnit found 1 problem after method unmapFast_withoutSync():\n"
        + "  1. stale IOTLB entry [tag=1 pasid=0 0xfffff000 -> 0x40000000 (0x1000, RWXU) STALE] of"
        + " iommu0 for strict domain D1:DMA: its page changed without an IOTLB invalidation"
        + " (iommu_unmap_fast() without iommu_iotlb_sync()?), so DMA still reaches the old page\n"
        + TeardownTest.LEAK_FIX);
  }

  @Test
  void afterEach_staleEntryWithAllowLeaks_passes() {
    Kit.assertAllPassed(Kit.run(StaleEntryAllowed.class), 1);
  }

  @TestKitOnly
  @SimulatedIommu
  static class Injected {
    @DmaApiFor(NIC)
    DmaApi field;

    @Test
    void dmaMapSingle_strict_unmapLeavesNoStaleEntry(@DmaApiFor(NIC) DmaApi dma,
        @DeviceAt(NIC) Device nic, Platform platform) {
      long handle = dma.dmaMapSingle(BUF, 0x1000, DmaDirection.BIDIRECTIONAL);
      assertThat(DeviceDma.of(nic).read(handle, new byte[4]).ok()).isTrue();

      dma.dmaUnmapSingle(handle, 0x1000, DmaDirection.BIDIRECTIONAL);

      assertThat(dma).isSameAs(platform.dmaApi(nic)).isSameAs(field);
    }

    @Test
    void field_injected_isTheDevicesDmaApi(@DeviceAt(NIC) Device nic, Platform platform) {
      assertThat(field).isSameAs(platform.dmaApi(nic));
    }
  }

  @TestKitOnly
  @SimulatedIommu
  static class StaleEntry {
    @Test
    void unmapFast_withoutSync(@DmaApiFor(NIC) DmaApi dma, @DeviceAt(NIC) Device nic,
        IommuCore iommu) {
      leaveStaleEntry(dma, nic, iommu);
    }
  }

  @TestKitOnly
  @SimulatedIommu
  static class StaleEntryAllowed {
    @Test
    @AllowLeaks(reason = "the stale entry is the subject of the test")
    void unmapFast_withoutSync(@DmaApiFor(NIC) DmaApi dma, @DeviceAt(NIC) Device nic,
        IommuCore iommu) {
      leaveStaleEntry(dma, nic, iommu);
    }
  }

  // maps a page through the DMA API, caches it by DMA, then unmaps it behind the API without sync
  static void leaveStaleEntry(DmaApi dma, Device nic, IommuCore iommu) {
    long handle = dma.dmaMapSingle(BUF, 0x1000, DmaDirection.BIDIRECTIONAL);
    DeviceDma.of(nic).read(handle, new byte[4]);
    iommu.unmapFast(Group.of(nic).defaultDomain(), handle, 0x1000, new IotlbGather());
  }
}
