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
 * The page a real launcher run writes: each test's vendor, profile and duration from the
 * extension's fragment and the launcher, and the starting state of the renumbering switch from
 * {@code iommunit.report.renumber}.
 */
class ReportPageSettingsTest {
  @TempDir Path dir;
  private final List<String> console = new ArrayList<>();

  private String page(@Nullable String renumber) throws IOException {
    Path report = dir.resolve("report");
    LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request()
        .selectors(selectClass(Scenario.class))
        .configurationParameter(TestKitOnly.PARAMETER, "true")
        .configurationParameter("iommunit.report.dir", report.toString());
    if (renumber != null) {
      request.configurationParameter("iommunit.report.renumber", renumber);
    }
    Launcher launcher = LauncherFactory.create(LauncherConfig.builder()
        .enableTestExecutionListenerAutoRegistration(false)
        .addTestExecutionListeners(new ReportListener(console::add, Map.<String, String>of()::get))
        .build());
    launcher.execute(request.build());
    return Files.readString(report.resolve("index.html"), StandardCharsets.UTF_8);
  }

  @Test
  void testPlanFinished_extensionTest_lineShowsDurationVendorAndProfile() throws IOException {
    String page = page(null);

    assertThat(page).containsPattern("<span class=\"SUCCESSFUL\">SUCCESSFUL</span> "
        + "pagingDomainAlloc_thenFree_passes<span class=\"meta\"> · \\d+\\.\\d ms · vendor"
        + " REFERENCE · profile MAINLINE</span>");
  }

  @Test
  void testPlanFinished_byDefault_diffsOpenRenumbered() throws IOException {
    String page = page(null);

    assertThat(page).contains("<body class=\"renumbered\">",
        "<input type=\"checkbox\" id=\"renumber\" checked>");
    assertThat(console).noneMatch(line -> line.contains("renumber"));
  }

  @Test
  void testPlanFinished_renumberFalse_diffsOpenWithRecordedIds() throws IOException {
    String page = page("FALSE");

    assertThat(page).contains("<body>", "<input type=\"checkbox\" id=\"renumber\">");
  }

  @Test
  void testPlanFinished_renumberNeitherTrueNorFalse_saysSoAndKeepsTheDefault()
      throws IOException {
    String page = page("maybe");

    assertThat(page).contains("<body class=\"renumbered\">");
    assertThat(console).contains("IOMMUnit report: configuration parameter"
        + " iommunit.report.renumber=maybe ignored: it is neither true nor false; use true (the"
        + " default: diffs open with ids renumbered) or false");
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
