package org.iommunit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import org.iommunit.base.Prot;
import org.iommunit.core.Group;
import org.iommunit.device.Device;
import org.iommunit.mm.Mm;
import org.iommunit.vfio.Vfio;
import org.iommunit.vfio.VfioUapi;
import org.junit.jupiter.api.Test;

/** The injected VFIO: one per test, in the process vmm, its files closed at teardown. */
class VfioInjectionTest {
  static final String FN0 = "0000:03:00.0";

  @Test
  void resolveParameter_vfio_givesOneVfioInTheProcessVmm() {
    Kit.assertAllPassed(Kit.run(Injected.class), 1);
  }

  @Test
  void afterEach_groupLeftInAContainerWithMappings_closesItsFilesWithoutALeak() {
    Kit.assertAllPassed(Kit.run(LeftOpen.class), 1);
  }

  @TestKitOnly
  @SimulatedIommu
  static class Injected {
    @Simulated Vfio fromField;

    @Test
    void open(Vfio vfio, @AddressSpace("vmm") Mm vmm) {
      assertThat(vfio).isSameAs(fromField);
      assertThat(vfio.mm()).isSameAs(vmm);
      assertThat(vfio.openContainer()).isEqualTo(3);
    }
  }

  @TestKitOnly
  @SimulatedIommu(platform = "multifunction-card-without-acs")
  static class LeftOpen {
    @Test
    void passthroughWithoutClosing(Vfio vfio, @DeviceAt(FN0) Device fn0) {
      vfio.mm().mmap(0x4000_0000L, 0x2000, Prot.READ | Prot.WRITE);
      for (Device d : Group.of(fn0).devices()) {
        vfio.bindVfioPci(d);
      }
      int container = vfio.openContainer();
      int group = vfio.openGroup(Group.of(fn0));
      vfio.groupSetContainer(group, container);
      vfio.setIommu(container, VfioUapi.TYPE1V2_IOMMU);
      vfio.mapDma(container, 0x4000_0000L, 0, 0x2000);
      vfio.groupGetDeviceFd(group, fn0);

      assertThat(Group.of(fn0).owner()).isEqualTo(Vfio.groupOwner(Group.of(fn0)));
    }
  }
}
