package org.iommunit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Target;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.iommunit.driver.Vendor;
import org.iommunit.platform.Platforms;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.platform.commons.support.ReflectionSupport;

/**
 * Keeps the README's feature table and the guide's tables of annotations, injectable types,
 * {@code @SimulatedIommu} attributes and configuration parameters in step with the code.
 */
class DocTablesTest {
  private static final String ANNOTATIONS = "| annotation | on | what it does |";
  private static final String INJECTABLE = "| type | declared with | what you get |";
  private static final String ATTRIBUTES = "| attribute | meaning | default |";
  private static final String PARAMETERS = "| parameter | values | default | effect |";
  private static final String FEATURES = "| feature | status | where |";

  /** {@code "iommunit.*"} strings in the framework's code that are not configuration parameters. */
  private static final Set<String> NOT_PARAMETERS = Set.of(
      "iommunit.trace", // TraceReports.ENTRY: the key of the golden outcome's report entry
      "iommunit.trace.ci", // Golden.CI: stands in for the CI variable in the framework's tests
      "iommunit.explore", // ExploreExtension.ENTRY: the key of an exploration's report entry
      "iommunit.properties"); // the resource that carries the version

  private static final Pattern STRING_LITERAL = Pattern.compile("\"(iommunit\\.[A-Za-z.]+)\"");
  private static final List<String> PACKAGES = List.of("base", "core", "platform", "device",
      "dma", "driver", "iotlb", "pgtable", "mm", "sva", "iopf", "semantics", "assertj", "junit",
      "trace", "report");

  private final String guide = MarkdownDocs.read("docs/guide.md");
  private final String readme = MarkdownDocs.read("README.md");

