package org.iommunit.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.iommunit.assertj.IommuAssertions.assertThat;

import org.iommunit.base.IommuException;
import org.iommunit.base.Prot;
import org.iommunit.core.Group;
import org.iommunit.core.IommuCore;
import org.iommunit.core.IommuDomain;
import org.iommunit.device.Device;
import org.iommunit.dma.DeviceDma;
import org.iommunit.dma.DmaApi;
import org.iommunit.dma.DmaDirection;
import org.iommunit.platform.Platform;
import org.iommunit.trace.Trace;
import org.iommunit.trace.TraceLevel;
import org.junit.jupiter.api.Test;

/** An injected {@link Trace} is live, parses back to itself and is assertable. */
@SimulatedIommu
class TraceInjectionTest {
  static final String NIC = "0000:01:00.0";
  static final long BUFFER = 0x4000_0000L;

  @Test
  void trace_iovaToPhys_recordsTheCallWithItsAddressAndResult(@DeviceAt(NIC) Device nic,
      IommuCore iommu, Trace trace) {
    IommuDomain domain = iommu.pagingDomainAlloc(nic);
    iommu.map(domain, 0x10_0000L, 0x4000_0000L, 0x1000, Prot.READ);

    long pa = iommu.iovaToPhys(domain, 0x10_0234L);
    iommu.unmap(domain, 0x10_0000L, 0x1000);
    iommu.domainFree(domain);

    assertThat(pa).isEqualTo(0x4000_0234L);
    assertThat(trace).containsSubsequence(
        "api iommu_iova_to_phys(D2:UNMANAGED, 0x100234) = 0x40000234");
  }

  @Test
  void trace_attachAndDetach_recordsOpsAndStateInOrder(@DeviceAt(NIC) Device nic,
      IommuCore iommu, Trace trace) {
    IommuDomain domain = iommu.pagingDomainAlloc(nic);

    iommu.attachDevice(domain, nic);
    iommu.detachDevice(domain, nic);
    iommu.domainFree(domain);

    assertThat(trace)
        .containsSubsequence("ops iommu0.attach_dev(D2:UNMANAGED, 0000:01:00.0, D1:DMA) = 0",
            "G0.domain D1:DMA -> D2:UNMANAGED", "state G0.domain D2:UNMANAGED -> D1:DMA")
        .hasNoEventsAt(TraceLevel.WARN)
        .isEqualToGolden(Trace.parse(trace.text()));
    assertThat(Trace.parse(trace.text()).text()).isEqualTo(trace.text());
  }

  @Test
  void trace_coreApiCalls_recordsApiLineBeforeItsOpsAndErrno(@DeviceAt(NIC) Device nic,
      IommuCore iommu, Trace trace) {
    IommuDomain domain = iommu.pagingDomainAlloc(nic);
    iommu.attachDevice(domain, nic);

    assertThatThrownBy(() -> iommu.attachDevicePasid(domain, nic, 0, null))
        .isInstanceOf(IommuException.class);
    iommu.detachDevice(domain, nic);
    iommu.domainFree(domain);

    assertThat(trace)
        .containsSubsequence("api iommu_paging_domain_alloc(0000:01:00.0) = D2:UNMANAGED",
            "api iommu_attach_device(D2:UNMANAGED, 0000:01:00.0) = 0",
            "ops iommu0.attach_dev(D2:UNMANAGED, 0000:01:00.0, D1:DMA) = 0",
            "api iommu_detach_device(D2:UNMANAGED, 0000:01:00.0) = 0",
            "api iommu_domain_free(D2:UNMANAGED) = 0");
    assertThat(trace.lines()).noneMatch(line -> line.contains("iommu_groups"));
  }

