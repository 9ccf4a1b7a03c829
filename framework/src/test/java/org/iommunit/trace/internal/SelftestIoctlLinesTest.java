package org.iommunit.trace.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.List;
import org.iommunit.driver.Vendor;
import org.iommunit.iommufd.Iommufd;
import org.iommunit.iommufd.IommufdSelftest;
import org.iommunit.iommufd.MockDomainIds;
import org.iommunit.platform.Platform;
import org.iommunit.trace.TraceHeader;
import org.iommunit.trace.TraceLevel;
import org.junit.jupiter.api.Test;

/**
 * The self-test's ops that make core calls are {@code IOMMU_TEST_CMD} lines. The recorder
 * records the core only here: {@link IommufdSelftest} finds the mock driver by its class, which
 * wrapped ops hide.
 */
class SelftestIoctlLinesTest {
  @Test
  void mockDomain_onAnIoas_recordsOneTestCmdLineThenTheBindAndAttach() {
    TraceRecorder recorder = new TraceRecorder(EnumSet.of(TraceLevel.API));
    Platform p = Platform.builder().iommu(Vendor.IOMMUFD_MOCK).coreFactory(recorder::core)
        .build();
    Iommufd fd = Iommufd.open(p, p.sva().mmAlloc("vmm"), "iommufd#1");
    IommufdSelftest test = new IommufdSelftest(fd);
    int ioas = fd.ioasAlloc();
    recorder.start(p);
    int from = recorder.mark();

    MockDomainIds ids = test.mockDomain(ioas);

    List<String> lines = recorder.trace(new TraceHeader("IOMMUFD_MOCK", "MAINLINE", "test",
        List.of(TraceLevel.API)), from).lines();
    assertThat(ids.hwptId()).isEqualTo(4);
    assertThat(lines).containsExactly("api   IOMMU_TEST_CMD(op=MOCK_DOMAIN, id=1) = 0",
        "api   iommu_probe_device(iommufd_mock0) = 0",
        "api   iommu_device_claim_dma_owner(iommufd_mock0, USER(iommufd#1)) = 0",
        "api   iommu_paging_domain_alloc_flags(iommufd_mock0, 0) = D2:UNMANAGED",
        "api   iommu_get_resv_regions(iommufd_mock0) = []",
        "api   iommu_attach_group_handle(D2:UNMANAGED, G0, iommufd-hwpt_paging#4) = 0");
  }
}
