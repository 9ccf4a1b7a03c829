package org.iommunit.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iommunit.assertj.IommuAssertions.assertThatIommu;
import static org.iommunit.base.Errno.EBUSY;

import java.util.ArrayList;
import java.util.List;
import org.iommunit.base.Prot;
import org.iommunit.device.Device;
import org.iommunit.iommufd.Iommufd;
import org.iommunit.iommufd.IommufdDevice;
import org.iommunit.platform.Platform;
import org.iommunit.trace.Trace;
import org.iommunit.trace.TraceLevel;
import org.junit.jupiter.api.Test;

/**
 * Each iommufd ioctl, and each iommufd call a VFIO device file makes, is an {@code api} line
 * written where it starts: the core calls it made (with their ops and state lines) follow it, and
 * the line ends with its result or errno.
 */
@SimulatedIommu
class IoctlTraceTest {
  static final String FN0 = "0000:03:00.0";
  static final long RAM = 0x4000_0000L;
  static final int RW = Iommufd.IOAS_MAP_READABLE | Iommufd.IOAS_MAP_WRITEABLE;
  /** The traces of {@link Twice}, one per engine run. */
  static final List<String> TRACES = new ArrayList<>();

  @Test
  void ioasMap_deviceAttached_recordsTheIoctlLineThenItsIommuMapCalls(Iommufd fd,
      @DeviceAt(FN0) Device fn0, Trace trace) {
    fd.mm().mmap(RAM, 0x2000, Prot.READ | Prot.WRITE);
    int ioas = fd.ioasAlloc();
    IommufdDevice dev = fd.deviceBind(fn0);
    fd.deviceAttach(dev, Iommufd.NO_PASID, ioas);
    int before = trace.at(TraceLevel.API, TraceLevel.OPS).events().size();

    fd.ioasMap(ioas, RW | Iommufd.IOAS_MAP_FIXED_IOVA, RAM, 0x2000, 0x100000);

    List<String> lines = trace.at(TraceLevel.API, TraceLevel.OPS).lines();
    assertThat(lines.subList(before, lines.size())).containsExactly(
        "api   IOMMU_IOAS_MAP(flags=FIXED_IOVA|WRITEABLE|READABLE, ioas_id=1,"
            + " user_va=0x40000000, length=0x2000, iova=0x100000) = 0x100000",
        "api   iommu_map(D3:UNMANAGED, 0x100000, 0x10003000, 0x1000, 7) = 0",
        "ops   iommu0.map_pages(D3:UNMANAGED, 0x100000, 0x10003000, 0x1000, 0x1, 7) = 0x1000",
        "ops   iommu0.iotlb_sync_map(D3:UNMANAGED, 0x100000, 0x1000) = 0",
        "api   iommu_map(D3:UNMANAGED, 0x101000, 0x10007000, 0x1000, 7) = 0",
        "ops   iommu0.map_pages(D3:UNMANAGED, 0x101000, 0x10007000, 0x1000, 0x1, 7) = 0x1000",
        "ops   iommu0.iotlb_sync_map(D3:UNMANAGED, 0x101000, 0x1000) = 0");
    fd.deviceDetach(dev, Iommufd.NO_PASID);
    fd.deviceUnbind(dev);
  }

  @Test
  void deviceAttach_firstDeviceOfItsGroup_recordsTheCallThenTheCoreCallsInTheKernelsOrder(
      Iommufd fd, @DeviceAt(FN0) Device fn0, Trace trace) {
    int ioas = fd.ioasAlloc();
    IommufdDevice dev = fd.deviceBind(fn0);
    int before = trace.at(TraceLevel.API).events().size();

    fd.deviceAttach(dev, Iommufd.NO_PASID, ioas);

    List<String> lines = trace.at(TraceLevel.API).lines();
    assertThat(lines.subList(before, lines.size())).containsExactly(
        "api   iommufd_device_attach(device#2, 0, 1) = 3",
        "api   iommu_paging_domain_alloc_flags(0000:03:00.0, 0) = D3:UNMANAGED",
        "api   iommu_get_resv_regions(0000:03:00.0) = []",
        "api   iommu_attach_group_handle(D3:UNMANAGED, G0, iommufd-hwpt_paging#3) = 0");
    fd.deviceDetach(dev, Iommufd.NO_PASID);
    fd.deviceUnbind(dev);
  }

