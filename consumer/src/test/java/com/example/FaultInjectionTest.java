package com.example;

import static org.iommunit.assertj.IommuAssertions.assertThat;
import static org.iommunit.assertj.IommuAssertions.assertThatIommu;
import static org.iommunit.base.Errno.ENOSPC;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.doThrow;

import org.iommunit.base.IommuException;
import org.iommunit.core.Group;
import org.iommunit.core.IommuCore;
import org.iommunit.core.IommuOps;
import org.iommunit.device.Device;
import org.iommunit.junit.DeviceAt;
import org.iommunit.junit.SimulatedIommu;
import org.iommunit.junit.VendorOps;
import org.junit.jupiter.api.Test;

/** The driver as a Mockito spy: the Surefire argLine's agent at work. */
@SimulatedIommu(platform = "desktop")
class FaultInjectionTest {
  @Test
  void pagingDomainAlloc_driverOutOfDomainIds_failsWithEnospc(@VendorOps IommuOps ops,
      @DeviceAt("nvme") Device nvme, IommuCore iommu) {
    doThrow(new IommuException(ENOSPC, "domain_alloc_paging_flags", "no ASID left"))
        .when(ops).domainAllocPagingFlags(any(), anyInt());

    assertThatIommu(() -> iommu.pagingDomainAlloc(nvme)).failsWith(ENOSPC);
    assertThat(Group.of(nvme)).isInDefaultDomain();
  }
}
