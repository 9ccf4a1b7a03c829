package org.iommunit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.iommunit.core.IommuCore;
import org.iommunit.core.IommuDomain;
import org.iommunit.device.Device;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.opentest4j.AssertionFailedError;

/** {@link GoldenTrace} through the EngineTestKit: pass, mismatch, missing, update, CI. */
class GoldenTraceTest {
  static final String NIC = "0000:01:00.0";
  static final String GOLDEN = "GoldenTraceTest$AttachDetach/attachDevice_singleDeviceGroup_succeeds.trace";

  @TempDir
  Path dir;

  @Test
  void goldenTrace_updateMode_writesGoldenThatThenPasses() throws IOException {
    Kit.assertAllPassed(run(Kit.class, "iommunit.trace.update=true",
        "iommunit.trace.ci=false"), 1);

    String golden = Files.readString(dir.resolve("golden").resolve(GOLDEN));
    assertThat(golden).startsWith("# iommunit-trace 1\n# vendor REFERENCE\n"
        + "# semantics MAINLINE\n# levels api ops state warn\n# iommunit ");
    assertThat(golden).contains(
        "ops   iommu0.attach_dev(D2:UNMANAGED, 0000:01:00.0, D1:DMA) = 0\n"
        + "state G0.domain D1:DMA -> D2:UNMANAGED\n");
    Kit.assertAllPassed(run(Kit.class), 1);
  }

  @Test
  void goldenTrace_missingGolden_failsWithInstructions() {
    Throwable failure = Kit.onlyFailure(run(Kit.class));

    assertThat(failure).isInstanceOf(AssertionFailedError.class);
    assertThat(failure.getMessage()).startsWith("no golden trace at "
        + dir.resolve("golden").resolve(GOLDEN).toAbsolutePath())
        .contains("Review the actual trace at ", "-Diommunit.trace.update=true");
    assertThat(dir.resolve("report/actual").resolve(GOLDEN + ".actual")).exists();
  }

  @Test
  void goldenTrace_goldenDiffers_failsWithUnifiedDiffAndBothTraces() throws IOException {
    Kit.assertAllPassed(run(Kit.class, "iommunit.trace.update=true",
        "iommunit.trace.ci=false"), 1);
    Path golden = dir.resolve("golden").resolve(GOLDEN);
    String text = Files.readString(golden);
    Files.writeString(golden, text.replace("D1:DMA -> D2:UNMANAGED", "D1:DMA -> D2:BLOCKED"));

    Throwable failure = Kit.onlyFailure(run(Kit.class));

    assertThat(failure).isInstanceOf(AssertionFailedError.class);
    AssertionFailedError afe = (AssertionFailedError) failure;
    assertThat(afe.isExpectedDefined()).isTrue();
    assertThat((String) afe.getExpected().getValue()).contains("D1:DMA -> D2:BLOCKED");
    assertThat((String) afe.getActual().getValue()).contains("D1:DMA -> D2:UNMANAGED");
    assertThat(afe.getMessage()).startsWith("trace differs from golden ")
        .contains("@@ ", "\n-state G0.domain D1:DMA -> D2:BLOCKED\n",
            "\n+state G0.domain D1:DMA -> D2:UNMANAGED\n");
  }

  @Test
  void goldenTrace_updateModeOnCi_failsAndWritesNothing() {
    Throwable failure = Kit.onlyFailure(run(Kit.class, "iommunit.trace.update=true",
        "iommunit.trace.ci=true"));

    assertThat(failure.getMessage()).startsWith("iommunit.trace.update=true is refused on CI");
    assertThat(dir.resolve("golden").resolve(GOLDEN)).doesNotExist();
  }

  @Test
  void trace_sameScenarioTwiceAndInParallel_identicalTraces() throws Exception {
    List<String> traces = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<String>> runs = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        Path report = dir.resolve("run" + i);
        runs.add(pool.submit(() -> {
          Kit.run(AttachDetach.class, "iommunit.trace.dir=" + dir.resolve("none"),
              "iommunit.report.dir=" + report);
          return Files.readString(report.resolve("traces").resolve(GOLDEN),
              StandardCharsets.UTF_8);
        }));
      }
      for (Future<String> f : runs) {
        traces.add(f.get());
      }
    } finally {
      pool.shutdown();
    }

    assertThat(traces).hasSize(6).allMatch(t -> t.equals(traces.get(0)));
    assertThat(traces.get(0)).contains("ops   iommu0.free(D2:UNMANAGED) = 0");
  }

  private EngineExecutionResults run(Class<?> ignored, String... more) {
    List<String> parameters = new ArrayList<>(List.of(
        "iommunit.trace.dir=" + dir.resolve("golden"),
        "iommunit.report.dir=" + dir.resolve("report")));
    parameters.addAll(List.of(more));
    return Kit.run(AttachDetach.class, parameters.toArray(new String[0]));
  }

  @TestKitOnly
  @SimulatedIommu
  @GoldenTrace
  static class AttachDetach {
    @Test
    void attachDevice_singleDeviceGroup_succeeds(@DeviceAt(NIC) Device nic, IommuCore iommu) {
      IommuDomain domain = iommu.pagingDomainAlloc(nic);
      iommu.attachDevice(domain, nic);
      iommu.detachDevice(domain, nic);
      iommu.domainFree(domain);
    }
  }
}
