package org.iommunit.samples;

import static org.assertj.core.api.Assertions.assertThat;

import org.iommunit.core.DmaOwner;
import org.iommunit.core.Group;
import org.iommunit.core.IommuCore;
import org.iommunit.device.Device;
import org.iommunit.junit.DeviceAt;
import org.iommunit.junit.SimulatedIommu;
import org.iommunit.platform.Platform;
import org.junit.jupiter.api.Test;

/**
 * {@code @DeviceAt}: a device by PCI address or by the label a ready-made platform gives it. The
 * accelerator's driver uses the DMA API, so a user claim must wait until it is unbound.
 */
@SimulatedIommu(platform = "accelerator")
class DeviceAtExampleTest {

  @Test
  void deviceClaimDmaOwner_afterUnbind_movesGroupToBlockingDomain(@DeviceAt("acc0") Device acc0,
      Platform platform, IommuCore iommu) {
    platform.unbindDriver(acc0);

    iommu.deviceClaimDmaOwner(acc0, DmaOwner.user("vfio#1"));

    assertThat(Group.of(acc0).domain()).isSameAs(Group.of(acc0).blockingDomain());
    iommu.deviceReleaseDmaOwner(acc0);
  }

  @Test
  void device_byAddressOrLabel_isTheSameDevice(@DeviceAt("0000:01:00.0") Device byAddress,
      @DeviceAt("acc0") Device byLabel) {
    assertThat(byAddress).isSameAs(byLabel);
  }
}
