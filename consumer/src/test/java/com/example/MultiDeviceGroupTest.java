package com.example;

import static org.iommunit.assertj.IommuAssertions.assertThat;
import static org.iommunit.assertj.IommuAssertions.assertThatIommu;
import static org.iommunit.base.Errno.EINVAL;

import org.iommunit.core.Group;
import org.iommunit.core.IommuCore;
import org.iommunit.core.IommuDomain;
import org.iommunit.device.Device;
import org.iommunit.driver.Vendor;
import org.iommunit.junit.DeviceAt;
import org.iommunit.junit.GoldenTrace;
import org.iommunit.junit.IommuGroup;
import org.iommunit.junit.SimulatedIommu;
import org.junit.jupiter.api.Test;

@SimulatedIommu(platform = "multifunction-card-without-acs", vendor = Vendor.ARM_SMMU_V3)
class MultiDeviceGroupTest {
  @Test
  @GoldenTrace // src/test/resources/iommunit/MultiDeviceGroupTest/<method>.trace
  void attachDevice_multiDeviceGroup_failsWithEinval(@DeviceAt("fn0") Device fn0,
      @IommuGroup(devices = {"fn0", "fn1", "fn2"}) Group group, IommuCore iommu) {
    IommuDomain domain = iommu.pagingDomainAlloc(fn0);

    assertThatIommu(() -> iommu.attachDevice(domain, fn0)).failsWith(EINVAL);
    assertThat(group).isInDefaultDomain().isNotOwned();
    iommu.domainFree(domain);
  }
}
