package org.iommunit.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.iommunit.base.Errno.EIO;
import static org.iommunit.base.Errno.ENOMEM;
import static org.iommunit.base.Errno.ENOSPC;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.doThrow;

import org.iommunit.base.IommuException;
import org.iommunit.base.Prot;
import org.iommunit.core.DmaOwner;
import org.iommunit.core.Group;
import org.iommunit.core.GroupState;
import org.iommunit.core.IommuCore;
import org.iommunit.core.IommuDomain;
import org.iommunit.core.IommuOps;
import org.iommunit.device.Device;
import org.iommunit.device.PciBuilder;
import org.iommunit.device.PciType;
import org.iommunit.mm.Mm;
import org.iommunit.platform.Platform;
import org.iommunit.sva.Sva;
import org.iommunit.sva.SvaHandle;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link InjectFault} and free-form stubbing of the {@link VendorOps} spy. */
class FaultInjectionTest {
  static final String NIC = "0000:01:00.0";
  static final String FN0 = "0000:03:00.0";
  static final String FN1 = "0000:03:00.1";

  @Test
  void injectFault_attachDev_failsOnceLeavesGroupUnchangedThenSucceeds() {
    Kit.assertAllPassed(Kit.run(AttachFault.class), 1);
  }

  @Test
  void injectFault_afterAndTimes_failsExactlyTheCountedCalls() {
    Kit.assertAllPassed(Kit.run(CountedFault.class), 2);
  }

  @Test
  void injectFault_mapPages_failsMapWithoutMappingAnything() {
    Kit.assertAllPassed(Kit.run(MapFault.class), 1);
  }

  @Test
  void injectFault_onClass_sparesLifecycleMethodsAndInjection() {
    Kit.assertAllPassed(Kit.run(ClassFault.class), 1);
  }

  @Test
  void injectFault_attachDevOfStaticBlockedDomain_failsClaimAndKeepsDefaultDomain() {
    Kit.assertAllPassed(Kit.run(StaticDomainFault.class), 1);
  }

  @Test
  void injectFault_probeDevice_failsHotplugAndTakesDeviceOffTheBusAgain() {
    Kit.assertAllPassed(Kit.run(ProbeFault.class), 1);
  }

  @Test
  void injectFault_domainAllocSva_failsBindAndLeavesNoPasidAttached() {
    Kit.assertAllPassed(Kit.run(SvaFault.class), 1);
  }

  @Test
  void vendorOps_stubbedInTestBody_changesWhatTheDriverDoes() {
    Kit.assertAllPassed(Kit.run(Stubbed.class), 1);
  }

  @TestKitOnly
  @SimulatedIommu
  static class AttachFault {
    @Test
    @InjectFault(op = "attach_dev", errno = ENOMEM)
    void attachGroup(@IommuGroup(devices = {FN0, FN1}) Group group, @Domain IommuDomain domain,
        IommuCore iommu) {
      GroupState before = group.state();

      IommuException e = catchThrowableOfType(IommuException.class,
          () -> iommu.attachGroup(domain, group));

      assertThat(e.errno()).isEqualTo(ENOMEM);
      assertThat(e.getMessage()).contains("fault injected by @InjectFault(op = \"attach_dev\","
          + " errno = ENOMEM, times = 1, after = 0)");
      assertThat(group.state()).isEqualTo(before);
      iommu.attachGroup(domain, group);
      assertThat(group.domain()).isSameAs(domain);
      iommu.detachGroup(domain, group);
    }
  }

  @TestKitOnly
  @SimulatedIommu
  static class CountedFault {
    @Test
    @InjectFault(op = "domain_alloc_paging", errno = ENOSPC, times = 2, after = 1)
    void pagingDomainAlloc(@DeviceAt(NIC) Device nic, IommuCore iommu) {
      IommuDomain first = iommu.pagingDomainAlloc(nic);
      IommuException second = catchThrowableOfType(IommuException.class,
          () -> iommu.pagingDomainAlloc(nic));
      IommuException third = catchThrowableOfType(IommuException.class,
          () -> iommu.pagingDomainAlloc(nic));
      IommuDomain fourth = iommu.pagingDomainAlloc(nic);

      assertThat(second.errno()).isEqualTo(ENOSPC);
      assertThat(third.errno()).isEqualTo(ENOSPC);
      iommu.domainFree(first);
      iommu.domainFree(fourth);
    }

    @Test
    @InjectFault(op = "domain_alloc_paging", errno = ENOSPC)
    void pagingDomainAllocFlags_withFlags_isNotDomainAllocPaging(@DeviceAt(NIC) Device nic,
        IommuCore iommu) {
      IommuDomain withFlags = iommu.pagingDomainAllocFlags(nic, IommuOps.ALLOC_PASID);
      IommuException plain = catchThrowableOfType(IommuException.class,
          () -> iommu.pagingDomainAlloc(nic));

      assertThat(plain.errno()).isEqualTo(ENOSPC);
      iommu.domainFree(withFlags);
    }
  }

