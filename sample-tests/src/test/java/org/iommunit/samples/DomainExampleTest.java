package org.iommunit.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iommunit.core.DomainType.UNMANAGED;

import org.iommunit.base.Prot;
import org.iommunit.core.Group;
import org.iommunit.core.IommuCore;
import org.iommunit.core.IommuDomain;
import org.iommunit.device.Device;
import org.iommunit.junit.DeviceAt;
import org.iommunit.junit.Domain;
import org.iommunit.junit.IommuGroup;
import org.iommunit.junit.SimulatedIommu;
import org.junit.jupiter.api.Test;

/**
 * {@code @Domain}: an UNMANAGED domain the extension allocates and, at teardown, detaches and
 * frees. With {@code attachTo} it is attached to that device's group before the test runs.
 */
@SimulatedIommu
class DomainExampleTest {

  @Test
  void map_twoMegabytes_translatesEveryAddressInside(@DeviceAt("0000:01:00.0") Device nic,
      @Domain(UNMANAGED) IommuDomain domain, IommuCore iommu) {
    iommu.map(domain, 0x20_0000L, 0x8000_0000L, 0x20_0000L, Prot.READ | Prot.WRITE);

    assertThat(iommu.iovaToPhys(domain, 0x2f_f123L)).isEqualTo(0x800f_f123L);
    iommu.unmap(domain, 0x20_0000L, 0x20_0000L);
  }

  @Test
  void domain_attachTo_isTheGroupsDomainWhenTheTestStarts(
      @IommuGroup(devices = "0000:01:00.0") Group group,
      @Domain(value = UNMANAGED, attachTo = "0000:01:00.0") IommuDomain domain) {
    assertThat(group.domain()).isSameAs(domain);
  }
}
