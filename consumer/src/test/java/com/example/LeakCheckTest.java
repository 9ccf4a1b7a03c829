package com.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.nio.file.Path;
import org.iommunit.core.IommuCore;
import org.iommunit.device.Device;
import org.iommunit.junit.DeviceAt;
import org.iommunit.junit.SimulatedIommu;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/** The extension's teardown fails a test that leaks a domain, naming it and where it was made. */
class LeakCheckTest {
  private static final String LAUNCHED = "example.leakCheck";

  @Test
  void teardown_domainNeverFreed_failsTheTest(@TempDir Path reports) {
    LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
        .selectors(selectClass(LeakyTest.class))
        .configurationParameter(LAUNCHED, "true")
        .configurationParameter("iommunit.report.dir", reports.toString())
        .configurationParameter("iommunit.report.publish", "false")
        .build();
    SummaryGeneratingListener listener = new SummaryGeneratingListener();

    LauncherFactory.create().execute(request, listener);

    TestExecutionSummary summary = listener.getSummary();
    assertThat(summary.getTestsFailedCount()).isEqualTo(1);
    assertThat(summary.getFailures().get(0).getException())
        .hasMessageContaining("was never freed with iommu_domain_free()")
        .hasMessageContaining("LeakCheckTest.java");
  }

  /** Leaks a domain on purpose; runs only inside the launcher above. */
  @SimulatedIommu(platform = "desktop")
  @EnabledIf("launchedByLeakCheck")
  static class LeakyTest {
    static boolean launchedByLeakCheck(ExtensionContext context) {
      return context.getConfigurationParameter(LAUNCHED).isPresent();
    }

    @Test
    void pagingDomainAlloc_neverFreed(@DeviceAt("nvme") Device nvme, IommuCore iommu) {
      iommu.pagingDomainAlloc(nvme);
    }
  }
}
