package org.iommunit.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.ClassNameFilter.excludeClassNamePatterns;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.Filter;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * The sample suite under {@code junit.jupiter.execution.parallel.enabled=true}: run concurrently
 * and in series, every test ends the same way and records the same trace, byte for byte.
 */
class ParallelSuiteTest {

  private static final Path RUNS = Paths.get("target", "parallel-suite");

  @Test
  void execute_samplesInParallelAndInSeries_endTheSameWay() {
    Map<String, String> series = outcomes(run(false));
    Map<String, String> parallel = outcomes(run(true));

    assertThat(series).hasSizeGreaterThan(10)
        .allSatisfy((test, outcome) -> assertThat(outcome).as(test).isEqualTo("SUCCESSFUL"));
    assertThat(parallel).isEqualTo(series);
  }

  @Test
  void execute_samplesInParallelAndInSeries_recordIdenticalTraces() throws IOException {
    run(false);
    run(true);

    Map<String, String> series = traces(RUNS.resolve("series"));
    Map<String, String> parallel = traces(RUNS.resolve("parallel"));

    assertThat(series).hasSizeGreaterThan(10);
    assertThat(parallel).isEqualTo(series);
  }

  // relative trace file name -> its text
  private static Map<String, String> traces(Path reportDir) throws IOException {
    Path root = reportDir.resolve("traces");
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        out.put(root.relativize(f).toString().replace('\\', '/'),
            Files.readString(f, StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  private static EngineExecutionResults run(boolean parallel) {
    return EngineTestKit.engine("junit-jupiter")
        .configurationParameter("iommunit.report.dir",
            RUNS.resolve(parallel ? "parallel" : "series").toString())
        .selectors(selectPackage("org.iommunit.samples"))
        // the explorer's runs are single-threaded and long: the campaign, its smoke test and
        // the seed explorations stay out of the twice-run suite
        .filters((Filter<?>) excludeClassNamePatterns(".*\\.ParallelSuiteTest",
            ".*\\.explore\\..*", ".*\\.SeedExplorationTest"))
        .configurationParameter("junit.jupiter.execution.parallel.enabled",
            String.valueOf(parallel))
        .configurationParameter("junit.jupiter.execution.parallel.mode.default", "concurrent")
        .configurationParameter("junit.jupiter.execution.parallel.mode.classes.default",
            "concurrent")
        .execute();
  }

  private static Map<String, String> outcomes(EngineExecutionResults results) {
    Map<String, String> out = new TreeMap<>();
    results.testEvents().finished().stream().forEach(e -> out.put(
        e.getTestDescriptor().getUniqueId().toString(),
        e.getRequiredPayload(TestExecutionResult.class).getStatus().toString()));
    return out;
  }
}
