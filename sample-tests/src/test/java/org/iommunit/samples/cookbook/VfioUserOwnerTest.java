package org.iommunit.samples.cookbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iommunit.assertj.IommuAssertions.assertThat;
import static org.iommunit.assertj.IommuAssertions.assertThatIommu;
import static org.iommunit.base.Errno.EBUSY;

import org.iommunit.base.Prot;
import org.iommunit.core.DmaOwner;
import org.iommunit.core.Group;
import org.iommunit.core.IommuCore;
import org.iommunit.core.IommuDomain;
import org.iommunit.device.Device;
import org.iommunit.device.Driver;
import org.iommunit.dma.DeviceDma;
import org.iommunit.dma.DmaResult;
import org.iommunit.junit.DeviceAt;
import org.iommunit.junit.Domain;
import org.iommunit.junit.IommuGroup;
import org.iommunit.junit.SimulatedIommu;
import org.iommunit.platform.Platform;
import org.junit.jupiter.api.Test;

/**
 * Recipe 2: a VFIO-like user-space owner. It claims the whole group, which blocks DMA; attaches
 * its own UNMANAGED domain and maps guest memory into it; and releases the group when done, which
 * returns it to its default domain. While the user owns the group, a kernel DMA-API driver cannot
 * bind. The device on the built-in platform has no driver, as after an unbind from its driver.
 */
@SimulatedIommu
class VfioUserOwnerTest {
  private static final DmaOwner.User VFIO = DmaOwner.user("vfio#1");
  private static final long GUEST_IOVA = 0x10_0000L;
  private static final long GUEST_RAM = 0x4000_0000L;
  private static final int PAGE = 0x1000;

  @Test
  void groupClaimDmaOwner_unboundGroup_blocksTheDevice(
      @IommuGroup(devices = "0000:01:00.0") Group group, @DeviceAt("0000:01:00.0") Device dev,
      IommuCore iommu) {
    iommu.groupClaimDmaOwner(group, VFIO);

    assertThat(group).isOwnedBy(VFIO).hasOwnerCount(1).isBlocked();
    assertThat(dev).faultsOn(GUEST_IOVA);
    iommu.groupReleaseDmaOwner(group);
  }

  @Test
  void attachGroup_userDomainWithGuestPage_deviceReadsGuestMemory(
      @IommuGroup(devices = "0000:01:00.0") Group group, @DeviceAt("0000:01:00.0") Device dev,
      @Domain IommuDomain domain, IommuCore iommu, Platform platform) {
    platform.memory().write(GUEST_RAM, new byte[] {7, 7, 7}, 0, 3);
    iommu.groupClaimDmaOwner(group, VFIO);
    iommu.attachGroup(domain, group);
    iommu.map(domain, GUEST_IOVA, GUEST_RAM, PAGE, Prot.READ | Prot.WRITE);

    byte[] fetched = new byte[3];
    DmaResult r = DeviceDma.of(dev).read(GUEST_IOVA, fetched);

    assertThat(r.ok()).isTrue();
    assertThat(fetched).containsExactly(7, 7, 7);
    assertThat(group).hasDomain(domain).isOwnedBy(VFIO);
    iommu.unmap(domain, GUEST_IOVA, PAGE);
    iommu.detachGroup(domain, group);
    iommu.groupReleaseDmaOwner(group);
  }

  @Test
  void bindDriver_dmaApiDriverWhileUserOwnsTheGroup_failsWithEbusy(
      @IommuGroup(devices = "0000:01:00.0") Group group, @DeviceAt("0000:01:00.0") Device dev,
      IommuCore iommu, Platform platform) {
    iommu.groupClaimDmaOwner(group, VFIO);

    assertThatIommu(platform, () -> platform.bindDriver(dev, Driver.dmaApi("e1000e")))
        .failsWith(EBUSY).leavesStateUnchanged();
    assertThat(dev).isUnbound();
    iommu.groupReleaseDmaOwner(group);
  }

  @Test
  void groupReleaseDmaOwner_afterDetach_returnsTheGroupToItsDefaultDomain(
      @IommuGroup(devices = "0000:01:00.0") Group group, @Domain IommuDomain domain,
      IommuCore iommu) {
    iommu.groupClaimDmaOwner(group, VFIO);
    iommu.attachGroup(domain, group);
    iommu.detachGroup(domain, group);

    iommu.groupReleaseDmaOwner(group);

    assertThat(group).isInDefaultDomain().isNotOwned();
  }
}
