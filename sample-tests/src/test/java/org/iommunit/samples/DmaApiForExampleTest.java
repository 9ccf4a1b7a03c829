package org.iommunit.samples;

import static org.iommunit.assertj.IommuAssertions.assertThat;

import org.iommunit.device.Device;
import org.iommunit.dma.DmaApi;
import org.iommunit.dma.DmaDirection;
import org.iommunit.junit.DeviceAt;
import org.iommunit.junit.DmaApiFor;
import org.iommunit.junit.SimulatedIommu;
import org.junit.jupiter.api.Test;

/**
 * {@code @DmaApiFor}: the kernel DMA API of one device, as its driver would call it. In a strict
 * DMA domain a mapping is visible to the device at once and gone once unmapped.
 */
@SimulatedIommu(platform = "accelerator")
class DmaApiForExampleTest {

  @Test
  void dmaMapSingle_strictDomain_deviceReadsUntilUnmapped(@DmaApiFor("nic") DmaApi dma,
      @DeviceAt("nic") Device nic) {
    long handle = dma.dmaMapSingle(0x4000_0000L, 0x1000, DmaDirection.BIDIRECTIONAL);

    assertThat(nic).canRead(handle);
    dma.dmaUnmapSingle(handle, 0x1000, DmaDirection.BIDIRECTIONAL);
    assertThat(nic).faultsOn(handle);
  }
}
