package org.iommunit.junit;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.MediaType;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.JUnitException;

/**
 * Attaches a file to the JUnit report with {@code publishFile}, JUnit 5.14 API. The only class of
 * the extension that names {@link MediaType}: {@link TraceReports} calls it only where that type
 * exists, so on JUnit 5.10 to 5.13 this class is never loaded.
 */
final class FilePublisher {
  private FilePublisher() {}

  /**
   * Publishes a copy of {@code file} as {@code name}; returns false if the launcher takes no
   * files (one without an output directory, such as the EngineTestKit's default).
   */
  static boolean publish(ExtensionContext context, String name, Path file) {
    try {
      context.publishFile(name, MediaType.TEXT_PLAIN_UTF_8, target -> Files.copy(file, target));
      return true;
    } catch (JUnitException e) {
      return false;
    }
  }
}
