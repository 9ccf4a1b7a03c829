package org.iommunit.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iommunit.core.DomainType.UNMANAGED;
import static org.mockito.Mockito.mockingDetails;
import static org.mockito.Mockito.verify;

import org.iommunit.core.DomainType;
import org.iommunit.core.Group;
import org.iommunit.core.IommuCore;
import org.iommunit.core.IommuDomain;
import org.iommunit.core.IommuOps;
import org.iommunit.device.Device;
import org.iommunit.mm.Mm;
import org.iommunit.platform.Platform;
import org.iommunit.sva.Sva;
import org.iommunit.sva.SvaHandle;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/** Each injectable type, by parameter and by field. */
class InjectionTest {
  static final String FN0 = "0000:03:00.0";
  static final String FN1 = "0000:03:00.1";
  static final String NIC = "0000:01:00.0";

  @Test
  void resolveParameter_everyInjectableType_injectsObjectsOfOnePlatform() {
    Kit.assertAllPassed(Kit.run(Parameters.class), 5);
  }

  @Test
  void injectFields_annotatedFields_receiveTheObjectsParametersReceive() {
    Kit.assertAllPassed(Kit.run(Fields.class), 2);
  }

  @Test
  void afterEach_injectedDomain_isDetachedAndFreed() {
    Kit.assertAllPassed(Kit.run(Released.class), 2);
  }

  @Test
  void resolveParameter_svaTypes_bindsTheNamedDeviceToTheNamedProcess() {
    Kit.assertAllPassed(Kit.run(SvaInjection.class), 1);
  }

  @Test
  void afterEach_injectedBindAndProcess_areUnboundAndEnded() {
    Kit.assertAllPassed(Kit.run(SvaReleased.class), 2);
  }

  @TestKitOnly
  @SimulatedIommu(platform = "accelerator")
  static class SvaInjection {
    @AddressSpace("proc1") Mm fromField;

    @Test
    void bind(@SvaBind(device = "acc0", mm = "proc1") SvaHandle first,
        @AddressSpace("proc1") Mm proc1, @DeviceAt("acc0") Device acc0, Sva sva) {
      assertThat(proc1).isSameAs(fromField).hasToString("mm1(proc1)");
      assertThat(first.mm()).isSameAs(proc1);
      assertThat(first.device()).isSameAs(acc0);

      SvaHandle second = sva.bindDevice(acc0, proc1);

      assertThat(second).isSameAs(first);
      assertThat(first.users()).isEqualTo(2);
      sva.unbindDevice(second);
    }
  }

  @TestKitOnly
  @SimulatedIommu(platform = "accelerator")
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  static class SvaReleased {
    SvaHandle bound;

    @Test
    @Order(1)
    void bind(@SvaBind(device = "acc0", mm = "proc1") SvaHandle handle) {
      bound = handle;
      assertThat(handle.users()).isEqualTo(1);
    }

    @Test
    @Order(2)
    void released(@DeviceAt("acc0") Device acc0) {
      assertThat(bound.users()).isZero();
      assertThat(bound.mm().hasExited()).isTrue();
      assertThat(Group.of(acc0).state().pasidArray()).isEmpty();
    }
  }

  @TestKitOnly
  @SimulatedIommu
  static class Parameters {
    @Test
    void platformAndCore(Platform platform, IommuCore iommu) {
      assertThat(iommu).isSameAs(platform.iommu());
      assertThat(platform.iommus()).extracting(i -> i.name()).containsExactly("iommu0");
    }

    @Test
    void deviceAndGroup(@DeviceAt(NIC) Device nic,
        @IommuGroup(devices = {FN0, FN1}) Group group, Platform platform) {
      assertThat(nic.name()).isEqualTo(NIC);
      assertThat(Group.of(nic)).isNotSameAs(group);
      assertThat(group.devices()).extracting(Device::name).containsExactly(FN0, FN1);
      assertThat(platform.groups()).hasSize(2);
    }

    @Test
    void domainForTheGroupsFirstDevice(@IommuGroup(devices = {FN0, FN1}) Group group,
        @Domain(UNMANAGED) IommuDomain domain, @Domain IommuDomain other) {
      assertThat(domain.type()).isEqualTo(DomainType.UNMANAGED);
      assertThat(domain).isNotSameAs(other);
      assertThat(domain.isFreed()).isFalse();
      assertThat(group.domain()).isSameAs(group.defaultDomain());
    }

    @Test
    void domainAttachedByDeclaration(@IommuGroup(devices = {FN0, FN1}) Group group,
        @Domain(value = UNMANAGED, attachTo = FN1) IommuDomain domain) {
      assertThat(group.domain()).isSameAs(domain);
    }

    @Test
    void vendorOpsSpy(@VendorOps IommuOps ops, @DeviceAt(NIC) Device nic, IommuCore iommu) {
      IommuDomain domain = iommu.pagingDomainAlloc(nic);
      iommu.domainFree(domain);

      assertThat(mockingDetails(ops).isMock()).isTrue();
      verify(ops).domainAllocPagingFlags(nic, 0);
      assertThat(ops.name()).isEqualTo("reference");
    }
  }

  @TestKitOnly
  @SimulatedIommu
  static class Fields {
    @Simulated Platform platform;
    @Simulated IommuCore iommu;
    @DeviceAt(FN0) Device fn0;
    @IommuGroup(devices = {FN0, FN1}) Group group;
    @Domain IommuDomain domain;
    @VendorOps IommuOps ops;

    @Test
    void fieldsAndParameters(Platform p, @DeviceAt(FN0) Device d,
        @IommuGroup(devices = {FN1, FN0}) Group g, @Domain IommuDomain paramDomain) {
      assertThat(platform).isSameAs(p);
      assertThat(iommu).isSameAs(p.iommu());
      assertThat(fn0).isSameAs(d);
      assertThat(group).isSameAs(g);
      assertThat(domain).isNotSameAs(paramDomain);
      assertThat(mockingDetails(ops).isMock()).isTrue();
    }

    @Test
    void freshPlatformPerTest(Platform p) {
      assertThat(platform).isSameAs(p);
      assertThat(p.iommu().domains()).contains(domain);
    }
  }

  @TestKitOnly
  @SimulatedIommu
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  static class Released {
    IommuDomain attached;

    @Test
    @Order(1)
    void attach(@IommuGroup(devices = FN0) Group group,
        @Domain(value = UNMANAGED, attachTo = FN0) IommuDomain domain) {
      attached = domain;
      assertThat(group.domain()).isSameAs(domain);
    }

    @Test
    @Order(2)
    void released(@IommuGroup(devices = FN0) Group group) {
      assertThat(attached.isFreed()).isTrue();
      assertThat(group.domain()).isSameAs(group.defaultDomain());
    }
  }
}
