package org.iommunit.samples.seeds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;
import static org.iommunit.base.Errno.EBUSY;
import static org.iommunit.base.Errno.EINVAL;

import org.iommunit.assertj.IommuAssertions;
import org.iommunit.base.IommuException;
import org.iommunit.core.DevIommu;
import org.iommunit.core.Group;
import org.iommunit.core.Invariants;
import org.iommunit.core.IommuDomain;
import org.iommunit.device.Acs;
import org.iommunit.device.Device;
import org.iommunit.device.Driver;
import org.iommunit.device.PciBuilder;
import org.iommunit.device.PciType;
import org.iommunit.junit.CompareSemantics;
import org.iommunit.junit.GoldenTrace;
import org.iommunit.junit.SimulatedIommu;
import org.iommunit.platform.Platform;
import org.iommunit.platform.PlatformBuilder;
import org.iommunit.semantics.Semantics;
import org.junit.jupiter.api.Test;

/**
 * "[PATCH 01/11] iommu: Add device dma ownership set/release interfaces" (Nov 2021): the bug the
 * series fixed. {@code iommu_attach_device()} checked the group size only when it was called, so a
 * function hot-plugged into the group afterwards lands in the driver's private domain; before DMA
 * ownership nothing stopped a DMA-API driver from binding to it ({@link
 * Semantics#NO_DMA_OWNERSHIP}). In mainline the probe fails with EBUSY.
 */
class DmaOwnershipInterfacesTest {

  private static Platform card(Semantics semantics) {
    return card().semantics(semantics).build();
  }

  // the extension's factory: a multifunction card alone in its group, function 1 not yet there
  static PlatformBuilder card() {
    return Platform.builder()
        .pci(rc -> rc.rootPort("00:1d.0", port -> port.acs(Acs.ISOLATED).driver(Driver.PCIEPORT)
            .endpoint("03:00.0", fn -> fn.multifunction())));
  }

  // fn0's driver attaches its own domain, then function 1 is hot-plugged into the same group
  private static Device attachPrivateDomainThenHotplug(Platform p) {
    Device fn0 = p.device("03:00.0");
    p.bindDriver(fn0, Driver.dmaApi("gpu"));
    p.iommu().attachDevice(p.iommu().pagingDomainAlloc(fn0), fn0);
    return p.hotplug(PciBuilder.function("03:00.1", PciType.ENDPOINT));
  }

  @Test
  void bindDriver_dmaApiDriverOnDeviceHotpluggedIntoPrivateDomain_failsWithEbusy() {
    Platform p = card(Semantics.MAINLINE);
    Device fn1 = attachPrivateDomainThenHotplug(p);
    IommuDomain privateDomain = Group.of(fn1).domain();

    IommuException e = catchThrowableOfType(IommuException.class,
        () -> p.bindDriver(fn1, Driver.dmaApi("igb")));

    assertThat(e.errno()).isEqualTo(EBUSY);
    assertThat(fn1.driver()).isNull();
    assertThat(DevIommu.of(fn1).hwDomain()).isSameAs(privateDomain);
    IommuAssertions.assertThat(p).satisfiesInvariants();
  }

  @Test
  void bindDriver_noDmaOwnership_dmaApiDriverBindsInsidePrivateDomain() {
    Platform p = card(Semantics.NO_DMA_OWNERSHIP);
    Device fn1 = attachPrivateDomainThenHotplug(p);
    Group group = Group.of(fn1);

    p.bindDriver(fn1, Driver.dmaApi("igb"));

    assertThat(fn1.driver()).isEqualTo(Driver.dmaApi("igb"));
    assertThat(group.domain()).isNotSameAs(group.defaultDomain());
    assertThat(group.ownerCount()).isZero(); // nothing counts kernel users before ownership
    assertThat(Invariants.check(p.iommu())).extracting(Invariants.Violation::rule,
        Invariants.Violation::subject).containsExactly(tuple(
            Invariants.Rule.DMA_API_DRIVER_IN_DEFAULT_DOMAIN, fn1.name()));
    assertThatThrownBy(() -> IommuAssertions.assertThat(p).satisfiesInvariants())
        .hasMessageContaining("DMA_API_DRIVER_IN_DEFAULT_DOMAIN");
  }

  @CompareSemantics({"MAINLINE", "NO_DMA_OWNERSHIP"})
  @SimulatedIommu(factory = "card")
  @GoldenTrace
  void bindDriver_hotpluggedIntoPrivateDomain_mainlineRefusesWhatNoOwnershipBinds(Platform p) {
    // The diff: MAINLINE's probe of fn1 ends in -EBUSY from iommu_device_use_default_domain;
    // without ownership the driver binds inside fn0's private domain.
    Device fn0 = p.device("03:00.0");
    Device fn1 = attachPrivateDomainThenHotplug(p);
    IommuDomain privateDomain = Group.of(fn1).domain();

    boolean bound = bindOrEbusy(p, fn1, Driver.dmaApi("igb"));

    assertThat(bound).isEqualTo(p.iommu().semantics() == Semantics.NO_DMA_OWNERSHIP);
    if (bound) {
      p.unbindDriver(fn1);
    }
    p.iommu().detachGroup(privateDomain, Group.of(fn0));
    p.iommu().domainFree(privateDomain);
    IommuAssertions.assertThat(p).satisfiesInvariants();
  }

  // binds driver to dev; returns false if the probe fails with EBUSY
  private static boolean bindOrEbusy(Platform p, Device dev, Driver driver) {
    try {
      p.bindDriver(dev, driver);
      return true;
    } catch (IommuException e) {
      assertThat(e.errno()).isEqualTo(EBUSY);
      return false;
    }
  }

  @Test
  void attachDevice_noDmaOwnershipAfterHotplug_failsWithEinval() {
    // The size check still works at attach time; it is the later hot-plug it cannot see.
    Platform p = card(Semantics.NO_DMA_OWNERSHIP);
    Device fn0 = p.device("03:00.0");
    p.hotplug(PciBuilder.function("03:00.1", PciType.ENDPOINT));

    IommuException e = catchThrowableOfType(IommuException.class,
        () -> p.iommu().attachDevice(p.iommu().pagingDomainAlloc(fn0), fn0));

    assertThat(e.errno()).isEqualTo(EINVAL);
  }

  @Test
  void bindDriver_noDmaOwnershipSingletonGroup_invariantsHold() {
    Platform p = card(Semantics.NO_DMA_OWNERSHIP);

    p.bindDriver(p.device("03:00.0"), Driver.dmaApi("gpu"));

    assertThat(p.group("03:00.0").ownerCount()).isZero();
    IommuAssertions.assertThat(p).satisfiesInvariants();
  }
}