  @Test
  @SimulatedIommu(defaultDomain = DefaultDomain.DMA_FQ)
  void trace_lazyUnmapThenLateDma_recordsStaleWriteFlushAndFault(
      @DmaApiFor(NIC) DmaApi dma, @DeviceAt(NIC) Device nic, Platform platform, Trace trace) {
    long handle = dma.dmaMapSingle(BUFFER, 0x1000, DmaDirection.FROM_DEVICE);
    DeviceDma.of(nic).write(handle, new byte[4]);
    dma.dmaUnmapSingle(handle, 0x1000, DmaDirection.FROM_DEVICE);

    DeviceDma.of(nic).write(handle, new byte[1]);
    platform.flushQueues();
    DeviceDma.of(nic).write(handle, new byte[1]);

    assertThat(trace.at(TraceLevel.IOTLB, TraceLevel.DMA).lines()).containsExactly(
        "dma   0000:01:00.0 write pasid=0 iova=0xfffff000 len=4 = 4 pa=0x40000000",
        "dma   0000:01:00.0 write pasid=0 iova=0xfffff000 len=1 = 1 pa=0x40000000 stale",
        "iotlb fq_flush D1:DMA_FQ pending=1",
        "iotlb iommu0 TAG tag=1",
        "iotlb iommu0 SYNC",
        "dma   0000:01:00.0 fault write pasid=0 iova=0xfffff000 reason=TRANSLATION"
            + " domain=D1:DMA_FQ handler=-ENOSYS",
        "dma   0000:01:00.0 write pasid=0 iova=0xfffff000 len=1 = 0 fault=TRANSLATION");
  }

  @Test
  void trace_strictUnmap_recordsRangeInvalidationInsideTheUnmap(@DeviceAt(NIC) Device nic,
      IommuCore iommu, Trace trace) {
    IommuDomain domain = iommu.pagingDomainAlloc(nic);
    iommu.map(domain, 0x10_0000L, BUFFER, 0x1000, Prot.READ);

    iommu.unmap(domain, 0x10_0000L, 0x1000);
    iommu.domainFree(domain);

    assertThat(trace).containsSubsequence(
        "api iommu_unmap(D2:UNMANAGED, 0x100000, 0x1000) = 0x1000",
        "iotlb iommu0 PAGE tag=2 0x100000+0x1000 leaf",
        "iotlb iommu0 SYNC",
        "api iommu_domain_free(D2:UNMANAGED) = 0");
  }

  @Test
  @SimulatedIommu(defaultDomain = DefaultDomain.DMA_FQ)
  void trace_withIotlbAndDmaEvents_parsesBackToItself(@DmaApiFor(NIC) DmaApi dma,
      @DeviceAt(NIC) Device nic, Platform platform, Trace trace) {
    long handle = dma.dmaMapSingle(BUFFER, 0x1000, DmaDirection.FROM_DEVICE);
    DeviceDma.of(nic).write(handle, new byte[4]);
    dma.dmaUnmapSingle(handle, 0x1000, DmaDirection.FROM_DEVICE);
    platform.flushQueues();
    DeviceDma.of(nic).read(handle, new byte[4]);

    Trace parsed = Trace.parse(trace.text());

    assertThat(parsed.text()).isEqualTo(trace.text());
    assertThat(parsed.events()).isEqualTo(trace.events());
    assertThat(parsed.lines()).anyMatch(l -> l.startsWith("iotlb"))
        .anyMatch(l -> l.startsWith("dma"));
  }

  @Test
  @SimulatedIommu(defaultDomain = DefaultDomain.DMA)
  void trace_readAfterDefaultDomainBecameDmaFq_namesItAsItWasAtEachEvent(
      @DeviceAt(NIC) Device nic, IommuCore iommu, Trace trace) {
    IommuDomain domain = iommu.pagingDomainAlloc(nic);
    iommu.attachDevice(domain, nic);
    iommu.detachDevice(domain, nic);
    iommu.domainFree(domain);

    iommu.groupStoreType(Group.of(nic), "DMA-FQ");

    assertThat(trace).containsSubsequence(
        "ops iommu0.attach_dev(D2:UNMANAGED, 0000:01:00.0, D1:DMA) = 0",
        "state G0.domain D1:DMA -> D2:UNMANAGED",
        "state G0.domain D2:UNMANAGED -> D1:DMA",
        "api iommu_group_store_type(G0, DMA-FQ) = 0");
    assertThat(Group.of(nic).defaultDomain()).hasToString("D1:DMA_FQ");
  }
}
