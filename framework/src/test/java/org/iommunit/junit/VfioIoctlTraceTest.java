package org.iommunit.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iommunit.assertj.IommuAssertions.assertThatIommu;
import static org.iommunit.base.Errno.EBUSY;

import java.util.List;
import org.iommunit.base.Prot;
import org.iommunit.core.Group;
import org.iommunit.device.Device;
import org.iommunit.trace.Trace;
import org.iommunit.trace.TraceLevel;
import org.iommunit.vfio.Vfio;
import org.iommunit.vfio.VfioUapi;
import org.junit.jupiter.api.Test;

/**
 * Each VFIO ioctl, and each open and close of a VFIO file, is an {@code api} line written where
 * it starts, the core calls it made after it; what VFIO's iommufd compatibility code does on the
 * way has no line of its own.
 */
@SimulatedIommu(platform = "multifunction-card-without-acs")
class VfioIoctlTraceTest {
  static final String FN0 = "0000:03:00.0";
  static final long RAM = 0x4000_0000L;

  private static Group boundGroup(Vfio vfio, Device fn0) {
    vfio.mm().mmap(RAM, 0x1000, Prot.READ | Prot.WRITE);
    for (Device d : Group.of(fn0).devices()) {
      vfio.bindVfioPci(d);
    }
    return Group.of(fn0);
  }

  private static List<String> apiLinesFrom(Trace trace, int from) {
    List<String> lines = trace.at(TraceLevel.API).lines();
    return lines.subList(from, lines.size());
  }

  @Test
  void groupSetContainer_type1Container_recordsTheIoctlThenTheGroupClaim(Vfio vfio,
      @DeviceAt(FN0) Device fn0, Trace trace) {
    int container = vfio.openContainer();
    int groupFd = vfio.openGroup(boundGroup(vfio, fn0));
    int from = trace.at(TraceLevel.API).events().size();

    vfio.groupSetContainer(groupFd, container);

    assertThat(apiLinesFrom(trace, from)).containsExactly(
        "api   VFIO_GROUP_SET_CONTAINER(fd=4, container_fd=3) = 0",
        "api   iommu_group_claim_dma_owner(G1, USER(/dev/vfio/1)) = 0");
  }

  @Test
  void groupGetDeviceFd_groupInAnIommufdContext_recordsOneLineThenTheBindAndAttachCoreCalls(
      Vfio vfio, @DeviceAt(FN0) Device fn0, Trace trace) {
    Group group = boundGroup(vfio, fn0);
    int iommufd = vfio.openIommufd("iommufd#1");
    int groupFd = vfio.openGroup(group);
    vfio.groupSetContainer(groupFd, iommufd);
    vfio.setIommu(iommufd, VfioUapi.TYPE1V2_IOMMU);
    int from = trace.at(TraceLevel.API).events().size();

    vfio.groupGetDeviceFd(groupFd, FN0);

    assertThat(apiLinesFrom(trace, from)).containsExactly(
        "api   VFIO_GROUP_GET_DEVICE_FD(fd=4, name=0000:03:00.0) = 5",
        "api   iommu_device_claim_dma_owner(0000:03:00.0, USER(iommufd#1)) = 0",
        "api   iommu_paging_domain_alloc_flags(0000:03:00.0, 0) = D4:UNMANAGED",
        "api   iommu_get_resv_regions(0000:03:00.0) = []",
        "api   iommu_attach_group_handle(D4:UNMANAGED, G1, iommufd-hwpt_paging#3) = 0");
  }

  @Test
  void mapDma_onAnIommufdContext_recordsNoIoasMapLineOfItsOwn(Vfio vfio,
      @DeviceAt(FN0) Device fn0, Trace trace) {
    Group group = boundGroup(vfio, fn0);
    int iommufd = vfio.openIommufd("iommufd#1");
    int groupFd = vfio.openGroup(group);
    vfio.groupSetContainer(groupFd, iommufd);
    vfio.setIommu(iommufd, VfioUapi.TYPE1V2_IOMMU);
    vfio.groupGetDeviceFd(groupFd, FN0);
    int from = trace.at(TraceLevel.API).events().size();

    vfio.mapDma(iommufd, RAM, 0, 0x1000);

    assertThat(apiLinesFrom(trace, from)).containsExactly(
        "api   VFIO_IOMMU_MAP_DMA(fd=3, flags=READ|WRITE, vaddr=0x40000000, iova=0x0,"
            + " size=0x1000) = 0",
        "api   iommu_map(D4:UNMANAGED, 0x0, 0x10004000, 0x1000, 7) = 0");
  }

  @Test
  void openGroup_groupFileOpenAlready_recordsEbusyAndNoCoreCall(Vfio vfio,
      @DeviceAt(FN0) Device fn0, Trace trace) {
    Group group = boundGroup(vfio, fn0);
    vfio.openGroup(group);
    int from = trace.events().size();

    assertThatIommu(() -> vfio.openGroup(group)).failsWith(EBUSY);

    List<String> lines = trace.lines();
    assertThat(lines.subList(from, lines.size()))
        .containsExactly("api   open(/dev/vfio/1) = -EBUSY");
  }
}
