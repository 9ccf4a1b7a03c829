package org.iommunit.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.ClassNameFilter.excludeClassNamePatterns;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.Filter;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * The sample suite under {@code junit.jupiter.execution.parallel.enabled=true}: run concurrently
 * and in series, every test ends the same way. (When golden traces land, this compares them too.)
 */
class ParallelSuiteTest {

  @Test
  void execute_samplesInParallelAndInSeries_endTheSameWay() {
    Map<String, String> series = outcomes(run(false));
    Map<String, String> parallel = outcomes(run(true));

    assertThat(series).hasSizeGreaterThan(10)
        .allSatisfy((test, outcome) -> assertThat(outcome).as(test).isEqualTo("SUCCESSFUL"));
    assertThat(parallel).isEqualTo(series);
  }

  private static EngineExecutionResults run(boolean parallel) {
    return EngineTestKit.engine("junit-jupiter")
        .selectors(selectPackage("org.iommunit.samples"))
        .filters((Filter<?>) excludeClassNamePatterns(".*\\.ParallelSuiteTest"))
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
