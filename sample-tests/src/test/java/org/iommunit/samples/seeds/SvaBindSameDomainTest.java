package org.iommunit.samples.seeds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;
import static org.iommunit.base.Errno.EBUSY;

import java.util.List;
import org.iommunit.assertj.IommuAssertions;
import org.iommunit.base.IommuException;
import org.iommunit.core.Group;
import org.iommunit.core.Invariants;
import org.iommunit.core.IommuDomain;
import org.iommunit.device.Acs;
import org.iommunit.device.Device;
import org.iommunit.junit.AddressSpace;
import org.iommunit.junit.CompareSemantics;
import org.iommunit.junit.DeviceAt;
import org.iommunit.junit.GoldenTrace;
import org.iommunit.junit.SimulatedIommu;
import org.iommunit.junit.SvaBind;
import org.iommunit.mm.Mm;
import org.iommunit.platform.Platform;
import org.iommunit.platform.PlatformBuilder;
import org.iommunit.semantics.Semantics;
import org.iommunit.sva.Sva;
import org.iommunit.sva.SvaHandle;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * "[PATCH v2] iommu: Fix iommu_sva_bind_device to the same domain" (Feb 2024): an accelerator
 * binds the same process once per queue. After "Support mm PASID 1:n with sva domains" the second
 * bind failed ({@link Semantics#SVA_PASID_1N}); the v2 patch counted domain users and detached
 * only for the last one ({@link Semantics#SVA_DOMAIN_USERS}), which loses the detach of a second
 * device sharing the domain; mainline counts references per handle.
 */
class SvaBindSameDomainTest {

  // two PASID-capable accelerators in their own groups behind one IOMMU: they share SVA domains
  private static Platform accelerators(Semantics semantics) {
    return accelerators().semantics(semantics).build();
  }

  // the extension's factory for the same machine
  static PlatformBuilder accelerators() {
    return Platform.builder()
        .pci(rc -> rc
            .rootPort("00:1c.0", port -> port.acs(Acs.ISOLATED)
                .endpoint("01:00.0", fn -> fn.label("acc0").pasids(1 << 20)))
            .rootPort("00:1d.0", port -> port.acs(Acs.ISOLATED)
                .endpoint("02:00.0", fn -> fn.label("acc1").pasids(1 << 20))));
  }

  @CompareSemantics({"MAINLINE", "SVA_PASID_1N", "SVA_DOMAIN_USERS"})
  @SimulatedIommu(factory = "accelerators")
  @GoldenTrace
  void bindDevice_sameDeviceAndMmTwice_sameHandleOrEbusyOrNewHandle(Platform p) {
    // The diff: MAINLINE returns the first handle again; SVA_PASID_1N allocates a second SVA
    // domain whose PASID attach fails with -EBUSY; SVA_DOMAIN_USERS hands out a second handle.
    Sva sva = p.sva();
    Mm proc = sva.mmAlloc("proc1");
    Device acc0 = p.device("acc0");
    SvaHandle first = sva.bindDevice(acc0, proc);

    SvaHandle second = null;
    try {
      second = sva.bindDevice(acc0, proc);
    } catch (IommuException e) {
      assertThat(e.errno()).isEqualTo(EBUSY);
    }

    assertThat(second == null).isEqualTo(p.iommu().semantics() == Semantics.SVA_PASID_1N);
    if (second != null) {
      sva.unbindDevice(second);
    }
    sva.unbindDevice(first);
    IommuAssertions.assertThat(p).satisfiesInvariants();
  }

  @Test
  void bindDevice_sameDeviceAndMmTwice_returnsSameHandleWithRefcountTwo() {
    Platform p = accelerators(Semantics.MAINLINE);
    Sva sva = p.sva();
    Mm proc = sva.mmAlloc("proc1");
    SvaHandle first = sva.bindDevice(p.device("acc0"), proc);

    SvaHandle second = sva.bindDevice(p.device("acc0"), proc);

    assertThat(second).isSameAs(first);
    assertThat(second.users()).isEqualTo(2);
    assertThat(sva.domainUsers(first.domain())).isEqualTo(1);
  }

  @Test
  void bindDevice_pasid1nSameDeviceAndMmTwice_failsWithEbusy() {
    Platform p = accelerators(Semantics.SVA_PASID_1N);
    Sva sva = p.sva();
    Mm proc = sva.mmAlloc("proc1");
    Device acc0 = p.device("acc0");
    SvaHandle first = sva.bindDevice(acc0, proc);

    IommuException e = catchThrowableOfType(IommuException.class,
        () -> sva.bindDevice(acc0, proc));

    assertThat(e.errno()).isEqualTo(EBUSY);
    assertThat(first.users()).isEqualTo(1);
    assertThat(Group.of(acc0).pasidDomain(sva.getPasid(first))).isSameAs(first.domain());
    assertThat(sva.svaDomains(proc)).containsExactly(first.domain()); // the retry's domain is freed
    IommuAssertions.assertThat(p).satisfiesInvariants();
  }

  @Test
  void bindDevice_domainUsersSameDeviceAndMmTwice_returnsNewHandleAndCountsDomainTwice() {
    Platform p = accelerators(Semantics.SVA_DOMAIN_USERS);
    Sva sva = p.sva();
    Mm proc = sva.mmAlloc("proc1");
    Device acc0 = p.device("acc0");
    SvaHandle first = sva.bindDevice(acc0, proc);
    IommuDomain domain = first.domain();

    SvaHandle second = sva.bindDevice(acc0, proc);
    int domainUsers = sva.domainUsers(domain);
    sva.unbindDevice(first);
    IommuDomain afterFirstUnbind = Group.of(acc0).pasidDomain(1);
    sva.unbindDevice(second);

    assertThat(second).isNotSameAs(first);
    assertThat(domainUsers).isEqualTo(2);
    assertThat(afterFirstUnbind).isSameAs(domain);
    assertThat(Group.of(acc0).pasidDomain(1)).isNull();
    IommuAssertions.assertThat(p).satisfiesInvariants();
  }

  @Test
  void unbindDevice_twoDevicesSharingDomain_detachesEachAndInvariantsHold() {
    Platform p = accelerators(Semantics.MAINLINE);
    Sva sva = p.sva();
    Mm proc = sva.mmAlloc("proc1");
    SvaHandle h0 = sva.bindDevice(p.device("acc0"), proc);
    SvaHandle h1 = sva.bindDevice(p.device("acc1"), proc);
    boolean shared = h1.domain() == h0.domain();

    sva.unbindDevice(h0);
    IommuDomain acc0AfterUnbind = Group.of(p.device("acc0")).pasidDomain(1);
    sva.unbindDevice(h1);

    assertThat(shared).isTrue();
    assertThat(acc0AfterUnbind).isNull();
    IommuAssertions.assertThat(p).satisfiesInvariants();
  }

  @Test
  void unbindDevice_domainUsersTwoDevicesSharingDomain_leavesFirstDeviceOnFreedDomain() {
    // The flaw from the review: the first unbind skips the detach, so acc0 keeps PASID 1, and the
    // last unbind detaches acc1 only and frees the domain acc0 still uses.
    Platform p = accelerators(Semantics.SVA_DOMAIN_USERS);
    Sva sva = p.sva();
    Mm proc = sva.mmAlloc("proc1");
    Device acc0 = p.device("acc0");
    SvaHandle h0 = sva.bindDevice(acc0, proc);
    SvaHandle h1 = sva.bindDevice(p.device("acc1"), proc);
    IommuDomain shared = h0.domain();
    IommuDomain acc1Domain = h1.domain();

    sva.unbindDevice(h0);
    IommuDomain acc0AfterUnbind = Group.of(acc0).pasidDomain(1);
    List<Invariants.Violation> afterFirstUnbind = p.checkInvariants();
    sva.unbindDevice(h1);

    assertThat(afterFirstUnbind).extracting(Invariants.Violation::rule)
        .contains(Invariants.Rule.SVA_HANDLE_HAS_USERS); // acc0 still holds its spent handle
    assertThat(acc1Domain).isSameAs(shared);
    assertThat(acc0AfterUnbind).isSameAs(shared);
    assertThat(shared.isFreed()).isTrue();
    assertThat(Invariants.check(p.iommu())).extracting(Invariants.Violation::rule,
        Invariants.Violation::subject).containsExactly(tuple(
            Invariants.Rule.NO_FREED_DOMAIN_IN_USE, Group.of(acc0).toString()));
    assertThatThrownBy(() -> IommuAssertions.assertThat(p).satisfiesInvariants())
        .hasMessageContaining("NO_FREED_DOMAIN_IN_USE");
  }

  /** The same regression as a downstream suite writes it: the profile named on the annotation. */
  @Nested
  @SimulatedIommu(platform = "accelerator", semantics = "SVA_PASID_1N")
  class Pasid1nWithExtension {
    @Test
    void bindDevice_sameDeviceAndMmTwice_failsWithEbusy(
        @SvaBind(device = "acc0", mm = "proc1") SvaHandle first,
        @AddressSpace("proc1") Mm proc1, @DeviceAt("acc0") Device acc0, Sva sva) {
      IommuException e = catchThrowableOfType(IommuException.class,
          () -> sva.bindDevice(acc0, proc1));

      assertThat(e.errno()).isEqualTo(EBUSY);
      assertThat(first.users()).isEqualTo(1);
    }
  }
}
