package org.iommunit.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mockingDetails;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.iommunit.core.DevIommu;
import org.iommunit.core.DomainType;
import org.iommunit.core.Group;
import org.iommunit.core.IommuCore;
import org.iommunit.core.IommuOps;
import org.iommunit.device.Acs;
import org.iommunit.device.Device;
import org.iommunit.driver.Vendor;
import org.iommunit.platform.Platform;
import org.iommunit.platform.PlatformBuilder;
import org.iommunit.platform.Platforms;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Which machine a declaration boots: ready-made, factory, built-in; boot options; nesting. */
class DeclarationTest {

  @Test
  void simulatedIommu_readyMadePlatform_bootsItAndResolvesLabels() {
    Kit.assertAllPassed(Kit.run(ReadyMade.class), 1);
  }

  @Test
  void simulatedIommu_factoryReturningBuilder_installsSpiesBeforeBoot() {
    Kit.assertAllPassed(Kit.run(BuilderFactory.class), 1);
  }

  @Test
  void simulatedIommu_factoryInAnotherClass_isFoundByQualifiedName() {
    Kit.assertAllPassed(Kit.run(QualifiedFactory.class), 1);
  }

  @Test
  void simulatedIommu_factoryReturningPlatform_usesItAsBootedWithoutSites() {
    String message = Kit.onlyMessage(Kit.run(PlatformFactory.class));

    assertThat(message).isEqualTo("IOMMUnit found 1 problem after method leak():\n"
        + "  1. domain D5:UNMANAGED allocated by iommu_paging_domain_alloc_flags() at an unknown"
        + " site (factory booted() returned a booted Platform; return a PlatformBuilder to record"
        + " sites) was never freed with iommu_domain_free(); it is attached to nothing\n"
        + TeardownTest.LEAK_FIX);
  }

  @Test
  void simulatedIommu_defaultDomain_setsTheBootCommandLine() {
    Kit.assertAllPassed(Kit.run(BootOptions.class), 3);
  }

  @Test
  void simulatedIommu_defaultDomainParameter_appliesWhereNotDeclared() {
    Kit.assertAllPassed(Kit.run(ConfiguredIdentity.class, "iommunit.defaultDomain=identity",
        "iommunit.vendor=reference", "iommunit.semantics=MAINLINE"), 1);
  }

  @Test
  void simulatedIommu_vendor_bootsThatVendorsDriver() {
    Kit.assertAllPassed(Kit.run(Vendors.class), 3);
  }

  @Test
  void simulatedIommu_vendorParameter_appliesWhereNotDeclared() {
    Kit.assertAllPassed(Kit.run(ConfiguredVendor.class, "iommunit.vendor=intel-vtd"), 1);
  }

  @Test
  void simulatedIommu_onUsersOwnAnnotation_isFoundAsMetaAnnotation() {
    Kit.assertAllPassed(Kit.run(MetaAnnotated.class), 1);
  }

  @Test
  void simulatedIommu_onMethodOnly_bootsForThatMethod() {
    Kit.assertAllPassed(Kit.run(MethodLevel.class), 2);
  }

  @Test
  void simulatedIommu_nestedClasses_inheritTheEnclosingDeclarationAndMayOverrideIt() {
    Kit.assertAllPassed(Kit.run(Outer.class), 4);
  }

  /** A base class whose factory its subclasses find, as {@code @MethodSource} would. */
  static class TwoNics {
    static PlatformBuilder twoNics() {
      return Platform.builder().pci(rc -> rc
          .rootPort("00:1c.0", p -> p.acs(Acs.ISOLATED)
              .endpoint("01:00.0", fn -> fn.label("nic0")))
          .rootPort("00:1d.0", p -> p.acs(Acs.ISOLATED)
              .endpoint("02:00.0", fn -> fn.label("nic1"))));
    }
  }

  /** Machines declared in another class. */
  static final class Machines {
    private Machines() {}

    static PlatformBuilder accelerator() {
      return Platforms.accelerator();
    }
  }

  @TestKitOnly
  @SimulatedIommu(platform = "multifunction-card-without-acs")
  static class ReadyMade {
    @Test
    void labels(@DeviceAt("fn1") Device fn1, @IommuGroup(devices = {"fn0", "fn2"}) Group group) {
      assertThat(fn1.name()).isEqualTo("0000:03:00.1");
      assertThat(group.devices()).hasSize(3).contains(fn1);
    }
  }

  @TestKitOnly
  @SimulatedIommu(factory = "twoNics")
  static class BuilderFactory extends TwoNics {
    @Test
    void spy(@VendorOps IommuOps ops, @DeviceAt("nic1") Device nic1, IommuCore iommu) {
      iommu.domainFree(iommu.pagingDomainAlloc(nic1));

      assertThat(mockingDetails(ops).isMock()).isTrue();
      // the spy saw the boot too: once for nic1's default domain, once for the test
      verify(ops, times(2)).domainAllocPagingFlags(nic1, 0);
    }
  }

  @TestKitOnly
  @SimulatedIommu(factory = "org.iommunit.junit.DeclarationTest$Machines#accelerator")
  static class QualifiedFactory {
    @Test
    void accelerator(@DeviceAt("acc0") Device acc0) {
      assertThat(acc0.pasidCapability()).isEqualTo(1 << 20);
    }
  }

  @TestKitOnly
  @SimulatedIommu(factory = "booted")
  static class PlatformFactory {
    static Platform booted() {
      return TwoNics.twoNics().build();
    }

