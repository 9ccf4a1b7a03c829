package com.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.iommunit.base.Errno;
import org.iommunit.base.IommuException;
import org.iommunit.core.Invariants;
import org.iommunit.core.IommuDomain;
import org.iommunit.device.Device;
import org.iommunit.platform.Platform;
import org.iommunit.platform.Platforms;
import org.junit.jupiter.api.Test;

class FixturesAloneTest {
  @Test
  void attachDevice_multiDeviceGroup_failsWithEinval() {
    Platform platform = Platforms.multifunctionCardWithoutAcs().build();
    Device fn0 = platform.device("fn0");                  // 0000:03:00.0
    IommuDomain domain = platform.iommu().pagingDomainAlloc(fn0);

    IommuException e = catchThrowableOfType(IommuException.class,
        () -> platform.iommu().attachDevice(domain, fn0));

    assertThat(e.errno()).isEqualTo(Errno.EINVAL);        // the group has 3 devices
    assertThat(Invariants.check(platform.iommu())).isEmpty();
  }
}
