package org.iommunit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.iommunit.device.Acs;
import org.iommunit.device.Device;
import org.iommunit.device.Driver;
import org.iommunit.platform.Platform;
import org.iommunit.platform.PlatformBuilder;
import org.iommunit.semantics.IommuDeviceUseDefaultDomain;
import org.iommunit.semantics.Semantics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EventType;

/** {@link CompareSemantics} through the EngineTestKit: no difference, a diff, a bad profile. */
class CompareSemanticsTest {
  static final String DIFF = "traces/CompareSemanticsTest$Scenario/bindDriver_dmaApiDriver_differs"
      + ".semantics.diff";

  @TempDir
  Path dir;

  @Test
  void compareSemantics_mainlineTwice_passesWithEmptyDiff() throws IOException {
    EngineExecutionResults results = run(SameProfile.class);

    Kit.assertAllPassed(results, 2);
    assertThat(displayNames(results)).containsExactly("MAINLINE", "MAINLINE");
    assertThat(Kit.reportEntries(results, SemanticsComparison.ENTRY))
        .containsExactly("# MAINLINE vs MAINLINE: no difference\n");
    assertThat(Files.readString(dir.resolve("report").resolve(DIFF.replace("Scenario",
        "SameProfile")), StandardCharsets.UTF_8)).isEqualTo(
            "# MAINLINE vs MAINLINE: no difference\n");
  }

  @Test
  void compareSemantics_mainlineAndNoDmaOwnership_publishesUnifiedDiff() throws IOException {
    EngineExecutionResults results = run(Scenario.class);

    Kit.assertAllPassed(results, 2);
    assertThat(displayNames(results)).containsExactly("MAINLINE", "NO_DMA_OWNERSHIP");
    String diff = Files.readString(dir.resolve("report").resolve(DIFF), StandardCharsets.UTF_8);
    assertThat(diff).startsWith("--- MAINLINE\n+++ NO_DMA_OWNERSHIP\n@@ ")
        .contains("\n-api   iommu_device_use_default_domain(0000:01:00.0) = 0\n");
    assertThat(Kit.reportEntries(results, SemanticsComparison.ENTRY)).containsExactly(diff);
    assertThat(dir.resolve("report/fragments/CompareSemanticsTest$Scenario/"
        + "bindDriver_dmaApiDriver_differs.semantics.html")).content()
        .contains("<h3>MAINLINE vs NO_DMA_OWNERSHIP</h3>", "<tr class=\"deleted\">");
  }

  @Test
  void compareSemantics_unknownProfile_failsNamingAnnotationAndProfiles() {
    Throwable failure = Kit.onlyFailure(run(UnknownProfile.class));

    assertThat(failure).isInstanceOf(ExtensionConfigurationException.class);
    assertThat(failure.getMessage()).startsWith("@CompareSemantics({\"MAINLINE\", \"NO_SUCH\"})"
        + " on method ").contains("there is no semantics profile \"NO_SUCH\"",
            "use one of: MAINLINE, ", "NO_DMA_OWNERSHIP");
  }

  @Test
  void compareSemantics_oneProfile_failsAskingForTwo() {
    Throwable failure = Kit.onlyFailure(run(OneProfile.class));

    assertThat(failure).isInstanceOf(ExtensionConfigurationException.class);
    assertThat(failure.getMessage()).contains("a comparison needs two profiles at least");
  }

  @Test
  void compareSemantics_withGoldenTrace_checksEachInvocationsGolden() {
    Kit.assertAllPassed(run(Golden.class, "iommunit.trace.update=true",
        "iommunit.trace.ci=false"), 2);

    assertThat(dir.resolve("golden/CompareSemanticsTest$Golden/"
        + "bindDriver_dmaApiDriver_differs[2].trace")).content()
        .contains("# semantics NO_DMA_OWNERSHIP");
    Kit.assertAllPassed(run(Golden.class), 2);
  }

  @Test
  void compareSemantics_userRuleAgainstItsSeed_passesWithEmptyDiff() {
    EngineExecutionResults results = run(UserRule.class);

    Kit.assertAllPassed(results, 2);
    assertThat(Kit.reportEntries(results, SemanticsComparison.ENTRY)).containsExactly(
        "# NO_DMA_OWNERSHIP vs " + NoOwnership.class.getName() + ": no difference\n");
  }

  @Test
  void simulatedIommu_semanticsFactory_traceHeaderNamesTheProfile() {
    Kit.assertAllPassed(run(FactoryProfile.class, "iommunit.trace.update=true",
        "iommunit.trace.ci=false"), 1);

    assertThat(dir.resolve("golden/CompareSemanticsTest$FactoryProfile/"
        + "bindDriver_dmaApiDriver_neverAsksTheCore.trace")).content()
        .contains("# semantics no-ownership-as-a-rule\n")
        .doesNotContain("iommu_device_use_default_domain");
  }

