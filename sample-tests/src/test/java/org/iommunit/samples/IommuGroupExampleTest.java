package org.iommunit.samples;

import static org.assertj.core.api.Assertions.assertThat;

import org.iommunit.core.DmaOwner;
import org.iommunit.core.Group;
import org.iommunit.core.IommuCore;
import org.iommunit.core.IommuDomain;
import org.iommunit.device.Device;
import org.iommunit.junit.Domain;
import org.iommunit.junit.IommuGroup;
import org.iommunit.junit.SimulatedIommu;
import org.junit.jupiter.api.Test;

/**
 * {@code @IommuGroup}: the group some devices share. VFIO's way to give a multi-device group to
 * a user: claim the group, then attach a domain to all of it.
 */
@SimulatedIommu
class IommuGroupExampleTest {

  @Test
  void attachGroup_claimedGroup_movesEveryDevice(
      @IommuGroup(devices = {"0000:03:00.0", "0000:03:00.1", "0000:03:00.2"}) Group group,
      @Domain IommuDomain domain, IommuCore iommu) {
    iommu.groupClaimDmaOwner(group, DmaOwner.user("vfio#1"));

    iommu.attachGroup(domain, group);

    assertThat(group.devices()).extracting(Device::name)
        .containsExactly("0000:03:00.0", "0000:03:00.1", "0000:03:00.2");
    assertThat(group.domain()).isSameAs(domain);
    iommu.detachGroup(domain, group);
    iommu.groupReleaseDmaOwner(group);
  }
}
