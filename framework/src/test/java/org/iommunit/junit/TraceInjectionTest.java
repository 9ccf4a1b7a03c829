package org.iommunit.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.iommunit.assertj.IommuAssertions.assertThat;

import org.iommunit.core.IommuCore;
import org.iommunit.core.IommuDomain;
import org.iommunit.core.IommuException;
import org.iommunit.device.Device;
import org.iommunit.junit.trace.Trace;
import org.iommunit.junit.trace.TraceLevel;
import org.junit.jupiter.api.Test;

/** An injected {@link Trace} is live, parses back to itself and is assertable. */
@SimulatedIommu
class TraceInjectionTest {
  static final String NIC = "0000:01:00.0";

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
}
