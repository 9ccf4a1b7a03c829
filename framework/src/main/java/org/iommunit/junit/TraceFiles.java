package org.iommunit.junit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Where a test's trace files live: golden files under {@code iommunit.trace.dir} (default {@code
 * src/test/resources/iommunit} of the test class's module), actual traces and the report under
 * {@code iommunit.report.dir} (default {@code target/iommunit-report}). A test's relative name
 * comes from its JUnit unique id, never from a stack trace: {@code Outer/Nested/method.trace}, {@code method[2].trace} for
 * the second invocation of a parameterized test.
 */
final class TraceFiles {
  static final String GOLDEN_DIR = "iommunit.trace.dir";
  static final String REPORT_DIR = "iommunit.report.dir";

  private TraceFiles() {}

  /**
   * Returns the golden root of the test {@code context} runs: {@code iommunit.trace.dir} if it is
   * absolute, else that path (by default {@code src/test/resources/iommunit}) in the module of the
   * test class, whatever the working directory.
   */
  static Path goldenRoot(ExtensionContext context) {
    Path configured = Paths.get(context.getConfigurationParameter(GOLDEN_DIR)
        .orElse("src/test/resources/iommunit"));
    return configured.isAbsolute() ? configured
        : MODULE.get(context.getRequiredTestClass()).resolve(configured);
  }

  /**
   * Returns the directory the class was loaded from ({@code target/test-classes}), or null if it
   * came from a jar or from nowhere known.
   */
  static @Nullable Path classDirectory(Class<?> testClass) {
    try {
      CodeSource source = testClass.getProtectionDomain().getCodeSource();
      if (source == null || source.getLocation() == null) {
        return null;
      }
      Path location = Paths.get(source.getLocation().toURI());
      return Files.isDirectory(location) ? location.toAbsolutePath().normalize() : null;
    } catch (URISyntaxException | IllegalArgumentException | SecurityException e) {
      return null;
    }
  }

  // the module of a test class: the nearest directory above its class directory that holds
  // src/test (target/test-classes -> ../..; Gradle's build/classes/java/test -> ../../../..);
  // the working directory when there is none
  private static final ClassValue<Path> MODULE = new ClassValue<>() {
    @Override
    protected Path computeValue(Class<?> testClass) {
      Path classes = classDirectory(testClass);
      for (Path d = classes; d != null; d = d.getParent()) {
        if (Files.isDirectory(d.resolve("src").resolve("test"))) {
          return d;
        }
      }
      return Paths.get("").toAbsolutePath();
    }
  };

  /** Returns the report root of the run. */
  static Path reportRoot(ExtensionContext context) {
    return Settings.read(context).reportRoot(); // read once per run
  }

  /** Returns the test's relative path without extension, e.g. {@code FooTest/bar}. */
  static String relativeName(ExtensionContext context) {
    return relativeName(context.getUniqueId());
  }

  /** Returns the relative path of the test with unique id {@code id}, without extension. */
  static String relativeName(String id) {
    List<String> parts = new ArrayList<>();
    // [engine:junit-jupiter]/[class:a.B]/[method:m(int)]: types and values hold no "]/["
    int at = 1;
    while (at < id.length()) {
      int end = id.indexOf("]/[", at);
      if (end < 0) {
        end = id.length() - 1;
      }
      int colon = id.indexOf(':', at);
      String type = id.substring(at, colon);
      String value = id.substring(colon + 1, end);
      switch (type) {
        case "class":
          parts.add(safe(value.substring(value.lastIndexOf('.') + 1)));
          break;
        case "nested-class":
          parts.add(safe(value));
          break;
        case "method":
        case "test-template":
        case "test-factory":
          int paren = value.indexOf('(');
          parts.add(safe(paren < 0 ? value : value.substring(0, paren)));
          break;
        case "test-template-invocation":
        case "dynamic-test":
          int last = parts.size() - 1;
          parts.set(last, parts.get(last) + "[" + safe(value.replace("#", "")) + "]");
          break;
        default:
          break; // the engine segment
      }
      at = end + 3;
    }
    return String.join("/", parts);
  }

  /** Writes {@code text} to {@code file} in UTF-8, making its directories. */
  static void write(Path file, String text) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file.toAbsolutePath(), e);
    }
  }

  /** Reads {@code file} as UTF-8. */
  static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file.toAbsolutePath(), e);
    }
  }

  // every character but A-Z a-z 0-9 _ . $ - becomes _
  private static String safe(String part) {
    char[] chars = part.toCharArray();
    for (int i = 0; i < chars.length; i++) {
      char c = chars[i];
      if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_'
          || c == '.' || c == '$' || c == '-')) {
        chars[i] = '_';
      }
    }
    return new String(chars);
  }
}
