package org.iommunit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import org.iommunit.core.DmaOwner;
import org.iommunit.core.Group;
import org.iommunit.core.IommuCore;
import org.iommunit.core.IommuDomain;
import org.iommunit.device.Device;
import org.iommunit.platform.Platform;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** One platform per test, or per class with {@code PER_CLASS}; nested classes share it. */
class LifecycleTest {
  static final String NIC = "0000:01:00.0";

  @Test
  void beforeEach_perMethodLifecycle_bootsAFreshPlatformForEachTest() {
    Kit.assertAllPassed(Kit.run(PerMethod.class), 2);
  }

  @Test
  void beforeAll_perClassLifecycle_sharesOnePlatformAcrossTests() {
    Kit.assertAllPassed(Kit.run(PerClass.class), 2);
  }

  @Test
  void afterAll_perClassLeak_failsTheClassNamingTheLeak() {
    EngineExecutionResults results = Kit.run(PerClassLeak.class);

    assertThat(results.testEvents().succeeded().count()).isEqualTo(1);
    assertThat(Kit.onlyMessage(results)).isEqualTo(
        "IOMMUnit found 1 problem after class LifecycleTest.PerClassLeak:\n"
        + "  1. domain D2:UNMANAGED allocated by iommu_paging_domain_alloc_flags() at"
        + " LifecycleTest$PerClassLeak.allocate(LifecycleTest.java:"
        + Kit.lineOf("LifecycleTest.java", "per-class leak") + ") was never freed with"
        + " iommu_domain_free(); it is attached to nothing\n" + TeardownTest.LEAK_FIX);
  }

  @Test
  void afterEach_perClassWarning_isChargedToTheTestThatLoggedIt() {
    EngineExecutionResults results = Kit.run(PerClassWarning.class);

    assertThat(Kit.onlyMessage(results)).startsWith(
        "IOMMUnit found 1 problem after method warns():\n  1. WARN_ON in iommu_detach_device()");
    assertThat(results.testEvents().succeeded().count()).isEqualTo(1);
    assertThat(results.containerEvents().failed().count()).isZero();
  }

  @Test
  void beforeEach_nestedTestsOfPerClassOuter_shareTheOuterPlatform() {
    Kit.assertAllPassed(Kit.run(SharedWithNested.class), 2);
  }

  @Test
  void beforeAll_perClassNestedInPerMethodOuter_bootsOnePlatformForTheNestedClass() {
    Kit.assertAllPassed(Kit.run(PerClassInside.class), 3);
  }

  @TestKitOnly
  @SimulatedIommu
  static class PerClassInside {
    @Test
    void outerTest(@DeviceAt(NIC) Device nic) {
      assertThat(Group.of(nic).owner()).isEqualTo(DmaOwner.NONE);
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    class Inner {
      @DeviceAt(NIC) Device nic;

      @Test
      @Order(1)
      void claim(IommuCore iommu) {
        iommu.deviceClaimDmaOwner(nic, DmaOwner.user("vfio#1"));
      }

      @Test
      @Order(2)
      void release(IommuCore iommu) {
        assertThat(Group.of(nic).owner()).isEqualTo(DmaOwner.user("vfio#1"));
        iommu.deviceReleaseDmaOwner(nic);
      }
    }
  }

  @TestKitOnly
  @SimulatedIommu
  static class PerMethod {
    @Test
    void first(@DeviceAt(NIC) Device nic, IommuCore iommu) {
      IommuDomain domain = iommu.pagingDomainAlloc(nic);

      assertThat(domain).hasToString("D2:UNMANAGED");
      iommu.domainFree(domain);
    }

    @Test
    void second(@DeviceAt(NIC) Device nic, IommuCore iommu) {
      IommuDomain domain = iommu.pagingDomainAlloc(nic);

      assertThat(domain).hasToString("D2:UNMANAGED");
      iommu.domainFree(domain);
    }
  }

  @TestKitOnly
  @SimulatedIommu
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  static class PerClass {
    @Simulated static Platform shared;
    @IommuGroup(devices = NIC) Group group;
    Platform fromBeforeAll;

    @BeforeAll
    void setUp(Platform platform) {
      fromBeforeAll = platform;
    }

    @Test
    @Order(1)
    void claim(IommuCore iommu, Platform platform) {
      assertThat(platform).isSameAs(shared).isSameAs(fromBeforeAll);
      iommu.groupClaimDmaOwner(group, DmaOwner.user("vfio#1"));
    }

    @Test
    @Order(2)
    void release(IommuCore iommu, Platform platform) {
      assertThat(platform).isSameAs(shared);
      assertThat(group.owner()).isEqualTo(DmaOwner.user("vfio#1"));
      iommu.groupReleaseDmaOwner(group);
    }
  }

  @TestKitOnly
  @SimulatedIommu
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  static class PerClassLeak {
    @Test
    void allocate(@DeviceAt(NIC) Device nic, IommuCore iommu) {
      iommu.pagingDomainAlloc(nic); // site: per-class leak
    }
  }

  @TestKitOnly
  @SimulatedIommu
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  static class PerClassWarning {
    @Test
    @Order(1)
    void warns(@DeviceAt(NIC) Device nic, @Domain IommuDomain domain, IommuCore iommu) {
      iommu.detachDevice(domain, nic);
    }

    @Test
    @Order(2)
    void clean(Platform platform) {
      assertThat(platform.warnings()).hasSize(1);
    }
  }

  @TestKitOnly
  @SimulatedIommu
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  static class SharedWithNested {
    @Simulated Platform outer;

    @Test
    void outerTest(Platform platform) {
      assertThat(platform).isSameAs(outer);
    }

    @Nested
    class Inner {
      @Test
      void innerTest(Platform platform, @DeviceAt(NIC) Device nic) {
        assertThat(platform).isSameAs(outer);
        assertThat(Group.of(nic)).isNotNull();
      }
    }
  }
}
