package org.iommunit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import org.iommunit.base.Prot;
import org.iommunit.core.Group;
import org.iommunit.device.Device;
import org.iommunit.iommufd.Iommufd;
import org.iommunit.iommufd.IommufdDevice;
import org.iommunit.mm.Mm;
import org.junit.jupiter.api.Test;

/** The injected iommufd context: one per test, in the process vmm, closed at teardown. */
class IommufdInjectionTest {
  static final String FN0 = "0000:03:00.0";

  @Test
  void resolveParameter_iommufd_opensOneContextInTheProcessVmm() {
    Kit.assertAllPassed(Kit.run(Injected.class), 1);
  }

  @Test
  void afterEach_contextWithMappingsAndAnAttachedDevice_closesItWithoutALeak() {
    Kit.assertAllPassed(Kit.run(ClosedAtTeardown.class), 1);
  }

  @Test
  void afterEach_deviceLeftBound_failsNamingWhatTheContextStillHolds() {
    String message = Kit.onlyMessage(Kit.run(LeftBound.class));

    assertThat(message).contains("iommufd context iommufd#1 still holds [device#2]");
  }

  @TestKitOnly
  @SimulatedIommu
  static class Injected {
    @Simulated Iommufd fromField;

    @Test
    void open(Iommufd fd, @AddressSpace("vmm") Mm vmm) {
      assertThat(fd).isSameAs(fromField);
      assertThat(fd.mm()).isSameAs(vmm);
      assertThat(fd.ioasAlloc()).isEqualTo(1);
    }
  }

  @TestKitOnly
  @SimulatedIommu
  static class ClosedAtTeardown {
    @Test
    void bindAttachMap(Iommufd fd, @DeviceAt(FN0) Device fn0) {
      fd.mm().mmap(0x4000_0000L, 0x2000, Prot.READ | Prot.WRITE);
      int ioas = fd.ioasAlloc();
      IommufdDevice dev = fd.deviceBind(fn0);
      fd.deviceAttach(dev, Iommufd.NO_PASID, ioas);
      fd.ioasMap(ioas, Iommufd.IOAS_MAP_READABLE, 0x4000_0000L, 0x2000, 0);
      fd.deviceDetach(dev, Iommufd.NO_PASID);
      fd.deviceUnbind(dev);

      assertThat(Group.of(fn0).owner().toString()).isEqualTo("NONE");
    }
  }

  @TestKitOnly
  @SimulatedIommu
  static class LeftBound {
    @Test
    void bind(Iommufd fd, @DeviceAt(FN0) Device fn0) {
      fd.ioasAlloc();
      fd.deviceBind(fn0);
    }
  }
}
