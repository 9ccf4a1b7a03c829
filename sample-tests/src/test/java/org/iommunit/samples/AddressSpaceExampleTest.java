package org.iommunit.samples;

import static org.assertj.core.api.Assertions.assertThat;

import org.iommunit.base.Prot;
import org.iommunit.device.Device;
import org.iommunit.junit.AddressSpace;
import org.iommunit.junit.DeviceAt;
import org.iommunit.junit.SimulatedIommu;
import org.iommunit.mm.Mm;
import org.iommunit.sva.Sva;
import org.iommunit.sva.SvaHandle;
import org.junit.jupiter.api.Test;

/**
 * {@code @AddressSpace}: a process the test names, created on first use and ended at teardown.
 * Its PASID is global: allocated at the first bind and kept by the mm after the last unbind.
 */
@SimulatedIommu(platform = "accelerator")
class AddressSpaceExampleTest {

  @Test
  void unbindDevice_lastBind_keepsTheMmsPasid(@AddressSpace("proc1") Mm proc1,
      @DeviceAt("acc0") Device acc0, Sva sva) {
    proc1.mmap(0x10_0000L, 0x4000, Prot.READ | Prot.WRITE);
    SvaHandle handle = sva.bindDevice(acc0, proc1);
    int pasid = proc1.pasid();

    sva.unbindDevice(handle);

    assertThat(proc1.pasid()).isEqualTo(pasid);
    assertThat(sva.pasidInUse(pasid)).isTrue();
  }
}