  @Test
  void destroy_ioasUnderAnAttachedHwpt_recordsEbusyAndNoCoreCall(Iommufd fd,
      @DeviceAt(FN0) Device fn0, Trace trace) {
    int ioas = fd.ioasAlloc();
    IommufdDevice dev = fd.deviceBind(fn0);
    fd.deviceAttach(dev, Iommufd.NO_PASID, ioas);
    int before = trace.events().size();

    assertThatIommu(() -> fd.destroy(ioas)).failsWith(EBUSY);

    List<String> lines = trace.lines();
    assertThat(lines.subList(before, lines.size()))
        .containsExactly("api   IOMMU_DESTROY(id=1) = -EBUSY");
    fd.deviceDetach(dev, Iommufd.NO_PASID);
    fd.deviceUnbind(dev);
  }

  @Test
  void ioasAlloc_insideAnotherIoctl_hasNoLineOfItsOwn(Iommufd fd, Platform platform,
      Trace trace) {
    int before = trace.events().size();

    platform.ioctls().callInt("OUTER_IOCTL", a -> a.dec("fd", 3), fd::ioasAlloc);

    List<String> lines = trace.lines();
    assertThat(lines.subList(before, lines.size())).containsExactly("api   OUTER_IOCTL(fd=3) = 1");
  }

  @Test
  void ioasMap_onAnotherThread_keepsItsCoreCallsRightAfterItsLine(Iommufd fd,
      @DeviceAt(FN0) Device fn0, Trace trace) throws InterruptedException {
    fd.mm().mmap(RAM, 0x1000, Prot.READ | Prot.WRITE);
    int ioas = fd.ioasAlloc();
    IommufdDevice dev = fd.deviceBind(fn0);
    fd.deviceAttach(dev, Iommufd.NO_PASID, ioas);
    int before = trace.at(TraceLevel.API).events().size();

    Thread other = new Thread(() -> fd.ioasMap(ioas, RW, RAM, 0x1000, 0));
    other.start();
    other.join();

    List<String> lines = trace.at(TraceLevel.API).lines();
    assertThat(lines.subList(before, lines.size())).containsExactly(
        "api   IOMMU_IOAS_MAP(flags=WRITEABLE|READABLE, ioas_id=1, user_va=0x40000000,"
            + " length=0x1000, iova=0x0) = 0x1000",
        "api   iommu_map(D3:UNMANAGED, 0x1000, 0x10003000, 0x1000, 7) = 0");
    fd.deviceDetach(dev, Iommufd.NO_PASID);
    fd.deviceUnbind(dev);
  }

  @Test
  void close_contextWithAHwptLeft_recordsTheCloseThenTheDomainFree(Iommufd fd,
      @DeviceAt(FN0) Device fn0, Trace trace) {
    int ioas = fd.ioasAlloc();
    IommufdDevice dev = fd.deviceBind(fn0);
    int hwpt = fd.hwptAlloc(dev.id(), ioas, 0);
    fd.deviceUnbind(dev);
    int before = trace.at(TraceLevel.API).events().size();

    fd.close();

    List<String> lines = trace.at(TraceLevel.API).lines();
    assertThat(hwpt).isEqualTo(3);
    assertThat(lines.subList(before, lines.size())).containsExactly(
        "api   close(iommufd#1) = 0", "api   iommu_domain_free(D3:UNMANAGED) = 0");
  }

  @Test
  void trace_sameIoctlsInTwoRuns_isTheSame() {
    TRACES.clear();

    Kit.assertAllPassed(Kit.run(Twice.class), 1);
    Kit.assertAllPassed(Kit.run(Twice.class), 1);

    assertThat(TRACES).hasSize(2);
    assertThat(TRACES.get(0)).contains("api   IOMMU_HWPT_ALLOC(flags=0, dev_id=2, pt_id=1) = 3")
        .contains("api   IOMMU_IOAS_UNMAP(ioas_id=1, iova=0x0, length=0xffffffffffffffff)"
            + " = 0x3000");
    assertThat(TRACES.get(1)).isEqualTo(TRACES.get(0));
  }

  @TestKitOnly
  @SimulatedIommu
  static class Twice {
    @Test
    void bindAllocAttachMapUnmap(Iommufd fd, @DeviceAt(FN0) Device fn0, Trace trace) {
      fd.mm().mmap(RAM, 0x3000, Prot.READ | Prot.WRITE);
      int ioas = fd.ioasAlloc();
      IommufdDevice dev = fd.deviceBind(fn0);
      int hwpt = fd.hwptAlloc(dev.id(), ioas, 0);
      fd.deviceAttach(dev, Iommufd.NO_PASID, hwpt);
      fd.ioasMap(ioas, RW, RAM, 0x3000, 0);
      fd.ioasUnmap(ioas, 0, -1L);
      fd.deviceDetach(dev, Iommufd.NO_PASID);
      fd.destroy(hwpt);
      fd.deviceUnbind(dev);

      TRACES.add(trace.text());
    }
  }
}
