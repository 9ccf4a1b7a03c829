package org.iommunit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import org.iommunit.core.DmaOwner;
import org.iommunit.core.Group;
import org.iommunit.core.IommuCore;
import org.iommunit.core.IommuDomain;
import org.iommunit.device.Device;
import org.iommunit.device.Driver;
import org.iommunit.mm.Mm;
import org.iommunit.platform.Platform;
import org.iommunit.sva.Sva;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.opentest4j.AssertionFailedError;

/** What the extension reports when a test ends: leaks, WARN_ONs, broken invariants. */
class TeardownTest {
  static final String NIC = "0000:01:00.0";
  static final String FN0 = "0000:03:00.0";
  static final String FN1 = "0000:03:00.1";
  static final String LEAK_FIX = "To fix: free what the test allocates and release what it"
      + " claims, or declare @AllowLeaks(reason = \"...\").";

  @Test
  void afterEach_domainNeverFreed_failsNamingDomainAndAllocationSite() {
    EngineExecutionResults results = Kit.run(LeakyDomain.class);

    Throwable failure = Kit.onlyFailure(results);
    assertThat(failure).isInstanceOf(AssertionFailedError.class);
    assertThat(failure.getMessage()).isEqualTo(
        "IOMMUnit found 1 problem after method allocate_neverFreed():\n"
        + "  1. domain D2:UNMANAGED allocated by iommu_paging_domain_alloc_flags() at"
        + " TeardownTest$LeakyDomain.allocate_neverFreed(TeardownTest.java:"
        + Kit.lineOf("TeardownTest.java", "leak") + ") was never freed with"
        + " iommu_domain_free(); it is attached to nothing\n" + LEAK_FIX);
  }

  @Test
  void afterEach_dmaOwnershipNeverReleased_failsNamingGroupAndOwner() {
    String message = Kit.onlyMessage(Kit.run(LeakyOwner.class));

    assertThat(message).isEqualTo(
        "IOMMUnit found 1 problem after method claim_neverReleased():\n"
        + "  1. group G0 (0000:03:00.0, 0000:03:00.1) is still owned by USER(vfio#1) with"
        + " owner_cnt 1 in domain D2:BLOCKED; DMA ownership is released with"
        + " iommu_group_release_dma_owner() or iommu_device_release_dma_owner()\n" + LEAK_FIX);
  }

  @Test
  void afterEach_warnOnLogged_failsQuotingTheKernelLog() {
    String message = Kit.onlyMessage(Kit.run(Warning.class));

    assertThat(message).isEqualTo(
        "IOMMUnit found 1 problem after method detach_notAttached():\n"
        + "  1. WARN_ON in iommu_detach_device(): domain D2:UNMANAGED is not attached to group G0"
        + " (it is in D1:DMA) (kernel log entry 1)\n"
        + "To fix: avoid the WARN_ON, or declare @AllowWarnings(reason = \"...\") if the test"
        + " provokes it on purpose.");
  }

  @Test
  void afterEach_invariantBroken_failsEvenWhenLeaksAreAllowed() {
    String message = Kit.onlyMessage(Kit.run(BrokenInvariant.class));

    assertThat(message).isEqualTo(
        "IOMMUnit found 1 problem after method attach_whileSiblingUsesDmaApi():\n"
        + "  1. invariant DMA_API_DRIVER_IN_DEFAULT_DOMAIN is broken by 0000:03:00.1:"
        + " 0000:03:00.1 is bound to DMA-API driver snd_hda_intel but group G0 is in"
        + " D2:UNMANAGED, not its default domain D1:DMA: its dma_map_*() mappings are not in"
        + " force\n"
        + "To fix: restore the broken invariants before the test ends: they mean the model is in"
        + " a state Linux must never reach.");
  }

  @Test
  void afterEach_injectedDomainLeftAttachedByTest_failsAndDoesNotFreeIt() {
    String message = Kit.onlyMessage(Kit.run(InjectedLeftAttached.class));

    assertThat(message).isEqualTo(
        "IOMMUnit found 1 problem after method injected_leftAttached():\n"
        + "  1. domain D2:UNMANAGED from @Domain on parameter 1 (IommuDomain) of"
        + " injected_leftAttached() is still attached to G0, so it cannot be freed; detach it in"
        + " the test\n" + LEAK_FIX);
  }

