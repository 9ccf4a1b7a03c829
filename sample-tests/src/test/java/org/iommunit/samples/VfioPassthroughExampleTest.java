package org.iommunit.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iommunit.assertj.IommuAssertions.assertThat;
import static org.iommunit.assertj.IommuAssertions.assertThatIommu;
import static org.iommunit.base.Errno.EBUSY;
import static org.iommunit.base.Errno.EEXIST;

import org.iommunit.base.Prot;
import org.iommunit.core.Group;
import org.iommunit.device.Device;
import org.iommunit.device.Driver;
import org.iommunit.device.PciBuilder;
import org.iommunit.device.PciType;
import org.iommunit.dma.DeviceDma;
import org.iommunit.junit.GoldenTrace;
import org.iommunit.junit.SimulatedIommu;
import org.iommunit.mm.Mm;
import org.iommunit.platform.Platform;
import org.iommunit.vfio.Vfio;
import org.iommunit.vfio.VfioUapi;
import org.junit.jupiter.api.Test;

/**
 * Recipe: a VMM's VFIO passthrough path through {@link Vfio}, whose ioctls make the core calls
 * the kernel makes. The golden trace shows them in order: the group claim at {@code
 * VFIO_GROUP_SET_CONTAINER}, the paging domain and its attach at {@code VFIO_SET_IOMMU}, one
 * {@code iommu_map} per physically contiguous run of guest memory, the NIC's reset ({@code
 * VFIO_DEVICE_RESET}: the NIC, which has ATS, parked on the group's blocking domain by {@code
 * pci_dev_reset_iommu_prepare} and put back by {@code pci_dev_reset_iommu_done}), and the way
 * back. The platform is the multifunction card without ACS: three functions in one group.
 */
@SimulatedIommu(platform = "multifunction-card-without-acs")
class VfioPassthroughExampleTest {
  private static final long GUEST_RAM = 0x7f00_0000_0000L;
  private static final long GUEST_SIZE = 0x2000;
  private static final String NIC = "0000:03:00.0";

  private static Vfio vfioFor(Platform platform) {
    Mm qemu = platform.sva().mmAlloc("qemu");
    qemu.mmap(GUEST_RAM, GUEST_SIZE, Prot.READ | Prot.WRITE);
    Vfio vfio = new Vfio(platform, qemu);
    for (Device d : platform.group(NIC).devices()) {
      vfio.bindVfioPci(d);
    }
    return vfio;
  }

  @Test
  @GoldenTrace
  void mapDma_vmmPassthrough_claimsAttachesMapsAndReleasesInTheKernelsOrder(Platform platform) {
    Vfio vfio = vfioFor(platform);
    Group group = platform.group(NIC);
    int container = vfio.openContainer();
    int groupFd = vfio.openGroup(group);
    vfio.groupSetContainer(groupFd, container);
    vfio.setIommu(container, VfioUapi.TYPE1V2_IOMMU);

    vfio.mapDma(container, GUEST_RAM, 0, GUEST_SIZE);
    int nic = vfio.groupGetDeviceFd(groupFd, NIC);

    assertThat(DeviceDma.of(platform.device(NIC)).write(0x1000, new byte[] {1}).ok()).isTrue();
    vfio.deviceReset(nic); // VFIO_DEVICE_RESET: FLR inside pci_dev_reset_iommu_prepare/done
    assertThat(DeviceDma.of(platform.device(NIC)).write(0x1000, new byte[] {2}).ok()).isTrue();
    vfio.close(nic);
    vfio.unmapDmaAll(container);
    vfio.close(groupFd);
    vfio.close(container);
    assertThat(group).isInDefaultDomain().hasOwnerCount(0);
  }

  @Test
  void mapDma_overlappingGuestRange_failsWithEexistAndChangesNothing(Platform platform) {
    Vfio vfio = vfioFor(platform);
    int container = vfio.openContainer();
    int groupFd = vfio.openGroup(platform.group(NIC));
    vfio.groupSetContainer(groupFd, container);
    vfio.setIommu(container, VfioUapi.TYPE1V2_IOMMU);
    vfio.mapDma(container, GUEST_RAM, 0, GUEST_SIZE);

    assertThatIommu(platform, () -> vfio.mapDma(container, GUEST_RAM, 0x1000, 0x1000))
        .failsWith(EEXIST).leavesStateUnchanged();
    vfio.close(groupFd);
    vfio.close(container);
  }

  @Test
  void bindDriver_dmaApiDriverOnSiblingHotpluggedIntoVfioGroup_failsWithEbusy(
      Platform platform) {
    Vfio vfio = vfioFor(platform);
    int container = vfio.openContainer();
    int groupFd = vfio.openGroup(platform.group(NIC));
    vfio.groupSetContainer(groupFd, container);
    Device sibling = platform.hotplug(PciBuilder.function("0000:03:00.3", PciType.ENDPOINT));

    assertThatIommu(platform, () -> platform.bindDriver(sibling, Driver.dmaApi("igb")))
        .failsWith(EBUSY).leavesStateUnchanged();
    vfio.close(groupFd);
    vfio.close(container);
  }
}
