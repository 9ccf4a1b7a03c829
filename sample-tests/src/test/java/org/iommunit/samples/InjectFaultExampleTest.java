package org.iommunit.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.iommunit.base.Errno.ENOMEM;

import org.iommunit.base.IommuException;
import org.iommunit.core.DevIommu;
import org.iommunit.core.Group;
import org.iommunit.core.GroupState;
import org.iommunit.core.IommuCore;
import org.iommunit.core.IommuDomain;
import org.iommunit.junit.Domain;
import org.iommunit.junit.InjectFault;
import org.iommunit.junit.IommuGroup;
import org.iommunit.junit.SimulatedIommu;
import org.junit.jupiter.api.Test;

/**
 * {@code @InjectFault}: a driver op fails with an errno while the test runs. When {@code
 * attach_dev} fails for the second function, the core puts the first one back: the group is
 * exactly as it was, and a retry succeeds.
 */
@SimulatedIommu
class InjectFaultExampleTest {

  @Test
  @InjectFault(op = "attach_dev", errno = ENOMEM, after = 1)
  void attachGroup_secondDeviceOutOfMemory_failsWithEnomemAndRevertsTheFirst(
      @IommuGroup(devices = {"0000:03:00.0", "0000:03:00.1"}) Group group,
      @Domain IommuDomain domain, IommuCore iommu) {
    GroupState before = group.state();

    IommuException e = catchThrowableOfType(IommuException.class,
        () -> iommu.attachGroup(domain, group));

    assertThat(e.errno()).isEqualTo(ENOMEM);
    assertThat(group.state()).isEqualTo(before);
    assertThat(DevIommu.of(group.devices().get(0)).hwDomain()).isSameAs(before.domain());
    iommu.attachGroup(domain, group);
    iommu.detachGroup(domain, group);
  }
}
