package org.iommunit.architecture;

import java.util.List;

/**
 * The framework's layers, bottom first, and the rules they imply: no package cycle, no dependency
 * on a higher layer, every package in a layer, and docs/architecture.md drawing the same layers.
 */
class ArchitectureTest extends LayeredArchitectureTest {
  static final Layering LAYERS = new Layering("framework", List.of(
      new Layer("trace", "the trace model: events, traces, their text and diffs",
          List.of("org.iommunit.trace")),
      new Layer("recorder", "records a platform's calls and reports as trace events",
          List.of("org.iommunit.trace.internal")),
      new Layer("report", "the HTML report of traces and diffs",
          List.of("org.iommunit.report")),
      new Layer("assertion messages", "AssertJ error messages that state the kernel rule",
          List.of("org.iommunit.assertj.error")),
      new Layer("assertions", "AssertJ assertions for the model's objects",
          List.of("org.iommunit.assertj")),
      new Layer("extension", "the JUnit 5 extension and its annotations",
          List.of("org.iommunit.junit"))));

  @Override
  Layering layers() {
    return LAYERS;
  }
}
