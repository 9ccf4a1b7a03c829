package org.iommunit.trace;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes and reads the trace file format, version 1: UTF-8 text, {@code \n} line endings, a
 * header of {@code #} lines, then one event per line.
 *
 * <pre>
 * # iommunit-trace 1
 * # vendor ARM_SMMU_V3
 * # semantics MAINLINE
 * # levels api ops state warn
 * # iommunit 0.1.0
 * ops   arm-smmu-v3.attach_dev(D3:UNMANAGED, 0000:03:00.0, D1:DMA) = 0
 * state G1.domain D1:DMA -> D3:UNMANAGED
 * </pre>
 *
 * <p>The first line names the format and its version; a reader refuses a version it does not
 * know. Header keys are fixed and in this order. Blank lines and other {@code #} lines after the
 * header are comments. Every line but the {@code iommunit} one takes part in comparisons.
 */
public final class TraceFormat {
  /** The format version this class writes and reads. */
  public static final int VERSION = 1;

  private static final String MAGIC = "# iommunit-trace ";
  private static final String[] KEYS = {"vendor", "semantics", "levels", "iommunit"};

  private TraceFormat() {}

  /** Returns the file text of {@code trace}. */
  public static String write(Trace trace) {
    StringBuilder out = new StringBuilder();
    for (String line : headerLines(trace.header())) {
      out.append(line).append('\n');
    }
    for (TraceEvent e : trace.events()) {
      out.append(e.line()).append('\n');
    }
    return out.toString();
  }

  /** Returns the lines of {@code trace} that comparisons look at: all but the version line. */
  public static List<String> comparableLines(Trace trace) {
    List<String> out = new ArrayList<>();
    for (String line : headerLines(trace.header())) {
      if (!line.startsWith("# iommunit ")) {
        out.add(line);
      }
    }
    out.addAll(trace.lines());
    return out;
  }

  /**
   * Reads a trace file's text.
   *
   * @throws IllegalArgumentException if the first line is not {@code # iommunit-trace 1}, a header
   *     key is missing or out of order, or an event line is malformed; the message names the line
   */
  public static Trace parse(String text) {
    String[] lines = text.replace("\r\n", "\n").split("\n", -1);
    if (lines.length == 0 || !lines[0].startsWith(MAGIC)) {
      throw new IllegalArgumentException("line 1: a trace file starts with " + MAGIC.strip()
          + " " + VERSION);
    }
    String version = lines[0].substring(MAGIC.length()).strip();
    if (!version.equals(Integer.toString(VERSION))) {
      throw new IllegalArgumentException("line 1: trace format version " + version
          + " is not known; this IOMMUnit reads version " + VERSION);
    }
    String[] values = new String[KEYS.length];
    for (int k = 0; k < KEYS.length; k++) {
      String prefix = "# " + KEYS[k] + " ";
      String line = k + 1 < lines.length ? lines[k + 1] : "";
      if (!line.startsWith(prefix)) {
        throw new IllegalArgumentException("line " + (k + 2) + ": expected " + prefix.strip()
            + " <value>, found " + line);
      }
      values[k] = line.substring(prefix.length()).strip();
    }
    List<TraceLevel> levels = new ArrayList<>();
    for (String keyword : values[2].isEmpty() ? new String[0] : values[2].split(" +")) {
      TraceLevel level = TraceLevel.ofKeyword(keyword);
      if (level == null) {
        throw new IllegalArgumentException("line 4: unknown level " + keyword);
      }
      levels.add(level);
    }
    TraceHeader header = new TraceHeader(values[0], values[1], values[3], levels);
    List<TraceEvent> events = new ArrayList<>();
    for (int i = KEYS.length + 1; i < lines.length; i++) {
      String line = lines[i];
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      try {
        events.add(TraceEvent.parse(line));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("line " + (i + 1) + ": " + e.getMessage(), e);
      }
    }
    return Trace.of(header, events);
  }

  private static List<String> headerLines(TraceHeader header) {
    List<String> keywords = new ArrayList<>();
    for (TraceLevel level : header.levels()) {
      keywords.add(level.keyword());
    }
    return List.of(MAGIC + VERSION, "# vendor " + header.vendor(),
        "# semantics " + header.semantics(), ("# levels " + String.join(" ", keywords)).strip()
            + (keywords.isEmpty() ? " " : ""), "# iommunit " + header.iommunit());
  }
}
