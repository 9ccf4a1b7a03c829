package org.iommunit.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Assembles the HTML report after a launcher run: for every test that ran under the extension
 * (it left fragments under the report root), its outcome, duration, vendor and profile, its
 * trace, its golden diff and the pictures of its platform go into {@code index.html}, with the
 * duration the launcher saw and
 * number of tests the whole run had, so the page says which tests it covers; the configuration
 * parameter {@code iommunit.report.renumber} (default true) decides whether its diffs open with
 * object ids renumbered; {@code summary.md} lists the outcomes and
 * the diffs, and is appended to {@code $GITHUB_STEP_SUMMARY} when that is set (at most 1 MiB);
 * one console line says where the page is. A launcher run inside a test (a report made to be
 * checked) sets the configuration parameter {@code iommunit.report.publish=false}: the page is
 * written, but nothing goes to the console or the CI summary. Registered through {@code
 * META-INF/services}; a run without IOMMUnit tests writes nothing.
 */
public final class ReportListener implements TestExecutionListener {
  /** GitHub's limit for one step's summary. */
  static final int SUMMARY_CAP = 1 << 20;

  private final Map<String, String[]> outcomes = new HashMap<>(); // by unique id; guarded
  private final Set<String> finished = new HashSet<>(); // unique ids; guarded by outcomes
  private final Set<String> tests = new HashSet<>(); // tests of the run; guarded by outcomes
  private final Map<String, Long> started = new HashMap<>(); // nanoTime; guarded by outcomes
  private final Map<String, Long> micros = new HashMap<>(); // durations; guarded by outcomes
  private final Consumer<String> console;
  private final Function<String, @Nullable String> environment;
  private Path root = Paths.get("target/iommunit-report");
  private boolean publish = true;
  private boolean renumber = true;

  /** Creates the listener; the launcher does. */
  public ReportListener() {
    // the one line the main job promises on its console (README): where the report is
    this(System.out::println, System::getenv);
  }

  /**
   * Creates a listener that prints its console line to {@code console} and reads {@code
   * GITHUB_STEP_SUMMARY} through {@code environment}: for a tool that embeds the launcher.
   */
  public ReportListener(Consumer<String> console,
      Function<String, @Nullable String> environment) {
    this.console = console;
    this.environment = environment;
  }

  @Override
  public void testPlanExecutionStarted(TestPlan testPlan) {
    root = Paths.get(testPlan.getConfigurationParameters().get("iommunit.report.dir")
        .orElse("target/iommunit-report"));
    publish = testPlan.getConfigurationParameters().getBoolean("iommunit.report.publish")
        .orElse(true);
    String ids = testPlan.getConfigurationParameters().get("iommunit.report.renumber")
        .orElse("true").trim();
    renumber = !ids.equalsIgnoreCase("false");
    if (renumber && !ids.equalsIgnoreCase("true")) {
      // a listener cannot fail the run: say so on the console and keep the default
      console.accept("IOMMUnit report: configuration parameter iommunit.report.renumber=" + ids
          + " ignored: it is neither true nor false; use true (the default: diffs open with ids"
          + " renumbered) or false");
    }
  }

  @Override
  public void executionStarted(TestIdentifier test) {
    if (test.isTest()) {
      long now = System.nanoTime(); // a duration, never printed as a time of day
      synchronized (outcomes) {
        started.put(test.getUniqueId(), now);
      }
    }
  }

  @Override
  public void executionSkipped(TestIdentifier test, String reason) {
    if (test.isTest()) {
      synchronized (outcomes) {
        tests.add(test.getUniqueId());
      }
    }
    put(test, "SKIPPED", reason);
  }

  @Override
  public void executionFinished(TestIdentifier test, TestExecutionResult result) {
    long now = System.nanoTime();
    synchronized (outcomes) {
      finished.add(test.getUniqueId());
      Long start = started.remove(test.getUniqueId());
      if (start != null) {
        micros.put(test.getUniqueId(), (now - start) / 1000);
      }
      if (test.isTest()) {
        tests.add(test.getUniqueId());
      }
    }
    if (test.isTest()) {
      String message = result.getThrowable().map(t -> String.valueOf(t.getMessage()))
          .orElse("");
      put(test, result.getStatus().name(), message);
    }
  }

