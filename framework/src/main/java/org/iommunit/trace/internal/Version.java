package org.iommunit.trace.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Reads the IOMMUnit version Maven wrote into {@code iommunit.properties}. */
final class Version {
  private Version() {}

  static String read() {
    Properties p = new Properties();
    try (InputStream in = Version.class.getResourceAsStream("iommunit.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("iommunit.properties cannot be read", e);
    }
    return p.getProperty("version", "unknown");
  }
}
