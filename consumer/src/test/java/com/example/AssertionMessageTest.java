package com.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.iommunit.assertj.IommuAssertions.assertThatIommu;
import static org.iommunit.base.Errno.EBUSY;

import org.iommunit.core.IommuCore;
import org.iommunit.core.IommuDomain;
import org.iommunit.device.Device;
import org.iommunit.junit.DeviceAt;
import org.iommunit.junit.SimulatedIommu;
import org.junit.jupiter.api.Test;

/** An IOMMUnit assertion that fails says which call failed, with which errno, and why. */
@SimulatedIommu(platform = "multifunction-card-without-acs")
class AssertionMessageTest {
  @Test
  void failsWith_otherErrno_namesTheCallAndBothErrnos(@DeviceAt("fn0") Device fn0,
      IommuCore iommu) {
    IommuDomain domain = iommu.pagingDomainAlloc(fn0);

    Throwable failure = catchThrowable(
        () -> assertThatIommu(() -> iommu.attachDevice(domain, fn0)).failsWith(EBUSY));

    iommu.domainFree(domain);
    assertThat(failure).isInstanceOf(AssertionError.class)
        .hasMessageContaining("EBUSY").hasMessageContaining("EINVAL")
        .hasMessageContaining("iommu_attach_device");
  }
}
