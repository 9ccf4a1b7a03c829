package org.iommunit.samples;

import static org.assertj.core.api.Assertions.assertThat;

import org.iommunit.core.Group;
import org.iommunit.core.IommuCore;
import org.iommunit.core.IommuDomain;
import org.iommunit.device.Device;
import org.iommunit.junit.AllowWarnings;
import org.iommunit.junit.DeviceAt;
import org.iommunit.junit.Domain;
import org.iommunit.junit.SimulatedIommu;
import org.iommunit.platform.Platform;
import org.junit.jupiter.api.Test;

/**
 * {@code @AllowWarnings}: a test that provokes a kernel {@code WARN_ON} on purpose says why, and
 * asserts on the warning itself. Without it the extension fails the test at teardown.
 */
@SimulatedIommu
class AllowWarningsExampleTest {

  @Test
  @AllowWarnings(reason = "detaching a domain that is not attached is the caller bug shown")
  void detachDevice_domainNotAttached_warnsAndChangesNothing(@DeviceAt("0000:01:00.0") Device nic,
      @Domain IommuDomain domain, IommuCore iommu, Platform platform) {
    IommuDomain before = Group.of(nic).domain();

    iommu.detachDevice(domain, nic);

    assertThat(platform.warnings()).singleElement()
        .satisfies(w -> assertThat(w.function()).isEqualTo("iommu_detach_device"));
    assertThat(Group.of(nic).domain()).isSameAs(before);
  }
}