  @TestKitOnly
  @SimulatedIommu
  static class MapFault {
    @Test
    @InjectFault(op = "map_pages", errno = ENOMEM)
    void map(@Domain IommuDomain domain, @DeviceAt(NIC) Device nic, IommuCore iommu) {
      IommuException e = catchThrowableOfType(IommuException.class,
          () -> iommu.map(domain, 0x10_0000L, 0x8000_0000L, 0x1000, Prot.READ | Prot.WRITE));

      assertThat(e.errno()).isEqualTo(ENOMEM);
      assertThat(iommu.iovaToPhys(domain, 0x10_0000L)).isZero();
      iommu.map(domain, 0x10_0000L, 0x8000_0000L, 0x1000, Prot.READ | Prot.WRITE);
      assertThat(iommu.iovaToPhys(domain, 0x10_0000L)).isEqualTo(0x8000_0000L);
      iommu.unmap(domain, 0x10_0000L, 0x1000);
    }
  }

  @TestKitOnly
  @SimulatedIommu
  @InjectFault(op = "domain_alloc_paging", errno = EIO)
  static class ClassFault {
    IommuDomain fromSetUp;

    @BeforeEach
    void setUp(@DeviceAt(NIC) Device nic, IommuCore iommu) {
      fromSetUp = iommu.pagingDomainAlloc(nic);
    }

    @Test
    void body(@Domain IommuDomain injected, @DeviceAt(NIC) Device nic, IommuCore iommu) {
      IommuException e = catchThrowableOfType(IommuException.class,
          () -> iommu.pagingDomainAlloc(nic));

      assertThat(e.errno()).isEqualTo(EIO);
      assertThat(injected.isFreed()).isFalse();
      iommu.domainFree(fromSetUp);
    }
  }

  @TestKitOnly
  @SimulatedIommu
  static class StaticDomainFault {
    @Test
    @InjectFault(op = "attach_dev", errno = EIO)
    void groupClaimDmaOwner(@IommuGroup(devices = NIC) Group group, IommuCore iommu) {
      IommuException e = catchThrowableOfType(IommuException.class,
          () -> iommu.groupClaimDmaOwner(group, DmaOwner.user("vfio#1")));

      assertThat(e.errno()).isEqualTo(EIO);
      assertThat(group.owner()).isEqualTo(DmaOwner.NONE);
      assertThat(group.domain()).isSameAs(group.defaultDomain());
      iommu.groupClaimDmaOwner(group, DmaOwner.user("vfio#1"));
      assertThat(group.domain()).isSameAs(group.blockingDomain());
      iommu.groupReleaseDmaOwner(group);
    }
  }

  @TestKitOnly
  @SimulatedIommu
  static class ProbeFault {
    @Test
    @InjectFault(op = "probe_device", errno = ENOMEM)
    void hotplug(@DeviceAt(NIC) Device nic, Platform platform) {
      IommuException e = catchThrowableOfType(IommuException.class, () -> platform.hotplug(
          PciBuilder.function("0000:01:01.0", PciType.ENDPOINT).behind("iommu0")));

      assertThat(e.errno()).isEqualTo(ENOMEM);
      assertThat(platform.topology().device("0000:01:01.0")).isEmpty();
      Device second = platform.hotplug(
          PciBuilder.function("0000:01:02.0", PciType.ENDPOINT).behind("iommu0"));
      assertThat(Group.of(second)).isNotNull();
    }
  }

  @TestKitOnly
  @SimulatedIommu(platform = "accelerator")
  static class SvaFault {
    @Test
    @InjectFault(op = "domain_alloc_sva", errno = ENOMEM)
    void bindDevice(@AddressSpace("proc1") Mm proc1, @DeviceAt("acc0") Device acc0, Sva sva) {
      IommuException e = catchThrowableOfType(IommuException.class,
          () -> sva.bindDevice(acc0, proc1));

      assertThat(e.errno()).isEqualTo(ENOMEM);
      assertThat(Group.of(acc0).state().pasidArray()).isEmpty();
      SvaHandle handle = sva.bindDevice(acc0, proc1);
      sva.unbindDevice(handle);
    }
  }

  @TestKitOnly
  @SimulatedIommu
  static class Stubbed {
    @Test
    void stub(@VendorOps IommuOps ops, @DeviceAt(NIC) Device nic, IommuCore iommu) {
      doThrow(new IommuException(ENOSPC, "domain_alloc_paging_flags", "domain ids exhausted"))
          .when(ops).domainAllocPagingFlags(any(), anyInt());

      IommuException e = catchThrowableOfType(IommuException.class,
          () -> iommu.pagingDomainAlloc(nic));

      assertThat(e.errno()).isEqualTo(ENOSPC);
      assertThat(e.getMessage()).contains("domain ids exhausted");
    }
  }
}