  @Test
  void afterEach_svaBindNeverUnbound_failsNamingHandleAndWhereItsDomainWasMade() {
    String message = Kit.onlyMessage(Kit.run(SvaLeak.class));

    assertThat(message).isEqualTo(
        "IOMMUnit found 1 problem after method bind_neverUnbound():\n"
        + "  1. SVA handle sva(0000:01:00.0, mm1(proc1)) at PASID 1 of G2 was never unbound with"
        + " iommu_sva_unbind_device() (users 1); its domain D5:SVA was allocated at"
        + " TeardownTest$SvaLeak.bind_neverUnbound(TeardownTest.java:"
        + Kit.lineOf("TeardownTest.java", "sva") + ")\n" + LEAK_FIX);
  }

  @Test
  void afterEach_leakAndWarning_listsBothWithBothFixes() {
    String message = Kit.onlyMessage(Kit.run(LeakAndWarning.class));

    assertThat(message).startsWith("IOMMUnit found 2 problems after method both():\n"
        + "  1. domain D3:UNMANAGED allocated by iommu_paging_domain_alloc_flags() at"
        + " TeardownTest$LeakAndWarning.both(TeardownTest.java:"
        + Kit.lineOf("TeardownTest.java", "both") + ")")
        .contains("\n  2. WARN_ON in iommu_detach_device(): ")
        .endsWith("\nTo fix: free what the test allocates and release what it claims, or"
            + " declare @AllowLeaks(reason = \"...\"); avoid the WARN_ON, or declare"
            + " @AllowWarnings(reason = \"...\") if the test provokes it on purpose.");
  }

  @Test
  void afterEach_allowLeaksAndAllowWarnings_passes() {
    Kit.assertAllPassed(Kit.run(Allowed.class), 3);
  }

  @Test
  void afterEach_leaksConfiguredToWarn_passesAndPublishesTheLeak() {
    EngineExecutionResults results = Kit.run(LeakyDomain.class, "iommunit.leaks=warn");

    Kit.assertAllPassed(results, 1);
    assertThat(Kit.reportEntries(results, "iommunit.leaks")).singleElement().asString()
        .startsWith("IOMMUnit found 1 problem after method allocate_neverFreed():\n"
            + "  1. domain D2:UNMANAGED allocated by");
  }

  @Test
  void afterEach_testAlreadyFailed_reportsOnlyTheTestsFailure() {
    Throwable failure = Kit.onlyFailure(Kit.run(FailsAndLeaks.class));

    assertThat(failure).hasMessage("the test's own failure").hasNoSuppressedExceptions();
  }

  @Test
  void afterAll_perClassTestAlreadyFailed_reportsOnlyTheTestsFailure() {
    Throwable failure = Kit.onlyFailure(Kit.run(PerClassFailsAndLeaks.class));

    assertThat(failure).hasMessage("the test's own failure").hasNoSuppressedExceptions();
  }

  @Test
  void afterAll_perClassNestedTestAlreadyFailed_reportsOnlyTheTestsFailure() {
    Throwable failure = Kit.onlyFailure(Kit.run(PerClassNestedFailsAndLeaks.class));

    assertThat(failure).hasMessage("the nested test's own failure");
  }

  @Test
  void afterAll_perClassLeakWithoutFailure_failsTheClass() {
    EngineExecutionResults results = Kit.run(PerClassLeaks.class);

    assertThat(results.testEvents().failed().count()).isZero();
    assertThat(Kit.onlyMessage(results)).startsWith("IOMMUnit found 1 problem after class"
        + " TeardownTest.PerClassLeaks:\n  1. domain D2:UNMANAGED allocated by");
  }

  @TestKitOnly
  @SimulatedIommu
  static class LeakyDomain {
    @Test
    void allocate_neverFreed(@DeviceAt(NIC) Device nic, IommuCore iommu) {
      iommu.pagingDomainAlloc(nic); // site: leak
    }
  }

  @TestKitOnly
  @SimulatedIommu
  static class LeakyOwner {
    @Test
    void claim_neverReleased(@IommuGroup(devices = {FN0, FN1}) Group group, IommuCore iommu) {
      iommu.groupClaimDmaOwner(group, DmaOwner.user("vfio#1"));
    }
  }

