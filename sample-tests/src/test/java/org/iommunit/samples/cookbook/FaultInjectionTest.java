package org.iommunit.samples.cookbook;

import static org.iommunit.assertj.IommuAssertions.assertThat;
import static org.iommunit.assertj.IommuAssertions.assertThatIommu;
import static org.iommunit.base.Errno.ENOMEM;
import static org.iommunit.base.Errno.ENOSPC;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mockingDetails;

import org.iommunit.base.IommuException;
import org.iommunit.base.Prot;
import org.iommunit.core.Group;
import org.iommunit.core.IommuCore;
import org.iommunit.core.IommuDomain;
import org.iommunit.core.IommuOps;
import org.iommunit.device.Device;
import org.iommunit.junit.DeviceAt;
import org.iommunit.junit.Domain;
import org.iommunit.junit.InjectFault;
import org.iommunit.junit.IommuGroup;
import org.iommunit.junit.SimulatedIommu;
import org.iommunit.junit.VendorOps;
import org.iommunit.platform.Platform;
import org.junit.jupiter.api.Test;
import org.mockito.stubbing.Answer;

/**
 * Recipe 5: fault injection. A driver op fails once with an errno, declared with
 * {@code @InjectFault} or stubbed on the {@code @VendorOps} spy; the core call fails with that
 * errno and leaves the model as it was, and the next call succeeds.
 */
@SimulatedIommu
class FaultInjectionTest {
  private static final long IOVA = 0x10_0000L;
  private static final long PAGE_FRAME = 0x4000_0000L;
  private static final int PAGE = 0x1000;

  @Test
  @InjectFault(op = "map_pages", errno = ENOMEM)
  void map_mapPagesOutOfMemory_failsWithEnomemAndMapsNothing(
      @DeviceAt("0000:01:00.0") Device dev, @Domain IommuDomain domain, IommuCore iommu) {
    assertThatIommu(() -> iommu.map(domain, IOVA, PAGE_FRAME, PAGE, Prot.READ))
        .failsWith(ENOMEM);

    assertThat(domain).hasNoMappingAt(IOVA);
    iommu.map(domain, IOVA, PAGE_FRAME, PAGE, Prot.READ);
    assertThat(domain).maps(IOVA).to(PAGE_FRAME);
    iommu.unmap(domain, IOVA, PAGE);
  }

  @Test
  @InjectFault(op = "attach_dev", errno = ENOSPC)
  void attachGroup_attachDevOutOfIds_failsWithEnospcAndKeepsTheDefaultDomain(
      @IommuGroup(devices = "0000:01:00.0") Group group, @Domain IommuDomain domain,
      IommuCore iommu, Platform platform) {
    assertThatIommu(platform, () -> iommu.attachGroup(domain, group))
        .failsWith(ENOSPC).leavesStateUnchanged();

    assertThat(group).isInDefaultDomain();
    iommu.attachGroup(domain, group);
    assertThat(group).hasDomain(domain);
    iommu.detachGroup(domain, group);
  }

  @Test
  void pagingDomainAlloc_stubbedToFailOnce_failsWithEnospcThenSucceeds(@VendorOps IommuOps ops,
      @DeviceAt("0000:01:00.0") Device dev, IommuCore iommu, Platform platform) {
    // The spy mocks the IommuOps interface, so doCallRealMethod() does not apply: its default
    // answer is what forwards to the real driver.
    Answer<?> driver = mockingDetails(ops).getMockCreationSettings().getDefaultAnswer();
    doThrow(new IommuException(ENOSPC, "domain_alloc_paging_flags", "no domain id left"))
        .doAnswer(driver)
        .when(ops).domainAllocPagingFlags(any(), anyInt());

    assertThatIommu(platform, () -> iommu.pagingDomainAlloc(dev))
        .failsWith(ENOSPC).leavesStateUnchanged();

    IommuDomain domain = iommu.pagingDomainAlloc(dev);
    assertThat(domain).isNotFreed();
    iommu.domainFree(domain);
  }
}
