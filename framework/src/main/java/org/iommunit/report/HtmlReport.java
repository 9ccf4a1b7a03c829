package org.iommunit.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.iommunit.platform.Platform;
import org.iommunit.trace.TraceDiff;
import org.jspecify.annotations.Nullable;

/**
 * The HTML report's model and its pieces: the per-test fragments the extension writes (a golden
 * diff as side-by-side tables with the changed words marked, the platform before and after the
 * test as SVG), the page assembled from them ({@link #page(Page)}) and the Markdown summary. All
 * output but the measured durations is deterministic; the page is self-contained (inline CSS,
 * one inline script for its filter and switches, nothing fetched).
 */
public final class HtmlReport {
  /** The folder of the per-test fragments under the report root. */
  public static final String FRAGMENTS = "fragments";

  /** The fragment suffix of a semantics comparison's diff tables. */
  public static final String SEMANTICS_HTML = ".semantics.html";
  /** The fragment suffix holding a semantics comparison's template unique id. */
  public static final String SEMANTICS_ID = ".semantics.id";
  /** The fragment suffix of a test's exploration findings. */
  public static final String FINDINGS = ".findings";
  /** The fragment suffix holding the unique id of the test the findings belong to. */
  public static final String FINDINGS_ID = ".findings.id";

  private HtmlReport() {}

  /**
   * The outcome of one test as the report shows it.
   *
   * @param name the test's relative name, e.g. {@code FooTest/bar}
   * @param displayName JUnit's display name
   * @param status {@code SUCCESSFUL}, {@code FAILED}, {@code ABORTED} or {@code SKIPPED}
   * @param message the failure's message or the skip reason; empty if none
   * @param trace the trace file's text; empty if none
   * @param diffHtml the side-by-side diff tables; empty if none
   * @param svg the platform pictures (before and after the test); empty if none
   * @param vendor the IOMMU vendor of the test's platform, as in its trace header; empty if
   *     unknown
   * @param profile the semantics profile of the test's platform; empty if unknown
   * @param golden the golden-trace outcome ({@code golden trace matches ...}); empty without
   *     {@code @GoldenTrace}
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
     * @param diffHtml the side-by-side diff tables; empty if none
     * @param svg the platform pictures; empty if none
     */
    public Entry(String name, String displayName, String status, String message, String trace,
        String diffHtml, String svg) {
      this(name, displayName, status, message, trace, diffHtml, svg, "", "", "", -1);
    }

    /** Returns the first line of {@link #message()}. */
    public String headline() {
      int nl = message.indexOf('\n');
      return nl < 0 ? message : message.substring(0, nl);
    }

