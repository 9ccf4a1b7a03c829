package org.iommunit.samples;

import static org.assertj.core.api.Assertions.assertThat;

import org.iommunit.core.DomainType;
import org.iommunit.core.Group;
import org.iommunit.core.IommuCore;
import org.iommunit.device.Acs;
import org.iommunit.device.Device;
import org.iommunit.device.Driver;
import org.iommunit.junit.DefaultDomain;
import org.iommunit.junit.DeviceAt;
import org.iommunit.junit.Simulated;
import org.iommunit.junit.SimulatedIommu;
import org.iommunit.platform.Platform;
import org.iommunit.platform.PlatformBuilder;
import org.junit.jupiter.api.Test;

/**
 * {@code @Simulated}: fields receive the platform and its core, here from the test's own factory
 * method, booted with passthrough default domains.
 */
@SimulatedIommu(factory = "nicAndDisk", defaultDomain = DefaultDomain.IDENTITY)
class SimulatedExampleTest {
  @Simulated Platform platform;
  @Simulated IommuCore iommu;
  @DeviceAt("nvme") Device disk;

  static PlatformBuilder nicAndDisk() {
    return Platform.builder().pci(rc -> rc
        .rootPort("00:1c.0", port -> port.acs(Acs.ISOLATED)
            .endpoint("01:00.0", fn -> fn.label("nic").driver(Driver.dmaApi("e1000e"))))
        .rootPort("00:1d.0", port -> port.acs(Acs.ISOLATED)
            .endpoint("02:00.0", fn -> fn.label("nvme").driver(Driver.dmaApi("nvme")))));
  }

  @Test
  void defaultDomain_passthroughBoot_isIdentity() {
    assertThat(Group.of(disk).defaultDomain().type()).isEqualTo(DomainType.IDENTITY);
    assertThat(iommu.groupShowType(Group.of(disk))).isEqualTo("identity");
    assertThat(platform.device("nic").driver()).isEqualTo(Driver.dmaApi("e1000e"));
  }
}
