package org.iommunit.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.iommunit.core.Group;
import org.iommunit.core.GroupState;
import org.iommunit.device.Device;
import org.iommunit.platform.Platform;
import org.iommunit.trace.TraceDiff;
import org.jspecify.annotations.Nullable;

/**
 * Renders the pieces of the HTML report: a golden diff as a side-by-side table with changed lines
 * highlighted, the platform's groups, devices, domains and PASIDs as SVG, and the whole page. All
 * output is deterministic text; the page is self-contained (inline CSS, no script, no external
 * resource).
 */
public final class HtmlReport {
  /** The folder of the per-test fragments under the report root. */
  public static final String FRAGMENTS = "fragments";

  /** The fragment suffix of a semantics comparison's diff tables. */
  public static final String SEMANTICS_HTML = ".semantics.html";
  /** The fragment suffix holding a semantics comparison's template unique id. */
  public static final String SEMANTICS_ID = ".semantics.id";

  private static final int COLUMN = 280;
  private static final int LINE = 18;

  private HtmlReport() {}

  /**
   * The outcome of one test as the report shows it.
   *
   * @param name the test's relative name, e.g. {@code FooTest/bar}
   * @param displayName JUnit's display name
   * @param status {@code SUCCESSFUL}, {@code FAILED}, {@code ABORTED} or {@code SKIPPED}
   * @param message the failure's message or the skip reason; empty if none
   * @param trace the trace file's text; empty if none
   * @param diffHtml the side-by-side diff table; empty if none
   * @param svg the platform picture; empty if none
   * @param vendor the IOMMU vendor of the test's platform; empty if unknown
   * @param profile the semantics profile of the test's platform; empty if unknown
   * @param golden the golden-trace outcome; empty without {@code @GoldenTrace}
   * @param micros how long the test took, in microseconds, as the launcher saw it; -1 if unknown
   */
  public record Entry(String name, String displayName, String status, String message,
      String trace, String diffHtml, String svg, String vendor, String profile, String golden,
      long micros) {
    /**
     * An entry without platform facts or duration.
     *
     * @param name the test's relative name
     * @param displayName JUnit's display name
     * @param status the outcome
     * @param message the failure's message or the skip reason; empty if none
     * @param trace the trace file's text; empty if none
     * @param diffHtml the side-by-side diff table; empty if none
     * @param svg the platform picture; empty if none
     */
    public Entry(String name, String displayName, String status, String message, String trace,
        String diffHtml, String svg) {
      this(name, displayName, status, message, trace, diffHtml, svg, "", "", "", -1);
    }

    /** Returns the first line of {@link #message()}: the whole message when there is no diff. */
    public String headline() {
      int nl = message.indexOf('\n');
      return nl < 0 ? message : message.substring(0, nl);
    }
  }

  /**
   * One {@code @CompareSemantics} test as the report shows it.
   *
   * @param name the template's relative name, e.g. {@code FooTest/bar}
   * @param html the diff tables, one per compared profile
   * @param unified the unified diffs
   */
  public record Comparison(String name, String html, String unified) {}

  /**
   * Writes the fragments of one semantics comparison under {@code root}/fragments: the template's
   * unique id and one side-by-side table per diff, or a note that the profiles agree.
   */
  public static void writeSemanticsFragment(Path root, String name, String uniqueId,
      List<TraceDiff> diffs) {
    Path dir = root.resolve(FRAGMENTS);
    StringBuilder html = new StringBuilder();
    for (TraceDiff diff : diffs) {
      html.append("<h3>").append(escape(diff.expectedName())).append(" vs ")
          .append(escape(diff.actualName())).append("</h3>\n");
      html.append(diff.isEmpty() ? "<p>no difference</p>\n" : diffTable(diff));
    }
    write(dir.resolve(name + SEMANTICS_HTML), html.toString());
    write(dir.resolve(name + SEMANTICS_ID), uniqueId + "\n");
  }