  @Test
  void simulatedIommu_semanticsFactoryNotASupplier_failsNamingTheClass() {
    Throwable failure = Kit.onlyFailure(run(NotAFactory.class));

    assertThat(failure).isInstanceOf(ExtensionConfigurationException.class);
    assertThat(failure.getMessage()).contains("@SimulatedIommu(semantics = \""
        + String.class.getName() + "\")", "does not implement Supplier<Semantics>");
  }

  /** The NO_DMA_OWNERSHIP seed's rule as a test's own class: binding never asks the core. */
  static final class NoOwnership implements Supplier<Semantics> {
    @Override
    public Semantics get() {
      IommuDeviceUseDefaultDomain never = () -> false;
      return Semantics.mainline().with(never).withName("no-ownership-as-a-rule");
    }
  }

  private EngineExecutionResults run(Class<?> testClass, String... more) {
    List<String> parameters = new java.util.ArrayList<>(List.of(
        "iommunit.trace.dir=" + dir.resolve("golden"),
        "iommunit.report.dir=" + dir.resolve("report")));
    parameters.addAll(List.of(more));
    return Kit.run(testClass, parameters.toArray(new String[0]));
  }

  private static List<String> displayNames(EngineExecutionResults results) {
    return results.testEvents().finished().map(e -> e.getTestDescriptor().getDisplayName())
        .collect(java.util.stream.Collectors.toList());
  }

  // one NIC behind an ACS port: its own group
  static PlatformBuilder nic() {
    return Platform.builder()
        .pci(rc -> rc.rootPort("00:1c.0", port -> port.acs(Acs.ISOLATED).driver(Driver.PCIEPORT)
            .endpoint("01:00.0", fn -> fn.label("nic"))));
  }

  @TestKitOnly
  @SimulatedIommu(factory = "org.iommunit.junit.CompareSemanticsTest#nic")
  static class Scenario {
    @CompareSemantics({"MAINLINE", "NO_DMA_OWNERSHIP"})
    void bindDriver_dmaApiDriver_differs(Platform p) {
      Device nic = p.device("nic");
      p.bindDriver(nic, Driver.dmaApi("ice"));
      p.unbindDriver(nic);
    }
  }

  @TestKitOnly
  @SimulatedIommu(factory = "org.iommunit.junit.CompareSemanticsTest#nic")
  static class SameProfile {
    @CompareSemantics({"MAINLINE", "MAINLINE"})
    void bindDriver_dmaApiDriver_differs(Platform p) {
      p.bindDriver(p.device("nic"), Driver.dmaApi("ice"));
      p.unbindDriver(p.device("nic"));
    }
  }

  @TestKitOnly
  @SimulatedIommu(factory = "org.iommunit.junit.CompareSemanticsTest#nic")
  static class UserRule {
    @CompareSemantics({"NO_DMA_OWNERSHIP", "org.iommunit.junit.CompareSemanticsTest$NoOwnership"})
    void bindDriver_dmaApiDriver_differs(Platform p) {
      p.bindDriver(p.device("nic"), Driver.dmaApi("ice"));
      p.unbindDriver(p.device("nic"));
    }
  }

  @TestKitOnly
  @SimulatedIommu(factory = "org.iommunit.junit.CompareSemanticsTest#nic",
      semanticsFactory = NoOwnership.class)
  static class FactoryProfile {
    @Test
    @GoldenTrace
    void bindDriver_dmaApiDriver_neverAsksTheCore(Platform p) {
      p.bindDriver(p.device("nic"), Driver.dmaApi("ice"));
      p.unbindDriver(p.device("nic"));
    }
  }

  @TestKitOnly
  @SimulatedIommu(semantics = "java.lang.String")
  static class NotAFactory {
    @Test
    void never() {}
  }

  @TestKitOnly
  @SimulatedIommu
  static class UnknownProfile {
    @CompareSemantics({"MAINLINE", "NO_SUCH"})
    void never() {}
  }

  @TestKitOnly
  @SimulatedIommu
  static class OneProfile {
    @CompareSemantics("MAINLINE")
    void never() {}
  }

  @TestKitOnly
  @SimulatedIommu(factory = "org.iommunit.junit.CompareSemanticsTest#nic")
  static class Golden {
    @CompareSemantics({"MAINLINE", "NO_DMA_OWNERSHIP"})
    @GoldenTrace
    void bindDriver_dmaApiDriver_differs(Platform p) {
      p.bindDriver(p.device("nic"), Driver.dmaApi("ice"));
      p.unbindDriver(p.device("nic"));
    }
  }
}
