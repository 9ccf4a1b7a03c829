package org.iommunit.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * A module's layers as data, bottom first, and what follows from them: the main classes of the
 * layers' packages, the rules the architecture test checks, and the picture docs/architecture.md
 * shows. The picture is generated from the same list the rules check, so the two cannot drift.
 */
final class Layering {
  /** System property that rewrites the module's picture in docs/architecture.md. */
  static final String WRITE_PROPERTY = "iommunit.architecture.write";

  private static final Path DOC = Path.of("..", "docs", "architecture.md");

  private final String module;
  private final List<Layer> layers;

  Layering(String module, List<Layer> layers) {
    this.module = module;
    this.layers = List.copyOf(layers);
  }

  /** Imports the module's main classes: every class of a package some layer names. */
  JavaClasses mainClasses() {
    return new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
        .withImportOption(location -> !location.contains("/jmh/")) // a bench build's classes
        .importPackages(rootPackages());
  }

  private List<String> rootPackages() {
    return layers.stream().flatMap(l -> l.packages().stream()).toList();
  }

  /** Returns the packages of the imported classes that no layer declares, sorted. */
  List<String> undeclaredPackages(JavaClasses classes) {
    TreeSet<String> declared = new TreeSet<>(rootPackages());
    TreeSet<String> undeclared = new TreeSet<>();
    for (JavaClass c : classes) {
      if (!declared.contains(c.getPackageName())) {
        undeclared.add(c.getPackageName());
      }
    }
    return List.copyOf(undeclared);
  }

  /** Returns the rule that no package cycle exists among the module's packages. */
  ArchRule noPackageCycles() {
    return slices().matching("org.iommunit.(**)").should().beFreeOfCycles();
  }

  /** Returns one rule per layer: its classes never use a class of a higher layer. */
  List<ArchRule> noUpwardDependencies() {
    List<ArchRule> rules = new ArrayList<>();
    for (int i = 0; i < layers.size() - 1; i++) {
      List<String> higher = new ArrayList<>();
      for (Layer above : layers.subList(i + 1, layers.size())) {
        higher.addAll(above.packages());
      }
      Layer layer = layers.get(i);
      rules.add(noClasses().that().resideInAnyPackage(layer.packages().toArray(String[]::new))
          .should().dependOnClassesThat().resideInAnyPackage(higher.toArray(String[]::new))
          .as("layer '" + layer.name() + "' uses no higher layer"));
    }
    return rules;
  }

  /** Evaluates {@code rules} and returns every violation's report line. */
  static List<String> violations(JavaClasses classes, List<ArchRule> rules) {
    List<String> out = new ArrayList<>();
    for (ArchRule rule : rules) {
      EvaluationResult result = rule.evaluate(classes);
      if (result.hasViolation()) {
        out.addAll(result.getFailureReport().getDetails());
      }
    }
    return out;
  }

  /** Renders the layers as a Mermaid flowchart, top layer first, each pointing at the next. */
  String mermaid() {
    StringBuilder out = new StringBuilder("```mermaid\nflowchart TB\n");
    for (int i = layers.size() - 1; i >= 0; i--) {
      Layer l = layers.get(i);
      out.append("  ").append(id(i)).append("[\"<b>").append(l.name()).append("</b><br/>")
          .append(l.job()).append("<br/><i>").append(String.join(", ", l.shortPackages()))
          .append("</i>\"]\n");
    }
    for (int i = layers.size() - 1; i > 0; i--) {
      out.append("  ").append(id(i)).append(" --> ").append(id(i - 1)).append('\n');
    }
    return out.append("```\n").toString();
  }

  private String id(int index) {
    return module.replace('-', '_') + index;
  }

  /** Returns the module's picture as docs/architecture.md has it, between its two markers. */
  String documentedPicture() throws IOException {
    String doc = Files.readString(DOC, StandardCharsets.UTF_8);
    int begin = doc.indexOf(beginMarker());
    int end = doc.indexOf(endMarker());
    if (begin < 0 || end < begin) {
      throw new IllegalStateException(DOC + " has no " + beginMarker() + " ... " + endMarker()
          + " block for the " + module + " layers");
    }
    return doc.substring(begin + beginMarker().length(), end);
  }

  /** Replaces the module's picture in docs/architecture.md with {@link #mermaid()}. */
  void writePicture() throws IOException {
    String doc = Files.readString(DOC, StandardCharsets.UTF_8);
    int begin = doc.indexOf(beginMarker()) + beginMarker().length();
    int end = doc.indexOf(endMarker());
    Files.writeString(DOC, doc.substring(0, begin) + mermaid() + doc.substring(end),
        StandardCharsets.UTF_8);
  }

  private String beginMarker() {
    return "<!-- layers:" + module + " -->\n";
  }

  private String endMarker() {
    return "<!-- /layers:" + module + " -->";
  }
}
