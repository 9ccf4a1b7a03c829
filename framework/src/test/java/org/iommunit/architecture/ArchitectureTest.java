package org.iommunit.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The framework's layers, bottom first, and the rules they imply: no package cycle, no dependency
 * on a higher layer, every package in a layer, and docs/architecture.md drawing the same layers.
 */
class ArchitectureTest {
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

  private static final JavaClasses CLASSES = LAYERS.mainClasses();

  @Test
  void mainClasses_everyPackage_belongsToALayer() {
    List<String> undeclared = LAYERS.undeclaredPackages(CLASSES);

    assertThat(undeclared).as("packages no layer declares").isEmpty();
  }

  @Test
  void packages_sliced_formNoCycle() {
    List<String> cycles = Layering.violations(CLASSES, List.of(LAYERS.noPackageCycles()));

    assertThat(cycles).isEmpty();
  }

  @Test
  void layers_eachLayer_usesNoHigherLayer() {
    List<String> upward = Layering.violations(CLASSES, LAYERS.noUpwardDependencies());

    assertThat(upward).isEmpty();
  }

  @Test
  void architectureDoc_layerPicture_matchesLayerData() throws IOException {
    if (Boolean.getBoolean(Layering.WRITE_PROPERTY)) {
      LAYERS.writePicture();
    }

    String documented = LAYERS.documentedPicture();

    assertThat(documented).as("docs/architecture.md; rewrite with -D" + Layering.WRITE_PROPERTY
        + "=true").isEqualTo(LAYERS.mermaid());
  }
}
