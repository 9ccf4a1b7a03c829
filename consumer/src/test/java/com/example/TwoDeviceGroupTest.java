package com.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.iommunit.base.Errno.EINVAL;
import static org.iommunit.core.DomainType.UNMANAGED;

import org.iommunit.base.IommuException;
import org.iommunit.core.Group;
import org.iommunit.core.GroupState;
import org.iommunit.core.IommuCore;
import org.iommunit.core.IommuDomain;
import org.iommunit.junit.Domain;
import org.iommunit.junit.IommuGroup;
import org.iommunit.junit.SimulatedIommu;
import org.junit.jupiter.api.Test;

@SimulatedIommu
class TwoDeviceGroupTest {

  @Test
  void attachDevice_twoDeviceGroup_failsWithEinval(
      @IommuGroup(devices = {"0000:03:00.0", "0000:03:00.1"}) Group group,
      @Domain(UNMANAGED) IommuDomain domain,
      IommuCore iommu) {
    GroupState before = group.state();

    IommuException e = catchThrowableOfType(IommuException.class,
        () -> iommu.attachDevice(domain, group.devices().get(0)));

    assertThat(e.errno()).isEqualTo(EINVAL);
    assertThat(group.state()).isEqualTo(before);
  }
}
