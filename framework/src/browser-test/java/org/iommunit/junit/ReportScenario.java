package org.iommunit.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.iommunit.core.IommuCore;
import org.iommunit.core.IommuDomain;
import org.iommunit.device.Device;
import org.iommunit.device.Driver;
import org.iommunit.platform.Platform;
import org.iommunit.report.ReportListener;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * The run whose report {@link HtmlReportBrowserTest} opens: a {@code @GoldenTrace} class with
 * two golden mismatches (one line changed; only the domain ids changed), a passing test and a
 * passing test on the desktop platform with a domain attached; a {@code @CompareSemantics} class;
 * and a class without the extension, all run through a launcher with the {@link ReportListener}.
 */
final class ReportScenario {
  static final String NIC = "0000:01:00.0";
  static final String SCENARIO = "ReportScenario$Scenario";
  static final String CHANGED = "attachDevice_goldenSaysBlocked_differs";
  static final String RENUMBERED = "attachDevice_goldenRenumbered_differsOnlyInIds";
  static final String DESKTOP = "attachGroup_desktopNvme_drawsTheTreeBeforeAndAfter";

  private ReportScenario() {}

  /**
   * Runs the scenario classes as Surefire would, through a launcher with the {@link
   * ReportListener}, after writing the golden traces and changing two of them; returns the path
   * of index.html.
   * (The EngineTestKit calls no launcher listeners, so it would leave no page.)
   */
  static Path writeReport(Path dir) throws IOException {
    Path golden = dir.resolve("golden");
    Kit.assertAllPassed(Kit.run(Scenario.class, "iommunit.trace.dir=" + golden,
        "iommunit.report.dir=" + dir.resolve("update"), "iommunit.trace.update=true",
        "iommunit.trace.ci=false"), 4);
    Path trace = golden.resolve(SCENARIO).resolve(CHANGED + ".trace");
    Files.writeString(trace, Files.readString(trace, StandardCharsets.UTF_8)
        .replace("D1:DMA -> D2:UNMANAGED", "D1:DMA -> D2:BLOCKED"), StandardCharsets.UTF_8);
    Path renumbered = golden.resolve(SCENARIO).resolve(RENUMBERED + ".trace");
    Files.writeString(renumbered, Files.readString(renumbered, StandardCharsets.UTF_8)
        .replace("D2:", "D5:"), StandardCharsets.UTF_8);

    Path report = dir.resolve("report");
    LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
        .selectors(selectClass(Scenario.class), selectClass(Compare.class),
            selectClass(Plain.class))
        .configurationParameter(TestKitOnly.PARAMETER, "true")
        .configurationParameter("iommunit.trace.dir", golden.toString())
        .configurationParameter("iommunit.report.dir", report.toString())
        // no console line, no CI summary: this report is the test's own
        .configurationParameter("iommunit.report.publish", "false")
        .build();
    SummaryGeneratingListener outcomes = new SummaryGeneratingListener();
    Launcher launcher = LauncherFactory.create(LauncherConfig.builder()
        .enableTestExecutionListenerAutoRegistration(false)
        .addTestExecutionListeners(new ReportListener(), outcomes)
        .build());
    launcher.execute(request);

    TestExecutionSummary summary = outcomes.getSummary();
    assertThat(summary.getTestsSucceededCount()).as("scenario tests passed").isEqualTo(5);
    assertThat(summary.getTestsFailedCount()).as("scenario tests failed").isEqualTo(2);
    return report.resolve("index.html");
  }

  @TestKitOnly
  @SimulatedIommu
  @GoldenTrace
  static class Scenario {
    @Test
    void attachDevice_goldenSaysBlocked_differs(@DeviceAt(NIC) Device nic, IommuCore iommu) {
      IommuDomain domain = iommu.pagingDomainAlloc(nic);
      iommu.attachDevice(domain, nic);
      iommu.detachDevice(domain, nic);
      iommu.domainFree(domain);
    }

    @Test
    void pagingDomainAlloc_goldenMatches_passes(@DeviceAt(NIC) Device nic, IommuCore iommu) {
      iommu.domainFree(iommu.pagingDomainAlloc(nic));
    }

    @Test
    void attachDevice_goldenRenumbered_differsOnlyInIds(@DeviceAt(NIC) Device nic,
        IommuCore iommu) {
      IommuDomain domain = iommu.pagingDomainAlloc(nic);
      iommu.attachDevice(domain, nic);
      iommu.detachDevice(domain, nic);
      iommu.domainFree(domain);
    }

    @Test
    @SimulatedIommu(platform = "desktop")
    void attachGroup_desktopNvme_drawsTheTreeBeforeAndAfter(
        @Domain(attachTo = "nvme") IommuDomain domain) {
      assertThat(domain.isFreed()).isFalse();
    }
  }

  /** Two profiles whose traces differ, so the page has a semantics diff. */
  @TestKitOnly
  @SimulatedIommu(factory = "org.iommunit.junit.CompareSemanticsTest#nic")
  static class Compare {
    @CompareSemantics({"MAINLINE", "NO_DMA_OWNERSHIP"})
    void bindDriver_dmaApiDriver_differs(Platform p) {
      Device nic = p.device("nic");
      p.bindDriver(nic, Driver.dmaApi("ice"));
      p.unbindDriver(nic);
    }
  }

  /** A test without the extension: the page counts it but does not show it. */
  @TestKitOnly
  static class Plain {
    @Test
    void plain_noExtension_notOnThePage() {
      assertThat(List.of()).isEmpty();
    }
  }
}