  @Override
  public void testPlanExecutionFinished(TestPlan testPlan) {
    Map<String, String> names = fragmentNames();
    List<HtmlReport.Entry> entries = new ArrayList<>();
    Map<String, String> diffs = new HashMap<>();
    int testsInRun;
    synchronized (outcomes) {
      testsInRun = tests.size();
      for (Map.Entry<String, String[]> o : outcomes.entrySet()) {
        String name = names.get(o.getKey());
        if (name == null) {
          continue; // not an IOMMUnit test, or a stale fragment of another run
        }
        String[] v = o.getValue();
        Map<String, String> facts = facts(read(root.resolve(HtmlReport.FRAGMENTS)
            .resolve(name + ".uid")));
        entries.add(new HtmlReport.Entry(name, v[0], v[1], v[2],
            read(root.resolve("traces").resolve(name + ".trace")),
            read(root.resolve(HtmlReport.FRAGMENTS).resolve(name + ".diff.html")),
            read(root.resolve(HtmlReport.FRAGMENTS).resolve(name + ".svg")),
            facts.getOrDefault("vendor", ""), facts.getOrDefault("profile", ""),
            facts.getOrDefault("golden", ""), micros.getOrDefault(o.getKey(), -1L)));
        diffs.put(name, read(root.resolve("traces").resolve(name + ".diff")));
      }
    }
    if (entries.isEmpty()) {
      return;
    }
    entries.sort(Comparator.comparing(HtmlReport.Entry::name));
    List<HtmlReport.Comparison> comparisons = comparisons();
    Path index = root.resolve("index.html");
    String summary = HtmlReport.summary(entries, diffs, comparisons);
    write(index, HtmlReport.page(new HtmlReport.Page(entries, comparisons, List.of(),
        testsInRun, renumber)));
    write(root.resolve("summary.md"), summary);
    if (!publish) {
      return;
    }
    String step = environment.apply("GITHUB_STEP_SUMMARY");
    if (step != null && !step.isEmpty()) {
      appendCapped(Paths.get(step), summary);
    }
    console.accept("IOMMUnit report: " + index.toAbsolutePath().toUri());
  }

  /** Appends {@code text} to {@code file}, cut so that the file stays within 1 MiB. */
  static void appendCapped(Path file, String text) {
    try {
      long used = Files.exists(file) ? Files.size(file) : 0;
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      long room = SUMMARY_CAP - used;
      if (room <= 0) {
        return;
      }
      if (bytes.length > room) {
        String note = "\n\n(summary cut at GitHub's 1 MiB limit; see summary.md)\n";
        int keep = (int) room - note.length();
        String cut = keep <= 0 ? "" : new String(bytes, 0, keep, StandardCharsets.UTF_8);
        // a cut inside a character decodes to U+FFFD: drop it so the file stays valid text
        bytes = (cut.replace("\uFFFD", "") + note).getBytes(StandardCharsets.UTF_8);
      }
      Files.write(file, bytes, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to " + file, e);
    }
  }

  private void put(TestIdentifier test, String status, String message) {
    synchronized (outcomes) {
      outcomes.put(test.getUniqueId(), new String[] {test.getDisplayName(), status, message});
    }
  }

  // the semantics comparisons of this run (their template finished), in name order
  private List<HtmlReport.Comparison> comparisons() {
    List<HtmlReport.Comparison> out = new ArrayList<>();
    Path dir = root.resolve(HtmlReport.FRAGMENTS);
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.filter(f -> f.getFileName().toString().endsWith(HtmlReport.SEMANTICS_ID))
          .forEach(f -> {
            String rel = dir.relativize(f).toString().replace('\\', '/');
            String name = rel.substring(0, rel.length() - HtmlReport.SEMANTICS_ID.length());
            boolean ran;
            synchronized (outcomes) {
              ran = finished.contains(read(f).strip());
            }
            if (ran) {
              out.add(new HtmlReport.Comparison(name,
                  read(dir.resolve(name + HtmlReport.SEMANTICS_HTML)),
                  read(root.resolve("traces").resolve(name + ".semantics.diff"))));
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + dir, e);
    }
    out.sort(Comparator.comparing(HtmlReport.Comparison::name));
    return out;
  }

  // unique id -> relative name, from the .uid fragments the extension wrote
  private Map<String, String> fragmentNames() {
    Map<String, String> names = new HashMap<>();
    Path dir = root.resolve(HtmlReport.FRAGMENTS);
    if (!Files.isDirectory(dir)) {
      return names;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.filter(f -> f.getFileName().toString().endsWith(".uid")).forEach(f -> {
        String rel = dir.relativize(f).toString().replace('\\', '/');
        // the first line is the unique id; key=value lines follow (facts)
        names.put(read(f).lines().findFirst().orElse("").strip(),
            rel.substring(0, rel.length() - ".uid".length()));
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + dir, e);
    }
    return names;
  }

  // the key=value lines after a .uid fragment's first line; lookup only, never iterated
  private static Map<String, String> facts(String uid) {
    Map<String, String> facts = new HashMap<>();
    uid.lines().skip(1).forEach(line -> {
      int eq = line.indexOf('=');
      if (eq > 0) {
        facts.put(line.substring(0, eq), line.substring(eq + 1));
      }
    });
    return facts;
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private static void write(Path file, String text) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