  /**
   * Writes the fragments of one test under {@code root}/fragments: its golden diff table if
   * {@code diff} has differences, and the picture of {@code platform}.
   */
  public static void writeFragments(Path root, String name, @Nullable TraceDiff diff,
      Platform platform) {
    Path dir = root.resolve(FRAGMENTS);
    if (diff != null && !diff.isEmpty()) {
      write(dir.resolve(name + ".diff.html"), diffTable(diff));
    }
    write(dir.resolve(name + ".svg"), platformSvg(platform));
  }

  /** Returns {@code diff} as a side-by-side table; changed rows carry their change's class. */
  public static String diffTable(TraceDiff diff) {
    StringBuilder out = new StringBuilder();
    out.append("<table class=\"diff\">\n<tr><th>").append(escape(diff.expectedName()))
        .append("</th><th>").append(escape(diff.actualName())).append("</th></tr>\n");
    for (TraceDiff.Row row : diff.rows()) {
      String css = row.change().name().toLowerCase(java.util.Locale.ROOT);
      out.append("<tr class=\"").append(css).append("\"><td>")
          .append(escape(row.left() == null ? "" : row.left())).append("</td><td>")
          .append(escape(row.right() == null ? "" : row.right())).append("</td></tr>\n");
    }
    return out.append("</table>\n").toString();
  }