  @Test
  void guideAnnotationTable_everyPublicAnnotation_isListedWithWhereItGoes() {
    List<String> expected = new ArrayList<>();
    for (Class<?> annotation : annotations()) {
      expected.add("@" + annotation.getSimpleName() + " | " + targets(annotation));
    }

    List<String> documented = new ArrayList<>();
    for (List<String> row : MarkdownDocs.table(guide, ANNOTATIONS)) {
      documented.add(MarkdownDocs.code(row.get(0)) + " | " + row.get(1));
    }

    assertThat(documented).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void readmeFeatureTable_everyAnnotationAndInjectedType_isNamed() {
    String features = MarkdownDocs.table(readme, FEATURES).stream()
        .map(row -> String.join(" | ", row)).collect(Collectors.joining("\n"));

    for (Class<?> annotation : annotations()) {
      if (annotation != InjectFaults.class) { // the container the compiler writes
        assertThat(features).as("README features").contains("`@" + annotation.getSimpleName()
            + "`");
      }
    }
    for (Injectable injectable : Injectable.values()) {
      if (injectable.declaration() == null) {
        assertThat(features).as("README features").contains("`"
            + injectable.type().getSimpleName() + "`");
      }
    }
  }

  @Test
  void readmeFeatureTable_whereColumn_namesCodeThatExists() {
    List<String> missing = new ArrayList<>();
    for (List<String> row : MarkdownDocs.table(readme, FEATURES)) {
      Matcher code = Pattern.compile("`([^`]+)`").matcher(row.get(2));
      while (code.find()) {
        if (!exists(code.group(1))) {
          missing.add(code.group(1));
        }
      }
    }

    assertThat(missing).isEmpty();
  }

  @Test
  void guideInjectionTable_rows_areTheInjectableTypesAndTheirAnnotations() {
    List<String> expected = new ArrayList<>();
    for (Injectable injectable : Injectable.values()) {
      Class<?> declaration = injectable.declaration();
      expected.add(injectable.type().getSimpleName() + " | "
          + (declaration == null ? "nothing" : "@" + declaration.getSimpleName()));
    }

    List<String> documented = new ArrayList<>();
    for (List<String> row : MarkdownDocs.table(guide, INJECTABLE)) {
      String declaredWith = row.get(1).startsWith("nothing") ? "nothing"
          : MarkdownDocs.code(row.get(1)).replaceAll("\\(.*", "");
      documented.add(MarkdownDocs.code(row.get(0)) + " | " + declaredWith);
    }

    assertThat(documented).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void guideBadDeclarations_unknownTypeMessage_listsEveryInjectableType() {
    assertThat(guide).contains("; it injects " + Injectable.catalogue() + "\n");
  }

  @Test
  void guideSimulatedIommuTable_rows_areTheAnnotationsAttributes() {
    List<String> attributes = Arrays.stream(SimulatedIommu.class.getDeclaredMethods())
        .map(Method::getName).collect(Collectors.toList());

    List<String> documented = MarkdownDocs.firstColumn(guide, ATTRIBUTES).stream()
        .map(MarkdownDocs::code).collect(Collectors.toList());

    assertThat(documented).containsExactlyInAnyOrderElementsOf(attributes);
  }

  @Test
  void guideSimulatedIommuTable_platformRow_namesEveryReadyMadePlatform() {
    String platform = MarkdownDocs.table(guide, ATTRIBUTES).stream()
        .filter(row -> row.get(0).equals("`platform`")).findFirst().orElseThrow().get(1);

    for (String name : Platforms.NAMES) {
      assertThat(platform).contains("`" + name + "`");
    }
  }

  @Test
  void guideConfigurationTable_parameters_areThoseTheFrameworkReads() throws IOException {
    Set<String> read = new TreeSet<>();
    try (Stream<Path> sources = Files.walk(Path.of("src", "main", "java"))) {
      for (Path source : sources.filter(p -> p.toString().endsWith(".java"))
          .collect(Collectors.toList())) {
        Matcher m = STRING_LITERAL.matcher(Files.readString(source, StandardCharsets.UTF_8));
        while (m.find()) {
          read.add(m.group(1));
        }
      }
    }
    read.removeAll(NOT_PARAMETERS);

    Set<String> documented = MarkdownDocs.firstColumn(guide, PARAMETERS).stream()
        .map(MarkdownDocs::code).collect(Collectors.toCollection(TreeSet::new));

    assertThat(documented).isEqualTo(read);
  }

  @Test
  void guideConfigurationTable_vendorRow_namesEveryVendor() {
    String vendor = MarkdownDocs.table(guide, PARAMETERS).stream()
        .filter(row -> row.get(0).equals("`" + Settings.VENDOR + "`")).findFirst().orElseThrow()
        .get(1);

    for (Vendor v : Vendor.values()) {
      assertThat(vendor).contains("`" + v.name() + "`");
    }
  }

  private static List<Class<?>> annotations() {
    return ReflectionSupport.findAllClassesInPackage("org.iommunit.junit",
        c -> c.isAnnotation() && Modifier.isPublic(c.getModifiers()), name -> true);
  }

  // the @Target of an annotation in words, in a fixed order: class, method, field, parameter,
  // annotation
  private static String targets(Class<?> annotation) {
    List<ElementType> on = Arrays.asList(annotation.getAnnotation(Target.class).value());
    List<String> words = new ArrayList<>();
    ElementType[] order = {ElementType.TYPE, ElementType.METHOD, ElementType.FIELD,
        ElementType.PARAMETER, ElementType.ANNOTATION_TYPE};
    String[] names = {"class", "method", "field", "parameter", "annotation"};
    for (int i = 0; i < order.length; i++) {
      if (on.contains(order[i])) {
        words.add(names[i]);
      }
    }
    return String.join(", ", words);
  }

  // a module directory, a package (org.iommunit.x or org.iommunit.x.*), a type of one of
  // PACKAGES, or Type.member
  private static boolean exists(String code) {
    if (code.equals("fixtures") || code.equals("framework")) {
      return Files.isDirectory(MarkdownDocs.ROOT.resolve(code));
    }
    if (code.startsWith("org.iommunit.")) {
      String dir = code.replace(".*", "").replace('.', '/');
      return Files.isDirectory(MarkdownDocs.ROOT.resolve("fixtures/src/main/java/" + dir))
          || Files.isDirectory(MarkdownDocs.ROOT.resolve("framework/src/main/java/" + dir));
    }
    int dot = code.indexOf('.');
    Class<?> type = type(dot < 0 ? code : code.substring(0, dot));
    if (type == null || dot < 0) {
      return type != null;
    }
    String member = code.substring(dot + 1);
    return Arrays.stream(type.getMethods()).map(Method::getName).anyMatch(member::equals)
        || Arrays.stream(type.getFields()).map(Field::getName).anyMatch(member::equals);
  }

  private static @Nullable Class<?> type(String simpleName) {
    for (String p : PACKAGES) {
      try {
        return Class.forName("org.iommunit." + p + "." + simpleName);
      } catch (ClassNotFoundException e) {
        continue; // not in this package
      }
    }
    return null;
  }
}
