package org.iommunit.samples;

import static org.assertj.core.api.Assertions.assertThat;

import org.iommunit.device.Device;
import org.iommunit.junit.AddressSpace;
import org.iommunit.junit.DeviceAt;
import org.iommunit.junit.SimulatedIommu;
import org.iommunit.junit.SvaBind;
import org.iommunit.mm.Mm;
import org.iommunit.sva.Sva;
import org.iommunit.sva.SvaHandle;
import org.junit.jupiter.api.Test;

/**
 * {@code @SvaBind}: a device bound to a process with {@code iommu_sva_bind_device()}, unbound by
 * the extension at teardown. Binding the same device and process again returns the same handle
 * with one more reference, which the test drops itself.
 */
@SimulatedIommu(platform = "accelerator")
class SvaBindExampleTest {

  @Test
  void bindDevice_sameDeviceAndMmTwice_returnsSameHandle(
      @SvaBind(device = "acc0", mm = "proc1") SvaHandle first,
      @AddressSpace("proc1") Mm proc1, @DeviceAt("acc0") Device acc0, Sva sva) {
    SvaHandle second = sva.bindDevice(acc0, proc1);

    assertThat(second).isSameAs(first);
    assertThat(first.users()).isEqualTo(2);
    assertThat(sva.getPasid(second)).isEqualTo(proc1.pasid());
    sva.unbindDevice(second);
  }
}
