package org.iommunit.samples.cookbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iommunit.assertj.IommuAssertions.assertThat;
import static org.iommunit.assertj.IommuAssertions.assertThatIommu;
import static org.iommunit.base.Errno.EBUSY;
import static org.iommunit.base.Errno.EINVAL;

import org.iommunit.base.Prot;
import org.iommunit.core.Group;
import org.iommunit.device.Device;
import org.iommunit.dma.DeviceDma;
import org.iommunit.dma.DmaResult;
import org.iommunit.iommufd.HwptPaging;
import org.iommunit.iommufd.Iommufd;
import org.iommunit.iommufd.IommufdDevice;
import org.iommunit.iommufd.ObjectType;
import org.iommunit.junit.DeviceAt;
import org.iommunit.junit.GoldenTrace;
import org.iommunit.junit.IommuGroup;
import org.iommunit.junit.SimulatedIommu;
import org.junit.jupiter.api.Test;

/**
 * Recipe: a VMM passes a two-function card through with iommufd. It binds both functions (each
 * bind claims the function's DMA ownership for the context), attaches the first to an IOAS,
 * which makes an automatic HWPT and attaches the group to its domain, attaches the second to the
 * same HWPT (no core call: the group is attached already), and maps guest RAM, which pins the
 * VMM's pages and maps them through {@code iommu_map}. The golden trace shows each ioctl and
 * kernel call of the context ({@code IOMMU_IOAS_MAP}, {@code iommufd_device_attach}, ...) with
 * the core calls it made after it, in the kernel's order.
 */
@SimulatedIommu
class IommufdPassthroughTest {
  private static final String FN0 = "0000:03:00.0";
  private static final String FN1 = "0000:03:00.1";
  private static final long GUEST_RAM = 0x4000_0000L;
  private static final long SIZE = 0x4000;
  private static final int RW = Iommufd.IOAS_MAP_READABLE | Iommufd.IOAS_MAP_WRITEABLE;

  @Test
  @GoldenTrace
  void deviceAttach_bothFunctionsThenGuestRam_deviceReadsGuestMemory(Iommufd fd,
      @IommuGroup(devices = {FN0, FN1}) Group card, @DeviceAt(FN0) Device fn0,
      @DeviceAt(FN1) Device fn1) {
    fd.mm().mmap(GUEST_RAM, SIZE, Prot.READ | Prot.WRITE);
    fd.mm().write(GUEST_RAM + 0x1000, new byte[] {4, 2});
    int ioas = fd.ioasAlloc();
    IommufdDevice dev0 = fd.deviceBind(fn0);
    IommufdDevice dev1 = fd.deviceBind(fn1);
    int hwpt = fd.deviceAttach(dev0, Iommufd.NO_PASID, ioas);
    fd.deviceAttach(dev1, Iommufd.NO_PASID, hwpt);
    long iova = fd.ioasMap(ioas, RW, GUEST_RAM, SIZE, 0);

    byte[] fetched = new byte[2];
    DmaResult r = DeviceDma.of(fn1).read(iova + 0x1000, fetched);

    assertThat(r.ok()).isTrue();
    assertThat(fetched).containsExactly(4, 2);
    assertThat(fd).holdsObject(hwpt, ObjectType.HWPT_PAGING).hasObjectUsers(hwpt, 3)
        .hasPinnedPages(4).hasArea(ioas, iova, SIZE);
    assertThat(card).isOwnedBy(fd.owner()).hasOwnerCount(2).hasDomain(fd.object(hwpt,
        HwptPaging.class).domain());
    fd.deviceDetach(dev1, Iommufd.NO_PASID);
    fd.deviceDetach(dev0, Iommufd.NO_PASID);
    fd.deviceUnbind(dev1);
    fd.deviceUnbind(dev0);
  }

  @Test
  void destroy_ioasUnderAnAttachedHwpt_failsWithEbusy(Iommufd fd, @DeviceAt(FN0) Device fn0) {
    int ioas = fd.ioasAlloc();
    IommufdDevice dev = fd.deviceBind(fn0);
    fd.deviceAttach(dev, Iommufd.NO_PASID, ioas);

    assertThatIommu(() -> fd.destroy(ioas)).failsWith(EBUSY);

    fd.deviceDetach(dev, Iommufd.NO_PASID);
    fd.destroy(ioas);
    assertThat(fd).holdsNoObject(ioas);
    fd.deviceUnbind(dev);
  }

  @Test
  void deviceAttach_siblingAskingForAnotherHwpt_failsWithEinval(Iommufd fd,
      @IommuGroup(devices = {FN0, FN1}) Group card, @DeviceAt(FN0) Device fn0,
      @DeviceAt(FN1) Device fn1) {
    int ioas = fd.ioasAlloc();
    IommufdDevice dev0 = fd.deviceBind(fn0);
    IommufdDevice dev1 = fd.deviceBind(fn1);
    fd.deviceAttach(dev0, Iommufd.NO_PASID, ioas);
    int other = fd.hwptAlloc(dev1.id(), ioas, 0);

    assertThatIommu(() -> fd.deviceAttach(dev1, Iommufd.NO_PASID, other)).failsWith(EINVAL);

    fd.destroy(other);
    fd.deviceDetach(dev0, Iommufd.NO_PASID);
    fd.deviceUnbind(dev1);
    fd.deviceUnbind(dev0);
  }
}
