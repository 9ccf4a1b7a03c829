package org.iommunit.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.iommunit.base.Errno.ENOSPC;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.clearInvocations;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.verify;

import org.iommunit.base.IommuException;
import org.iommunit.core.IommuCore;
import org.iommunit.core.IommuDomain;
import org.iommunit.core.IommuOps;
import org.iommunit.device.Device;
import org.iommunit.junit.DeviceAt;
import org.iommunit.junit.SimulatedIommu;
import org.iommunit.junit.VendorOps;
import org.junit.jupiter.api.Test;

/**
 * {@code @VendorOps}: the IOMMU driver as a Mockito spy, installed before boot. Verify what the
 * core asked the driver; stub it to make the driver misbehave.
 */
@SimulatedIommu
class VendorOpsExampleTest {

  @Test
  void pagingDomainAlloc_unmanagedDomain_asksTheDriverWithoutFlags(@VendorOps IommuOps ops,
      @DeviceAt("0000:01:00.0") Device nic, IommuCore iommu) {
    clearInvocations(ops); // forget the boot, which allocated nic's default domain the same way

    IommuDomain domain = iommu.pagingDomainAlloc(nic);

    verify(ops).domainAllocPagingFlags(nic, 0);
    iommu.domainFree(domain);
  }

  @Test
  void pagingDomainAlloc_driverOutOfDomainIds_failsWithEnospc(@VendorOps IommuOps ops,
      @DeviceAt("0000:01:00.0") Device nic, IommuCore iommu) {
    doThrow(new IommuException(ENOSPC, "domain_alloc_paging_flags", "no ASID left"))
        .when(ops).domainAllocPagingFlags(any(), anyInt());

    IommuException e = catchThrowableOfType(IommuException.class,
        () -> iommu.pagingDomainAlloc(nic));

    assertThat(e.errno()).isEqualTo(ENOSPC);
  }
}