  @TestKitOnly
  @SimulatedIommu
  static class Warning {
    @Test
    void detach_notAttached(@DeviceAt(NIC) Device nic, @Domain IommuDomain domain,
        IommuCore iommu) {
      iommu.detachDevice(domain, nic);
    }
  }

  @TestKitOnly
  @SimulatedIommu
  static class BrokenInvariant {
    @Test
    @AllowLeaks(reason = "the domain stays attached to show the broken invariant")
    void attach_whileSiblingUsesDmaApi(@IommuGroup(devices = {FN0, FN1}) Group group,
        Platform platform, IommuCore iommu) {
      platform.bindDriver(platform.device(FN1), Driver.dmaApi("snd_hda_intel"));
      IommuDomain domain = iommu.pagingDomainAlloc(group.devices().get(0));

      iommu.attachGroup(domain, group);
    }
  }

  @TestKitOnly
  @SimulatedIommu
  static class InjectedLeftAttached {
    @Test
    void injected_leftAttached(@IommuGroup(devices = NIC) Group group,
        @Domain IommuDomain domain, IommuCore iommu) {
      iommu.attachGroup(domain, group);
    }
  }

  @TestKitOnly
  @SimulatedIommu(platform = "accelerator")
  static class SvaLeak {
    @Test
    void bind_neverUnbound(@AddressSpace("proc1") Mm proc1, @DeviceAt("acc0") Device acc0,
        Sva sva) {
      sva.bindDevice(acc0, proc1); // site: sva
    }
  }

  @TestKitOnly
  @SimulatedIommu
  static class LeakAndWarning {
    @Test
    void both(@DeviceAt(NIC) Device nic, @Domain IommuDomain domain, IommuCore iommu) {
      iommu.pagingDomainAlloc(nic); // site: both
      iommu.detachDevice(domain, nic);
    }
  }

  @TestKitOnly
  @SimulatedIommu
  static class Allowed {
    @Test
    @AllowLeaks(reason = "shows a leak")
    void leak(@DeviceAt(NIC) Device nic, IommuCore iommu) {
      iommu.pagingDomainAlloc(nic);
    }

    @Test
    @AllowLeaks(reason = "shows an owner that never lets go")
    void ownerLeak(@IommuGroup(devices = NIC) Group group, IommuCore iommu) {
      iommu.groupClaimDmaOwner(group, DmaOwner.user("vfio#1"));
    }

    @Test
    @AllowWarnings(reason = "detaching what is not attached is the caller bug under test")
    void warning(@DeviceAt(NIC) Device nic, @Domain IommuDomain domain, IommuCore iommu,
        Platform platform) {
      iommu.detachDevice(domain, nic);

      assertThat(platform.warnings()).hasSize(1);
    }
  }

  @TestKitOnly
  @SimulatedIommu
  static class FailsAndLeaks {
    @Test
    void failsAfterAllocating(@DeviceAt(NIC) Device nic, IommuCore iommu) {
      iommu.pagingDomainAlloc(nic);
      throw new AssertionError("the test's own failure");
    }
  }

  @TestKitOnly
  @SimulatedIommu
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  static class PerClassFailsAndLeaks {
    @Test
    void failsAfterAllocating(@DeviceAt(NIC) Device nic, IommuCore iommu) {
      iommu.pagingDomainAlloc(nic);
      throw new AssertionError("the test's own failure");
    }

    @Test
    void passes(@DeviceAt(NIC) Device nic) {
      assertThat(Group.of(nic)).isNotNull();
    }
  }

  @TestKitOnly
  @SimulatedIommu
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  static class PerClassNestedFailsAndLeaks {
    @Nested
    class Inner {
      @Test
      void failsAfterAllocating(@DeviceAt(NIC) Device nic, IommuCore iommu) {
        iommu.pagingDomainAlloc(nic);
        throw new AssertionError("the nested test's own failure");
      }
    }
  }

  @TestKitOnly
  @SimulatedIommu
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  static class PerClassLeaks {
    @Test
    void allocates(@DeviceAt(NIC) Device nic, IommuCore iommu) {
      iommu.pagingDomainAlloc(nic);
    }
  }
}