    /** Returns true for a failed or aborted test. */
    public boolean failed() {
      return status.equals("FAILED") || status.equals("ABORTED");
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
   * One finding of a tool that explores scenarios (a rule broken, a state reached), shown in the
   * page's "Exploration findings" section, which exists only when there is one.
   *
   * @param title one line saying what was found
   * @param test the relative name of the test it belongs to, linked if the page shows it; empty
   *     if none
   * @param detail the evidence, shown as preformatted text (e.g. the steps or a trace)
   */
  public record Finding(String title, String test, String detail) {}

  /**
   * Everything one page shows.
   *
   * @param tests the tests that ran under the extension, in name order
   * @param comparisons the semantics comparisons, in name order
   * @param findings exploration findings, in the order to show; empty for none
   * @param testsInRun how many tests the whole run had, with or without the extension; -1 if
   *     unknown
   * @param renumberIds whether the diffs open with domains, groups and processes renumbered by
   *     first appearance (the page's switch changes it)
   */
  public record Page(List<Entry> tests, List<Comparison> comparisons, List<Finding> findings,
      int testsInRun, boolean renumberIds) {
    /** Copies the lists. */
    public Page {
      tests = List.copyOf(tests);
      comparisons = List.copyOf(comparisons);
      findings = List.copyOf(findings);
    }
  }

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
   * Writes the exploration findings of one test under {@code root}/fragments, with the test's
   * unique id; the report lists them in its "Exploration findings" section when the test ran.
   * Each finding is kept as three length-prefixed fields, so any text survives.
   */
  public static void writeFindingsFragment(Path root, String name, String uniqueId,
      List<Finding> findings) {
    StringBuilder out = new StringBuilder();
    for (Finding f : findings) {
      out.append(String.format(Locale.ROOT, "finding %d %d %d%n", f.title().length(),
          f.test().length(), f.detail().length()));
      out.append(f.title()).append(f.test()).append(f.detail()).append('\n');
    }
    Path dir = root.resolve(FRAGMENTS);
    write(dir.resolve(name + FINDINGS), out.toString());
    write(dir.resolve(name + FINDINGS_ID), uniqueId + "\n");
  }

  /**
   * Reads what {@link #writeFindingsFragment} wrote.
   *
   * @throws IllegalArgumentException if {@code text} is not such a fragment
   */
  public static List<Finding> readFindingsFragment(String text) {
    List<Finding> out = new ArrayList<>();
    int at = 0;
    while (at < text.length()) {
      int nl = text.indexOf('\n', at);
      String[] head = nl < 0 ? new String[0] : text.substring(at, nl).strip().split(" ");
      if (head.length != 4 || !head[0].equals("finding")) {
        throw new IllegalArgumentException("not a findings fragment at offset " + at
            + ": write it with HtmlReport.writeFindingsFragment");
      }
      int a = nl + 1;
      int b = a + Integer.parseInt(head[1]);
      int c = b + Integer.parseInt(head[2]);
      int d = c + Integer.parseInt(head[3]);
      out.add(new Finding(text.substring(a, b), text.substring(b, c), text.substring(c, d)));
      at = d + 1;
    }
    return out;
  }

  /**
   * Writes the fragments of one test under {@code root}/fragments: its golden diff tables if
   * {@code diff} has differences, and the pictures of the platform {@code before} the test (left
   * out if null) and of {@code after} as it is now.
   */
  public static void writeFragments(Path root, String name, @Nullable TraceDiff diff,
      @Nullable PlatformSnapshot before, Platform after) {
    Path dir = root.resolve(FRAGMENTS);
    if (diff != null && !diff.isEmpty()) {
      write(dir.resolve(name + ".diff.html"), diffTable(diff));
    }
    write(dir.resolve(name + ".svg"), pictures(before, PlatformSnapshot.capture(after)));
  }

  /**
   * Returns {@code diff} as side-by-side tables: changed rows carry their change's class and
   * mark the changed words; see {@link DiffTables} for the renumbered view.
   */
  public static String diffTable(TraceDiff diff) {
    return DiffTables.html(diff);
  }

  /** Returns the picture of {@code platform} as it is now: its device tree and groups. */
  public static String platformSvg(Platform platform) {
    return PlatformPicture.svg(PlatformSnapshot.capture(platform), "after");
  }

  /**
   * Returns the pictures of the platform before the test (left out if {@code before} is null)
   * and after it, each in a captioned figure.
   */
  public static String pictures(@Nullable PlatformSnapshot before, PlatformSnapshot after) {
    StringBuilder out = new StringBuilder("<div class=\"pictures\">\n");
    if (before != null) {
      out.append("<figure><figcaption>Before the test</figcaption>\n")
          .append(PlatformPicture.svg(before, "before")).append("</figure>\n");
    }
    out.append("<figure><figcaption>After the test</figcaption>\n")
        .append(PlatformPicture.svg(after, "after")).append("</figure>\n");
    return out.append("</div>\n").toString();
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
   * all, with or without the extension. Diffs open with ids renumbered.
   */
  public static String page(List<Entry> entries, List<Comparison> comparisons, int testsRun) {
    return page(new Page(entries, comparisons, List.of(), testsRun, true));
  }

  /**
   * Returns the whole page: a summary of what it covers with links to its sections, the
   * failures with their diffs, the semantics diffs, the exploration findings (if any) and every
   * test grouped by class, with a filter (failed, golden, all) and a switch for renumbered ids.
   */
  public static String page(Page page) {
    return ReportPage.render(page);
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
      parts.add(String.format(Locale.ROOT, "%.1f ms", e.micros() / 1000.0));
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

  static String counts(List<Entry> entries) {
    long failed = entries.stream().filter(Entry::failed).count();
    long skipped = entries.stream().filter(e -> e.status().equals("SKIPPED")).count();
    return entries.size() + " tests: " + (entries.size() - failed - skipped) + " passed, "
        + failed + " failed or aborted, " + skipped + " skipped.";
  }

  static String anchor(String name) {
    StringBuilder out = new StringBuilder(name.length() + 2).append("t-");
    name.codePoints().forEach(c -> out.append(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z'
        || c >= '0' && c <= '9' || c == '_' || c == '-' ? (char) c : '_'));
    return out.toString();
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
