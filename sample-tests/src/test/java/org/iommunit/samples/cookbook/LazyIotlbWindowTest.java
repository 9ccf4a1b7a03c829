package org.iommunit.samples.cookbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iommunit.assertj.IommuAssertions.assertThat;

import java.time.Duration;
import org.iommunit.device.Device;
import org.iommunit.dma.DeviceDma;
import org.iommunit.dma.DmaAccess;
import org.iommunit.dma.DmaApi;
import org.iommunit.dma.DmaDirection;
import org.iommunit.dma.DmaResult;
import org.iommunit.dma.FaultReason;
import org.iommunit.junit.DefaultDomain;
import org.iommunit.junit.DeviceAt;
import org.iommunit.junit.DmaApiFor;
import org.iommunit.junit.GoldenTrace;
import org.iommunit.junit.SimulatedIommu;
import org.iommunit.platform.Platform;
import org.iommunit.trace.TraceLevel;
import org.junit.jupiter.api.Test;

/**
 * Recipe 4: the lazy-mode window. In a DMA_FQ default domain {@code dma_unmap_single()} queues
 * the IOVA instead of invalidating the IOTLB, so a late device still reaches the old buffer
 * through a stale entry until the flush queue is flushed: by the test, or by its 10 ms timer on
 * the simulated clock. In strict mode the same late DMA faults at once.
 */
@SimulatedIommu(defaultDomain = DefaultDomain.DMA_FQ)
class LazyIotlbWindowTest {
  private static final long BUFFER = 0x4000_0000L;
  private static final int PAGE = 0x1000;

  @Test
  void dmaUnmapSingle_lazyMode_lateDmaReachesTheOldPageThroughAStaleEntry(
      @DmaApiFor("0000:01:00.0") DmaApi dma, @DeviceAt("0000:01:00.0") Device nic,
      Platform platform) {
    long handle = mapAndUse(dma, nic);

    dma.dmaUnmapSingle(handle, PAGE, DmaDirection.FROM_DEVICE);
    DmaResult late = DeviceDma.of(nic).write(handle, new byte[] {9});

    assertThat(late.ok()).isTrue();
    assertThat(late.staleEntryUsed()).isTrue();
    assertThat(platform.memory().readByte(BUFFER)).isEqualTo((byte) 9);
  }

  @Test
  void flushQueues_afterLazyUnmap_lateDmaFaults(@DmaApiFor("0000:01:00.0") DmaApi dma,
      @DeviceAt("0000:01:00.0") Device nic, Platform platform) {
    long handle = mapAndUse(dma, nic);
    dma.dmaUnmapSingle(handle, PAGE, DmaDirection.FROM_DEVICE);

    platform.flushQueues();

    assertThat(DeviceDma.of(nic).write(handle, new byte[] {9}).reason())
        .isEqualTo(FaultReason.TRANSLATION);
  }

  @Test
  void advanceTime_flushQueueTimerExpires_lateDmaFaults(@DmaApiFor("0000:01:00.0") DmaApi dma,
      @DeviceAt("0000:01:00.0") Device nic, Platform platform) {
    long handle = mapAndUse(dma, nic);
    dma.dmaUnmapSingle(handle, PAGE, DmaDirection.FROM_DEVICE);

    platform.advanceTime(Duration.ofMillis(10));

    assertThat(nic).faultsOn(handle, DmaAccess.WRITE);
  }

  @Test
  @SimulatedIommu(defaultDomain = DefaultDomain.DMA)
  void dmaUnmapSingle_strictMode_lateDmaFaultsAtOnce(@DmaApiFor("0000:01:00.0") DmaApi dma,
      @DeviceAt("0000:01:00.0") Device nic) {
    long handle = mapAndUse(dma, nic);

    dma.dmaUnmapSingle(handle, PAGE, DmaDirection.FROM_DEVICE);
    DmaResult late = DeviceDma.of(nic).write(handle, new byte[] {9});

    assertThat(late.reason()).isEqualTo(FaultReason.TRANSLATION);
    assertThat(late.staleEntryUsed()).isFalse();
  }

  /**
   * The whole window as a golden trace at the IOTLB and DMA levels: the write that fills the
   * IOTLB, the unmap that invalidates nothing, the late write that still lands through the stale
   * entry, the flush-queue flush and its domain invalidation, then the fault. See
   * {@code src/test/resources/iommunit/LazyIotlbWindowTest/}.
   */
  @Test
  @GoldenTrace(levels = {TraceLevel.IOTLB, TraceLevel.DMA})
  void flushQueues_lazyWindow_staleWriteThenFlushThenFault(@DmaApiFor("0000:01:00.0") DmaApi dma,
      @DeviceAt("0000:01:00.0") Device nic, Platform platform) {
    long handle = mapAndUse(dma, nic);
    dma.dmaUnmapSingle(handle, PAGE, DmaDirection.FROM_DEVICE);

    DmaResult late = DeviceDma.of(nic).write(handle, new byte[] {9});
    platform.flushQueues();
    DmaResult afterFlush = DeviceDma.of(nic).write(handle, new byte[] {9});

    assertThat(late.staleEntryUsed()).isTrue();
    assertThat(afterFlush.reason()).isEqualTo(FaultReason.TRANSLATION);
  }

  /** Maps the buffer for the device and lets it write once, which fills the IOTLB. */
  private static long mapAndUse(DmaApi dma, Device nic) {
    long handle = dma.dmaMapSingle(BUFFER, PAGE, DmaDirection.FROM_DEVICE);
    assertThat(DeviceDma.of(nic).write(handle, new byte[] {1, 2, 3, 4}).ok()).isTrue();
    return handle;
  }
}
