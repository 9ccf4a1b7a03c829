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
import org.iommunit.dma.DeviceDma;
import org.iommunit.dma.DmaApi;
import org.iommunit.dma.DmaDirection;
import org.iommunit.platform.Platform;
import org.iommunit.trace.TraceLevel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.opentest4j.AssertionFailedError;

/** {@link GoldenTrace} through the EngineTestKit: pass, mismatch, missing, update, CI. */
class GoldenTraceTest {
  static final String NIC = "0000:01:00.0";
  static final String GOLDEN =
      "GoldenTraceTest$AttachDetach/attachDevice_singleDeviceGroup_succeeds.trace";
  static final String DMA_GOLDEN =
      "GoldenTraceTest$LazyDma/dmaWrite_afterLazyUnmap_staleUntilFlushThenFaults.trace";

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
    assertThat(failure.getMessage()).startsWith("golden trace " + GOLDEN + " is missing\n"
        + "  golden: " + dir.resolve("golden").resolve(GOLDEN).toAbsolutePath())
        .contains("\n  actual: ", "-Diommunit.trace.update=true");
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
    assertThat(afe.getMessage()).startsWith("golden trace " + GOLDEN
        + " differs: 1 line changed, 0 added, 0 removed\n")
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
    List<String> traces = runSixTimes(AttachDetach.class, GOLDEN);

    assertThat(traces).hasSize(6).allMatch(t -> t.equals(traces.get(0)));
    assertThat(traces.get(0)).contains("ops   iommu0.free(D2:UNMANAGED) = 0");
  }

  @Test
  void trace_dmaScenarioTwiceAndInParallel_identicalIotlbAndDmaLines() throws Exception {
    List<String> traces = runSixTimes(LazyDma.class, DMA_GOLDEN);

    assertThat(traces).hasSize(6).allMatch(t -> t.equals(traces.get(0)));
    assertThat(traces.get(0)).contains("\niotlb fq_flush D1:DMA_FQ pending=1\n",
        " = 1 pa=0x40000000 stale\n", "reason=TRANSLATION domain=D1:DMA_FQ handler=-ENOSYS\n");
  }

  @Test
  void goldenTrace_iotlbAndDmaLevels_goldenHoldsOnlyThoseLinesAndPasses() throws IOException {
    Kit.assertAllPassed(runLazy("iommunit.trace.update=true", "iommunit.trace.ci=false"), 1);

    String golden = Files.readString(dir.resolve("golden").resolve(DMA_GOLDEN));
    assertThat(golden).contains("# levels iotlb dma\n")
        .contains("dma   0000:01:00.0 write pasid=0 iova=0xfffff000 len=1 = 1 pa=0x40000000 stale\n"
            + "iotlb fq_flush D1:DMA_FQ pending=1\n"
            + "iotlb iommu0 TAG tag=1\n")
        .doesNotContain("\napi ", "\nops ", "\nstate ");
    Kit.assertAllPassed(runLazy(), 1);
  }

  @Test
  void goldenTrace_staleWriteMissingFromGolden_failsWithDiffOfDmaLine() throws IOException {
    Kit.assertAllPassed(runLazy("iommunit.trace.update=true", "iommunit.trace.ci=false"), 1);
    Path golden = dir.resolve("golden").resolve(DMA_GOLDEN);
    Files.writeString(golden, Files.readString(golden).replace(" stale\n", "\n"));

    Throwable failure = Kit.onlyFailure(runLazy());

    assertThat(failure).isInstanceOf(AssertionFailedError.class);
    assertThat(failure.getMessage()).contains(
        "\n-dma   0000:01:00.0 write pasid=0 iova=0xfffff000 len=1 = 1 pa=0x40000000\n",
        "\n+dma   0000:01:00.0 write pasid=0 iova=0xfffff000 len=1 = 1 pa=0x40000000 stale\n");
  }

  // runs testClass six times on four threads; returns the report trace file of each run
  private List<String> runSixTimes(Class<?> testClass, String file) throws Exception {
    List<String> traces = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<String>> runs = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        Path report = dir.resolve("run" + i);
        runs.add(pool.submit(() -> {
          Kit.run(testClass, "iommunit.trace.dir=" + dir.resolve("none"),
              "iommunit.report.dir=" + report);
          return Files.readString(report.resolve("traces").resolve(file),
              StandardCharsets.UTF_8);
        }));
      }
      for (Future<String> f : runs) {
        traces.add(f.get());
      }
    } finally {
      pool.shutdown();
    }
    return traces;
  }

  private EngineExecutionResults runLazy(String... more) {
    List<String> parameters = new ArrayList<>(List.of(
        "iommunit.trace.dir=" + dir.resolve("golden"),
        "iommunit.report.dir=" + dir.resolve("report")));
    parameters.addAll(List.of(more));
    return Kit.run(LazyDma.class, parameters.toArray(new String[0]));
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

  @TestKitOnly
  @SimulatedIommu(defaultDomain = DefaultDomain.DMA_FQ)
  @GoldenTrace(levels = {TraceLevel.IOTLB, TraceLevel.DMA})
  static class LazyDma {
    @Test
    void dmaWrite_afterLazyUnmap_staleUntilFlushThenFaults(@DmaApiFor(NIC) DmaApi dma,
        @DeviceAt(NIC) Device nic, Platform platform) {
      long handle = dma.dmaMapSingle(0x4000_0000L, 0x1000, DmaDirection.FROM_DEVICE);
      DeviceDma.of(nic).write(handle, new byte[4]);
      dma.dmaUnmapSingle(handle, 0x1000, DmaDirection.FROM_DEVICE);
      DeviceDma.of(nic).write(handle, new byte[1]);
      platform.flushQueues();
      DeviceDma.of(nic).write(handle, new byte[1]);
    }
  }
}
