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
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.iommunit.core.IommuCore;
import org.iommunit.device.Device;
import org.iommunit.report.ReportListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * What a run writes and prints at scale, through a launcher with the report listener: a passing
 * test that asked for nothing writes no file of its own, a failing one writes its trace, {@code
 * iommunit.report.traces=all} writes every trace; the summary says which tests the report covers
 * and why; the console gets one line unless {@code iommunit.report.console=tests}.
 */
class ReportCoverageTest {
  @TempDir Path dir;
  private final List<String> console = new ArrayList<>();

  private Path run(Class<?>[] classes, String... parameters) {
    Path report = dir.resolve("report");
    LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request()
        .configurationParameter(TestKitOnly.PARAMETER, "true")
        .configurationParameter("iommunit.report.dir", report.toString());
    for (Class<?> c : classes) {
      request.selectors(selectClass(c));
    }
    for (String p : parameters) {
      int eq = p.indexOf('=');
      request.configurationParameter(p.substring(0, eq), p.substring(eq + 1));
    }
    Launcher launcher = LauncherFactory.create(LauncherConfig.builder()
        .enableTestExecutionListenerAutoRegistration(false)
        .addTestExecutionListeners(new ReportListener(console::add, Map.<String, String>of()::get))
        .build());
    launcher.execute(request.build());
    return report;
  }

  @Test
  void run_passingTestsThatAskForNothing_writeOnlyThePageAndSummary() throws IOException {
    Path report = run(new Class<?>[] {Passing.class});

    assertThat(files(report)).containsExactly("index.html", "summary.md");
    assertThat(Files.readString(report.resolve("index.html"), StandardCharsets.UTF_8))
        .contains("<summary>ReportCoverageTest$Passing <span class=\"meta\">2 tests",
            "SUCCESSFUL</span> alloc_thenFree_passes", "vendor REFERENCE · profile MAINLINE");
  }

  @Test
  void run_exploreTestWithFinding_listsItInTheFindingsSection() throws IOException {
    Path report = run(new Class<?>[] {ExploreTest.SeedDifferential.class},
        "iommunit.explore.dir=" + dir.resolve("explore"));

    String page = Files.readString(report.resolve("index.html"), StandardCharsets.UTF_8);
    String test = "ExploreTest$SeedDifferential/svaPasid1n_againstMainline_isGuarded";
    assertThat(page).contains("<section id=\"findings\">\n<h2>Exploration findings</h2>",
        "<h3>errno differs at bindDevice: EBUSY vs 0</h3>", "<p>in <a href=\"#",
        ">" + test + "</a></p>", "p.sva().bindDevice(p.device(&quot;0000:01:00.0&quot;), mm0)",
        "@Test\nvoid bindDevice_explorerSequence", "file: file:/",
        "/explore/findings/" + test + "/finding-01.txt");
  }

  @Test
  void run_cleanTests_writeNoFindingsSection() throws IOException {
    Path report = run(new Class<?>[] {Passing.class});

    assertThat(Files.readString(report.resolve("index.html"), StandardCharsets.UTF_8))
        .doesNotContain("<section id=\"findings\">");
  }

  @Test
  void run_failingTest_writesItsTraceAndPicture() {
    Path report = run(new Class<?>[] {Passing.class, Failing.class});

    assertThat(files(report)).contains(
        "traces/ReportCoverageTest$Failing/alloc_thenFail_fails.trace",
        "fragments/ReportCoverageTest$Failing/alloc_thenFail_fails.svg")
        .noneMatch(f -> f.contains("Passing"));
  }

  @Test
  void run_tracesAll_writesEveryTrace() {
    Path report = run(new Class<?>[] {Passing.class}, "iommunit.report.traces=all");

    assertThat(files(report)).contains(
        "traces/ReportCoverageTest$Passing/alloc_thenFree_passes.trace",
        "traces/ReportCoverageTest$Passing/other_thenFree_passes.trace");
  }

  @Test
  void summary_runWithPlainTests_saysWhichTestsTheReportCoversAndWhy() throws IOException {
    Path report = run(new Class<?>[] {Passing.class, Plain.class});

    assertThat(Files.readString(report.resolve("summary.md"), StandardCharsets.UTF_8))
        .contains("3 tests ran, 2 used the IOMMUnit extension; the report covers those.");
    assertThat(Files.readString(report.resolve("index.html"), StandardCharsets.UTF_8))
        .contains("3 tests ran, 2 used the IOMMUnit extension; the report covers those.")
        .doesNotContain("plain_passes");
  }

  @Test
  void console_byDefault_oneLineWithPathAndCounts() {
    Path report = run(new Class<?>[] {Passing.class, Failing.class, Plain.class});

    assertThat(console).containsExactly("IOMMUnit report: "
        + report.resolve("index.html").toAbsolutePath().toUri()
        + " (3 tests covered: 1 failed, 0 golden)");
  }

  @Test
  void console_tests_oneLinePerCoveredTestThenTheReportLine() {
    run(new Class<?>[] {Passing.class}, "iommunit.report.console=tests");

    assertThat(console).hasSize(3);
    assertThat(console.get(0)).startsWith(
        "IOMMUnit test: SUCCESSFUL ReportCoverageTest$Passing/alloc_thenFree_passes ")
        .endsWith(" ms REFERENCE MAINLINE");
    assertThat(console.get(2)).startsWith("IOMMUnit report: ");
  }

  private static List<String> files(Path root) {
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(Files::isRegularFile)
          .map(f -> root.relativize(f).toString().replace('\\', '/')).sorted()
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @TestKitOnly
  @SimulatedIommu
  static class Passing {
    @Test
    void alloc_thenFree_passes(@DeviceAt("0000:03:00.0") Device nic, IommuCore iommu) {
      iommu.domainFree(iommu.pagingDomainAlloc(nic));
    }

    @Test
    void other_thenFree_passes(@DeviceAt("0000:03:00.0") Device nic, IommuCore iommu) {
      iommu.domainFree(iommu.pagingDomainAlloc(nic));
    }
  }

  @TestKitOnly
  @SimulatedIommu
  static class Failing {
    @Test
    void alloc_thenFail_fails(@DeviceAt("0000:03:00.0") Device nic, IommuCore iommu) {
      iommu.domainFree(iommu.pagingDomainAlloc(nic));
      throw new AssertionError("fails on purpose");
    }
  }

  @TestKitOnly
  static class Plain {
    @Test
    void plain_passes() {
      assertThat(1 + 1).isEqualTo(2);
    }
  }
}
