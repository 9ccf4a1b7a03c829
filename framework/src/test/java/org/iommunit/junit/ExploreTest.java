package org.iommunit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.iommunit.driver.Vendor;
import org.iommunit.explore.BootMode;
import org.iommunit.explore.ExplorationResult;
import org.iommunit.explore.Mode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.opentest4j.AssertionFailedError;

/** {@link Explore} through the EngineTestKit: a clean guard, a seed's flaw, a user's profile. */
class ExploreTest {
  static final String SEED = "ExploreTest$SeedDifferential/svaPasid1n_againstMainline_isGuarded";

  @TempDir
  Path dir;

  @Test
  void explore_seedProfileDifferential_failsWithTableAndJunitMethod() {
    Throwable failure = Kit.onlyFailure(run(SeedDifferential.class));

    assertThat(failure).isInstanceOf(AssertionFailedError.class);
    assertThat(failure.getMessage()).startsWith("the explorer found differences: 1 finding")
        .contains("differential SVA_PASID_1N vs MAINLINE", "errno differs at bindDevice",
            "@Test\nvoid bindDevice_explorerSequence", "finding-01.txt");
  }

  @Test
  void explore_seedProfileDifferential_writesFindingWithTraceAndSideBySideDiff() {
    run(SeedDifferential.class);

    assertThat(dir.resolve("explore/findings/" + SEED + "/finding-01.txt")).content()
        .startsWith("# errno differs at bindDevice")
        .contains("## JUnit test\n@Test\n", "## Trace under SVA_PASID_1N\n",
            "## Trace diff: MAINLINE (left) | SVA_PASID_1N (right)\n",
            "> api   iommu_attach_device_pasid(D5:SVA, 0000:01:00.0, 1,");
    assertThat(dir.resolve("report/fragments/" + SEED + ".semantics.html")).content()
        .contains("<h3>MAINLINE vs SVA_PASID_1N</h3>");
    assertThat(dir.resolve("report/fragments/" + SEED + ".uid")).exists();
  }

  @Test
  void explore_mainlineCheckSmallBudget_passesAndInjectsResult() {
    EngineExecutionResults results = run(MainlineCheck.class);

    Kit.assertAllPassed(results, 1);
    assertThat(Kit.reportEntries(results, ExploreExtension.ENTRY)).singleElement().asString()
        .startsWith("check MAINLINE, LEGAL, seed 1, 3000 steps").endsWith("0 finding kind(s)");
  }

  @Test
  void explore_userProfileFactoryInCheckMode_findsBrokenInvariant() {
    Kit.assertAllPassed(run(UserProfile.class), 1);
  }

  @Test
  void explore_expectFindingsButClean_failsSayingNothingWasFound() {
    Throwable failure = Kit.onlyFailure(run(ExpectedButClean.class));

    assertThat(failure).isInstanceOf(AssertionFailedError.class);
    assertThat(failure.getMessage()).startsWith("expected the explorer to find something, but");
  }

  @Test
  void explore_unknownProfile_failsNamingAttributeAndProfiles() {
    Throwable failure = Kit.onlyFailure(run(UnknownProfile.class));

    assertThat(failure).isInstanceOf(ExtensionConfigurationException.class);
    assertThat(failure.getMessage()).startsWith("@Explore on method ")
        .contains("profile: there is no semantics profile \"NO_SUCH\"", "use one of: MAINLINE");
  }

  @Test
  void explore_shardParameter_runsThatShardOnly() {
    EngineExecutionResults results = run(MainlineCheck.class, "iommunit.explore.shard=1/3");

    assertThat(Kit.reportEntries(results, ExploreExtension.ENTRY)).singleElement().asString()
        .contains("shard 1/3");
  }

  @Test
  void explore_malformedShardParameter_failsNamingTheParameter() {
    Throwable failure = Kit.onlyFailure(run(MainlineCheck.class, "iommunit.explore.shard=3/3"));

    assertThat(failure).hasRootCauseInstanceOf(ExtensionConfigurationException.class)
        .hasMessageContaining("iommunit.explore.shard: \"3/3\" is no shard");
  }

  private EngineExecutionResults run(Class<?> testClass, String... more) {
    List<String> parameters = new java.util.ArrayList<>(List.of(
        "iommunit.explore.dir=" + dir.resolve("explore"),
        "iommunit.report.dir=" + dir.resolve("report")));
    parameters.addAll(List.of(more));
    return Kit.run(testClass, parameters.toArray(new String[0]));
  }

  @TestKitOnly
  static class SeedDifferential {
    @Explore(profile = "SVA_PASID_1N", mode = Mode.DIFFERENTIAL, steps = 20_000, stopAfter = 1)
    void svaPasid1n_againstMainline_isGuarded() {}
  }

  @TestKitOnly
  static class MainlineCheck {
    @Explore(steps = 3_000, vendors = Vendor.ARM_SMMU_V3)
    void mainline_randomSequences_keepContract(ExplorationResult result) {
      assertThat(result.steps()).isGreaterThanOrEqualTo(1_000);
    }
  }

  @TestKitOnly
  static class UserProfile {
    @Explore(profileFactory = CompareSemanticsTest.NoOwnership.class, steps = 50_000,
        stopAfter = 1, expect = Explore.Expect.FINDINGS)
    void noOwnershipRule_randomSequences_breakAnInvariant(ExplorationResult result) {
      assertThat(result.findings().get(0).profile()).isEqualTo("no-ownership-as-a-rule");
      assertThat(result.findings().get(0).kind()).startsWith("invariant ");
    }
  }

  @TestKitOnly
  static class ExpectedButClean {
    @Explore(steps = 500, vendors = Vendor.REFERENCE, bootModes = BootMode.STRICT,
        expect = Explore.Expect.FINDINGS)
    void mainline_smallRun_expectsAFlaw() {}
  }

  @TestKitOnly
  static class UnknownProfile {
    @Explore(profile = "NO_SUCH")
    void never() {}
  }
}