    @Test
    void leak(@DeviceAt("nic0") Device nic0, IommuCore iommu) {
      iommu.pagingDomainAlloc(nic0);
    }
  }

  @TestKitOnly
  @SimulatedIommu(defaultDomain = DefaultDomain.DMA_FQ)
  static class BootOptions {
    @Test
    void lazy(@IommuGroup(devices = "0000:01:00.0") Group group) {
      assertThat(group.defaultDomain().type()).isEqualTo(DomainType.DMA_FQ);
    }

    @Test
    @SimulatedIommu(defaultDomain = DefaultDomain.IDENTITY)
    void passthrough(@IommuGroup(devices = "0000:01:00.0") Group group) {
      assertThat(group.defaultDomain().type()).isEqualTo(DomainType.IDENTITY);
    }

    @Test
    @SimulatedIommu(defaultDomain = DefaultDomain.DMA, vendor = Vendor.REFERENCE,
        semantics = "MAINLINE")
    void strict(@IommuGroup(devices = "0000:01:00.0") Group group) {
      assertThat(group.defaultDomain().type()).isEqualTo(DomainType.DMA);
    }
  }

  @TestKitOnly
  @SimulatedIommu(vendor = Vendor.ARM_SMMU_V3)
  static class Vendors {
    @Test
    void builtIn(@IommuGroup(devices = "0000:01:00.0") Group group) {
      assertThat(DevIommu.of(group.devices().get(0)).instance().name()).isEqualTo("smmu3.0");
      assertThat(DevIommu.of(group.devices().get(0)).instance().ops().name())
          .isEqualTo("arm-smmu-v3");
    }

    @Test
    @SimulatedIommu(platform = "desktop", vendor = Vendor.INTEL_VTD)
    void readyMade(Platform platform) {
      assertThat(DevIommu.of(platform.device("nic")).instance().name()).isEqualTo("dmar0");
    }

    @Test
    @SimulatedIommu(vendor = Vendor.VIRTIO_IOMMU)
    void nearestVendorWins(@IommuGroup(devices = "0000:01:00.0") Group group) {
      assertThat(DevIommu.of(group.devices().get(0)).instance().ops().name())
          .isEqualTo("virtio-iommu");
    }
  }

  @TestKitOnly
  @SimulatedIommu
  static class ConfiguredVendor {
    @Test
    void intel(@IommuGroup(devices = "0000:01:00.0") Group group) {
      assertThat(DevIommu.of(group.devices().get(0)).instance().name()).isEqualTo("dmar0");
    }
  }

  @TestKitOnly
  @SimulatedIommu
  static class ConfiguredIdentity {
    @Test
    void identity(@IommuGroup(devices = "0000:01:00.0") Group group) {
      assertThat(group.defaultDomain().type()).isEqualTo(DomainType.IDENTITY);
    }
  }

  /** A user's own annotation carrying the declaration. */
  @Target(ElementType.TYPE)
  @Retention(RetentionPolicy.RUNTIME)
  @SimulatedIommu(platform = "accelerator")
  @interface AcceleratorMachine {}

  @TestKitOnly
  @AcceleratorMachine
  static class MetaAnnotated {
    @Test
    void accelerator(@DeviceAt("acc0") Device acc0, @DeviceAt("nic") Device nic) {
      assertThat(Group.of(acc0)).isNotSameAs(Group.of(nic));
    }
  }

  @TestKitOnly
  static class MethodLevel {
    @Test
    @SimulatedIommu
    void declared(@DeviceAt("0000:05:00.0") Device dev) {
      assertThat(Group.of(dev)).isNotNull();
    }

    @Test
    @AcceleratorMachine2
    void metaOnMethod(@DeviceAt("acc0") Device acc0) {
      assertThat(acc0.label()).isEqualTo("acc0");
    }
  }

  /** A method-level user annotation. */
  @Target(ElementType.METHOD)
  @Retention(RetentionPolicy.RUNTIME)
  @SimulatedIommu(platform = "accelerator")
  @interface AcceleratorMachine2 {}

  @TestKitOnly
  @SimulatedIommu(factory = "twoNics", defaultDomain = DefaultDomain.DMA)
  static class Outer extends TwoNics {
    @Test
    void outer(@DeviceAt("nic0") Device nic0) {
      assertThat(Group.of(nic0).defaultDomain().type()).isEqualTo(DomainType.DMA);
    }

    @Nested
    class Inherits {
      @Test
      void inner(@DeviceAt("nic1") Device nic1) {
        assertThat(Group.of(nic1).defaultDomain().type()).isEqualTo(DomainType.DMA);
      }
    }

    @Nested
    @SimulatedIommu(defaultDomain = DefaultDomain.IDENTITY)
    class OverridesOneAttribute {
      @Test
      void inner(@DeviceAt("nic1") Device nic1) {
        assertThat(Group.of(nic1).defaultDomain().type()).isEqualTo(DomainType.IDENTITY);
      }
    }

    @Nested
    @SimulatedIommu(platform = "multifunction-card-without-acs")
    class ReplacesThePlatform {
      @Test
      void inner(@DeviceAt("fn2") Device fn2) {
        assertThat(Group.of(fn2).devices()).hasSize(3);
        assertThat(Group.of(fn2).defaultDomain().type()).isEqualTo(DomainType.DMA);
      }
    }
  }
}
