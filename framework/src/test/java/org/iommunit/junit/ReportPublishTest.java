package org.iommunit.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.iommunit.core.IommuCore;
import org.iommunit.device.Device;
import org.iommunit.report.ReportListener;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The report listener after a launcher run, as Surefire drives it: it writes the page, appends
 * the summary to {@code $GITHUB_STEP_SUMMARY} and prints where the page is, unless the run says
 * {@code iommunit.report.publish=false} (a report made inside a test to be checked).
 */
class ReportPublishTest {
  @TempDir Path dir;
  private final List<String> console = new ArrayList<>();

  private Path run(@Nullable String publish) {
    Path report = dir.resolve("report");
    Map<String, String> env = Map.of("GITHUB_STEP_SUMMARY", dir.resolve("step.md").toString());
    LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request()
        .selectors(selectClass(Scenario.class))
        .configurationParameter(TestKitOnly.PARAMETER, "true")
        .configurationParameter("iommunit.report.dir", report.toString());
    if (publish != null) {
      request.configurationParameter("iommunit.report.publish", publish);
    }
    Launcher launcher = LauncherFactory.create(LauncherConfig.builder()
        .enableTestExecutionListenerAutoRegistration(false)
        .addTestExecutionListeners(new ReportListener(console::add, env::get))
        .build());
    launcher.execute(request.build());
    return report;
  }

  @Test
  void testPlanFinished_byDefault_printsWhereThePageIsAndFillsTheStepSummary() throws IOException {
    Path report = run(null);

    assertThat(report.resolve("index.html")).exists();
    assertThat(console).containsExactly("IOMMUnit report: "
        + report.resolve("index.html").toAbsolutePath().toUri()
        + " (1 test covered: 0 failed, 0 golden)");
    assertThat(Files.readString(dir.resolve("step.md"), StandardCharsets.UTF_8))
        .contains("Scenario/pagingDomainAlloc_thenFree_passes");
  }

  @Test
  void testPlanFinished_publishFalse_writesThePageOnly() {
    Path report = run("false");

    assertThat(report.resolve("index.html")).exists();
    assertThat(report.resolve("summary.md")).exists();
    assertThat(console).isEmpty();
    assertThat(dir.resolve("step.md")).doesNotExist();
  }

  @TestKitOnly
  @SimulatedIommu
  static class Scenario {
    @Test
    void pagingDomainAlloc_thenFree_passes(@DeviceAt("0000:03:00.0") Device nic,
        IommuCore iommu) {
      iommu.domainFree(iommu.pagingDomainAlloc(nic));
    }
  }
}
