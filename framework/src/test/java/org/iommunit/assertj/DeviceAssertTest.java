package org.iommunit.assertj;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iommunit.assertj.IommuAssertions.assertThat;

import org.iommunit.device.Driver;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

class DeviceAssertTest {
  private static final Driver IGB = Driver.dmaApi("igb");

  private final Card card = new Card();

  @Test
  void hasDriver_boundDriver_passes() {
    card.platform.bindDriver(card.fn0, IGB);

    assertThat(card.fn0).hasDriver(Driver.dmaApi("igb"));
  }

  @Test
  void hasDriver_unbound_failsWithExpectedAndActual() {
    AssertionFailedError e = Failed.comparison(() -> assertThat(card.fn0).hasDriver(IGB));

    assertThat(e).hasMessage(Failed.message(
        "%nExpecting device 0000:03:00.0 to be bound to driver:%n"
        + "  igb%nbut it is bound to:%n  (none)%n(group G1)"));
    assertThat(e.getExpected().getStringRepresentation()).isEqualTo("igb");
    assertThat(e.getActual().getStringRepresentation()).isEqualTo("null");
  }

  @Test
  void hasDriver_sameNameButDriverManaged_fails() {
    card.platform.bindDriver(card.fn0, Driver.driverManaged("igb"));

    AssertionError e = Failed.assertion(() -> assertThat(card.fn0).hasDriver(IGB));

    assertThat(e).hasMessage(Failed.message(
        "%nExpecting device 0000:03:00.0 to be bound to driver:%n"
        + "  igb%nbut it is bound to:%n  igb(driver_managed_dma)%n(group G1)"));
  }

  @Test
  void isUnbound_noDriver_passes() {
    assertThat(card.fn0).isUnbound();
  }

  @Test
  void isUnbound_boundDevice_failsNamingDriver() {
    card.platform.bindDriver(card.fn0, IGB);

    AssertionError e = Failed.assertion(() -> assertThat(card.fn0).isUnbound());

    assertThat(e).hasMessage(Failed.message(
        "%nExpecting device 0000:03:00.0 to have no driver bound"
        + "%nbut it is bound to igb (group G1)."));
  }

  @Test
  void isInGroup_ownGroup_passes() {
    assertThat(card.fn2).isInGroup(card.group);
  }

  @Test
  void isInGroup_isolatedPort_failsNamingItsGroup() {
    AssertionFailedError e = Failed.comparison(
        () -> assertThat(card.port).isInGroup(card.group));

    assertThat(e).hasMessage(Failed.message(
        "%nExpecting device 0000:00:1d.0 to be in group G1%nbut it"
        + " is in G0.%nGroups follow the topology: devices without ACS isolation or with DMA"
        + " aliases share a group."));
    assertThat(e.getActual().getStringRepresentation()).isEqualTo("G0");
  }

  @Test
  void isAttachedTo_defaultDomainAfterBoot_passes() {
    assertThat(card.fn1).isAttachedTo(card.group.defaultDomain());
  }

  @Test
  void isAttachedTo_deviceLeftBehind_failsNamingGroupDomain() {
    card.strandFn1();

    AssertionFailedError e = Failed.comparison(
        () -> assertThat(card.fn1).isAttachedTo(card.group.defaultDomain()));

    assertThat(e).hasMessage(Failed.message("%nExpecting the hardware of device 0000:03:00.1 to be"
        + " attached to:%n  D2:DMA%nbut it is attached to:%n  D3:UNMANAGED%n(group G1 is in"
        + " D2:DMA)"));
  }
}
