package org.iommunit.samples.cookbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iommunit.assertj.IommuAssertions.assertThat;

import org.iommunit.core.DmaOwner;
import org.iommunit.core.Group;
import org.iommunit.device.Device;
import org.iommunit.device.Driver;
import org.iommunit.dma.CoherentBuffer;
import org.iommunit.dma.DeviceDma;
import org.iommunit.dma.DmaApi;
import org.iommunit.dma.DmaDirection;
import org.iommunit.dma.DmaResult;
import org.iommunit.dma.ScatterList;
import org.iommunit.junit.DeviceAt;
import org.iommunit.junit.DmaApiFor;
import org.iommunit.junit.IommuGroup;
import org.iommunit.junit.SimulatedIommu;
import org.iommunit.pgtable.PhysicalMemory;
import org.iommunit.platform.Platform;
import org.junit.jupiter.api.Test;

/**
 * Recipe 1: a kernel driver that uses the DMA API. Binding it keeps the group in its default DMA
 * domain; every mapping is checked by letting the device move real bytes through the IOMMU.
 * Buffers sit at 0x4000_0000 and up, outside the frame pool that page tables come from.
 */
@SimulatedIommu
class DmaApiDriverTest {
  private static final Driver E1000E = Driver.dmaApi("e1000e");
  private static final long BUFFER = 0x4000_0000L;
  private static final int PAGE = 0x1000;

  @Test
  void bindDriver_dmaApiDriver_keepsTheGroupInItsDefaultDomain(@DeviceAt("0000:01:00.0") Device nic,
      @IommuGroup(devices = "0000:01:00.0") Group group, Platform platform) {
    platform.bindDriver(nic, E1000E);

    assertThat(nic).hasDriver(E1000E);
    assertThat(group).isInDefaultDomain().isOwnedBy(DmaOwner.KERNEL).hasOwnerCount(1);
  }

  @Test
  void dmaMapSingle_toDevice_deviceReadsTheBuffer(@DmaApiFor("0000:01:00.0") DmaApi dma,
      @DeviceAt("0000:01:00.0") Device nic, Platform platform) {
    platform.bindDriver(nic, E1000E);
    byte[] packet = {1, 2, 3, 4};
    platform.memory().write(BUFFER, packet, 0, packet.length);

    long handle = dma.dmaMapSingle(BUFFER, PAGE, DmaDirection.TO_DEVICE);
    byte[] fetched = new byte[packet.length];
    DmaResult r = DeviceDma.of(nic).read(handle, fetched);

    assertThat(r.ok()).isTrue();
    assertThat(fetched).containsExactly(packet);
    dma.dmaUnmapSingle(handle, PAGE, DmaDirection.TO_DEVICE);
  }

  @Test
  void dmaMapSg_threeScatteredPages_deviceWritesEachPage(@DmaApiFor("0000:01:00.0") DmaApi dma,
      @DeviceAt("0000:01:00.0") Device nic, Platform platform) {
    platform.bindDriver(nic, E1000E);
    long[] pages = {BUFFER + 0x5000, BUFFER, BUFFER + 0x9000};
    ScatterList sg = new ScatterList();
    for (long page : pages) {
      sg.add(page, PAGE);
    }

    int segments = dma.dmaMapSg(sg, DmaDirection.FROM_DEVICE);
    DmaResult r = DeviceDma.of(nic).write(sg.dmaAddress(0), pagesNumbered(3));

    assertThat(segments).isEqualTo(1); // page-aligned segments merge into one IOVA range
    assertThat(r.ok()).isTrue();
    for (int i = 0; i < pages.length; i++) {
      assertThat(platform.memory().readByte(pages[i])).isEqualTo((byte) (i + 1));
    }
    dma.dmaUnmapSg(sg, DmaDirection.FROM_DEVICE);
  }

  @Test
  void dmaAllocCoherent_onePage_cpuSeesWhatTheDeviceWrote(@DmaApiFor("0000:01:00.0") DmaApi dma,
      @DeviceAt("0000:01:00.0") Device nic, Platform platform) {
    platform.bindDriver(nic, E1000E);
    CoherentBuffer ring = dma.dmaAllocCoherent(PAGE);
    assertThat(ring).isNotNull();

    DmaResult r = DeviceDma.of(nic).write(ring.dmaHandle(), new byte[] {42});

    assertThat(r.ok()).isTrue();
    PhysicalMemory memory = platform.memory();
    assertThat(memory.readByte(ring.cpuAddress())).isEqualTo((byte) 42);
    dma.dmaFreeCoherent(ring);
  }

  /** Returns {@code count} pages of data, each page filled with its number (1, 2, ...). */
  private static byte[] pagesNumbered(int count) {
    byte[] data = new byte[count * PAGE];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) (i / PAGE + 1);
    }
    return data;
  }
}