  /**
   * Returns a picture of {@code platform}: one box per group with devices, naming its domain in
   * force, default domain, DMA owner, devices and PASID entries.
   */
  public static String platformSvg(Platform platform) {
    List<List<String>> boxes = new ArrayList<>();
    List<String> titles = new ArrayList<>();
    for (Group g : platform.groups()) {
      GroupState s = g.state();
      if (s.devices().isEmpty()) {
        continue;
      }
      List<String> lines = new ArrayList<>();
      lines.add("domain " + s.domain());
      lines.add("default " + s.defaultDomain());
      lines.add("owner " + s.owner() + "/" + s.ownerCount());
      for (Device d : s.devices()) {
        lines.add("dev " + d.name());
      }
      for (Map.Entry<Integer, String> p : s.pasidArray().entrySet()) {
        lines.add("pasid " + p.getKey() + ": " + p.getValue());
      }
      titles.add(g.toString());
      boxes.add(lines);
    }
    int rows = boxes.stream().mapToInt(List::size).max().orElse(0) + 2;
    int width = Math.max(1, boxes.size()) * COLUMN + 10;
    int height = rows * LINE + 20;
    StringBuilder out = new StringBuilder();
    out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"platform\" width=\"")
        .append(width).append("\" height=\"").append(height).append("\" viewBox=\"0 0 ")
        .append(width).append(' ').append(height).append("\">\n");
    for (int i = 0; i < boxes.size(); i++) {
      int x = 10 + i * COLUMN;
      List<String> lines = boxes.get(i);
      out.append("<g class=\"group\"><rect x=\"").append(x).append("\" y=\"10\" width=\"")
          .append(COLUMN - 20).append("\" height=\"").append((lines.size() + 1) * LINE + 10)
          .append("\" rx=\"6\" fill=\"#eef3fb\" stroke=\"#4a6fa5\"/>\n");
      out.append("<text x=\"").append(x + 8).append("\" y=\"").append(10 + LINE)
          .append("\" font-weight=\"bold\">").append(escape(titles.get(i))).append("</text>\n");
      for (int l = 0; l < lines.size(); l++) {
        String line = lines.get(l);
        String fill = line.startsWith("dev ") ? "#1b5e20" : line.startsWith("pasid ")
            ? "#6a1b9a" : "#222";
        out.append("<text x=\"").append(x + 8).append("\" y=\"").append(10 + (l + 2) * LINE)
            .append("\" fill=\"").append(fill).append("\">").append(escape(line))
            .append("</text>\n");
      }
      out.append("</g>\n");
    }
    return out.append("</svg>\n").toString();
  }

  /** Returns the whole report page for {@code entries}, in their order. */
  public static String page(List<Entry> entries) {
    return page(entries, List.of(), entries.size());
  }

  /**
   * Returns the whole report page for {@code entries}, then a "Semantics diffs" section with
   * {@code comparisons}, both in their order.
   */
  public static String page(List<Entry> entries, List<Comparison> comparisons) {
    return page(entries, comparisons, entries.size());
  }

  /**
   * Returns the whole report page for {@code entries}, then a "Semantics diffs" section with
   * {@code comparisons}, both in their order; {@code testsRun} is how many tests the run ran in
   * all, with or without the extension.
   */
  public static String page(List<Entry> entries, List<Comparison> comparisons, int testsRun) {
    StringBuilder out = new StringBuilder();
    out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<title>IOMMUnit report</title>\n<style>\n")
        .append("body{font-family:sans-serif;margin:1em 2em}")
        .append("pre,table.diff{font-family:monospace;font-size:12px}")
        .append("table.diff{border-collapse:collapse;width:100%}")
        .append("table.diff td{border:1px solid #ddd;padding:0 4px;white-space:pre;width:50%}")
        .append("tr.changed td{background:#fff3c4}tr.inserted td{background:#d8f5d0}")
        .append("tr.deleted td{background:#fbd5d5}")
        .append(".SUCCESSFUL{color:#1b5e20}.FAILED,.ABORTED{color:#b71c1c}.SKIPPED{color:#777}")
        .append("svg text{font-family:monospace;font-size:12px}\n</style>\n</head>\n<body>\n")
        .append("<h1>IOMMUnit report</h1>\n<p class=\"coverage\">")
        .append(escape(coverage(entries, testsRun))).append("</p>\n<p class=\"counts\">")
        .append(counts(entries)).append("</p>\n<ul>\n");
    for (Entry e : entries) {
      out.append("<li><a href=\"#").append(anchor(e.name())).append("\">")
          .append(escape(e.name())).append("</a> <span class=\"").append(e.status())
          .append("\">").append(e.status()).append("</span></li>\n");
    }
    out.append("</ul>\n");
    for (Entry e : entries) {
      out.append("<section id=\"").append(anchor(e.name())).append("\">\n<h2>")
          .append(escape(e.name())).append(" <span class=\"").append(e.status()).append("\">")
          .append(e.status()).append("</span></h2>\n<p>").append(escape(e.displayName()))
          .append("</p>\n");
      String facts = facts(e);
      if (!facts.isEmpty()) {
        out.append("<p class=\"facts\">").append(escape(facts)).append("</p>\n");
      }
      // the diff table shows the diff: the message's first line says what failed
      String message = e.diffHtml().isEmpty() ? e.message() : e.headline();
      if (!message.isEmpty()) {
        out.append("<pre class=\"message\">").append(escape(message)).append("</pre>\n");
      }
      if (!e.diffHtml().isEmpty()) {
        out.append("<h3>Golden trace diff</h3>\n").append(e.diffHtml());
      }
      if (!e.svg().isEmpty()) {
        out.append("<h3>Platform at the end of the test</h3>\n").append(e.svg());
      }
      if (!e.trace().isEmpty()) {
        out.append("<details><summary>Trace</summary><pre>").append(escape(e.trace()))
            .append("</pre></details>\n");
      }
      out.append("</section>\n");
    }
    if (!comparisons.isEmpty()) {
      out.append("<h2 id=\"semantics-diffs\">Semantics diffs</h2>\n");
    }
    for (Comparison c : comparisons) {
      out.append("<section class=\"semantics\" id=\"s-").append(anchor(c.name()))
          .append("\">\n<h2>").append(escape(c.name())).append(" semantics diff</h2>\n")
          .append(c.html()).append("</section>\n");
    }
    return out.append("</body>\n</html>\n").toString();
  }

  /** Returns a Markdown summary of {@code entries} for a CI job page. */
  public static String summary(List<Entry> entries, Map<String, String> unifiedDiffs) {
    return summary(entries, unifiedDiffs, List.of(), entries.size());
  }

  /**
   * Returns a Markdown summary of {@code entries}, then each semantics comparison's diff; {@code
   * testsRun} is how many tests the run ran in all.
   */
  public static String summary(List<Entry> entries, Map<String, String> unifiedDiffs,
      List<Comparison> comparisons, int testsRun) {
    StringBuilder out = new StringBuilder("## IOMMUnit\n\n")
        .append(coverage(entries, testsRun)).append(' ').append(counts(entries))
        .append("\n\n| Test | Outcome |\n|---|---|\n");
    for (Entry e : entries) {
      out.append("| `").append(e.name()).append("` | ").append(e.status()).append(" |\n");
    }
    for (Entry e : entries) {
      String diff = unifiedDiffs.get(e.name());
      if (diff != null && !diff.isEmpty()) {
        out.append("\n### `").append(e.name()).append("` golden diff\n\n```diff\n").append(diff)
            .append(diff.endsWith("\n") ? "" : "\n").append("```\n");
      }
    }
    for (Comparison c : comparisons) {
      String diff = c.unified();
      out.append("\n### `").append(c.name()).append("` semantics diff\n\n```diff\n")
          .append(diff).append(diff.endsWith("\n") ? "" : "\n").append("```\n");
    }
    return out.toString();
  }

  /**
   * Returns which tests the report covers and why: {@code 89 tests ran, 68 used the extension;
   * the report covers those.}
   */
  public static String coverage(List<Entry> entries, int testsRun) {
    return testsRun + (testsRun == 1 ? " test" : " tests") + " ran, " + entries.size()
        + " used the IOMMUnit extension; the report covers those.";
  }

  /**
   * Returns the counts of the console line: {@code 68 tests covered: 1 failed, 20 golden}
   * ({@code failed} counts aborted tests too; {@code golden} those that checked a golden trace).
   *
   * @param testsRun ignored when negative
   */
  public static String counts(List<Entry> entries, int testsRun) {
    long failed = entries.stream().filter(e -> e.status().equals("FAILED")
        || e.status().equals("ABORTED")).count();
    long golden = entries.stream().filter(e -> !e.golden().isEmpty()).count();
    return (testsRun >= 0 ? testsRun + " tests ran, " : "") + entries.size()
        + (entries.size() == 1 ? " test" : " tests") + " covered: " + failed + " failed, "
        + golden + " golden";
  }

  /**
   * Returns a test's line for {@code iommunit.report.console=tests}: {@code SUCCESSFUL
   * FooTest/bar 1.2 ms REFERENCE MAINLINE golden trace matches ...}.
   */
  public static String consoleLine(Entry e) {
    String facts = facts(e);
    return e.status() + " " + e.name() + (facts.isEmpty() ? "" : " " + facts.replace(" · ", " "));
  }

  // duration, vendor, profile, golden outcome: what is known, joined by " · "
  private static String facts(Entry e) {
    List<String> parts = new ArrayList<>();
    if (e.micros() >= 0) {
      parts.add(String.format(java.util.Locale.ROOT, "%.1f ms", e.micros() / 1000.0));
    }
    if (!e.vendor().isEmpty()) {
      parts.add(e.vendor());
    }
    if (!e.profile().isEmpty()) {
      parts.add(e.profile());
    }
    if (!e.golden().isEmpty()) {
      parts.add(e.golden());
    }
    return String.join(" · ", parts);
  }

  private static String counts(List<Entry> entries) {
    long failed = entries.stream().filter(e -> e.status().equals("FAILED")
        || e.status().equals("ABORTED")).count();
    long skipped = entries.stream().filter(e -> e.status().equals("SKIPPED")).count();
    return entries.size() + " tests: " + (entries.size() - failed - skipped) + " passed, "
        + failed + " failed or aborted, " + skipped + " skipped.";
  }

  private static String anchor(String name) {
    return "t-" + name.replaceAll("[^A-Za-z0-9_-]", "_");
  }

  static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace("\"", "&quot;");
  }

  private static void write(Path file, String text) {
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
}
