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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Assembles the HTML report after a launcher run: every test that used the extension (it told
 * this listener through {@link #cover}, in memory) goes into {@code index.html} with its outcome,
 * duration, vendor and profile, and, for a test whose files were kept (it failed, checked a golden
 * file, compared semantics, or {@code iommunit.report.traces=all}), its trace, golden diff and the
 * pictures of its platform; the configuration parameter {@code iommunit.report.renumber} (default
 * true) decides whether the page's diffs open with object ids renumbered. {@code summary.md}
 * lists the outcomes and the diffs, and is appended to {@code $GITHUB_STEP_SUMMARY} when that is
 * set (at most 1 MiB); one console line says where the page is and what it counts ({@code
 * iommunit.report.console=tests} adds a line per test). A launcher run inside a test (a report
 * made to be checked) sets the configuration parameter {@code iommunit.report.publish=false}: the
 * page is written, but nothing goes to the console or the CI summary. Registered through {@code
 * META-INF/services}; a run without IOMMUnit tests writes nothing.
 */
public final class ReportListener implements TestExecutionListener {
  /** GitHub's limit for one step's summary. */
  static final int SUMMARY_CAP = 1 << 20;
  /** The listeners of the runs under way; the extension tells them of each test it served. */
  private static final List<ReportListener> RUNNING = new CopyOnWriteArrayList<>();

  /** Guards the maps: tests may run on several threads. */
  private final Object lock = new Object();
  private final Map<String, TestRun> tests = new HashMap<>(); // by unique id; guarded
  private final Set<String> finishedContainers = new HashSet<>(); // unique ids; guarded
  private final Consumer<String> console;
  private final Function<String, @Nullable String> environment;
  private Path root = Paths.get("target/iommunit-report");
  private Path key = root.toAbsolutePath().normalize();
  private boolean publish = true;
  private boolean perTest;
  private boolean renumber = true;
  private int testsRun;

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

  /**
   * Tells the listener of the run whose report root is {@code root} that {@code test} used the
   * extension; does nothing where no such run is listening (the {@code EngineTestKit}, which
   * calls no launcher listener).
   */
  public static void cover(Path root, CoveredTest test) {
    if (RUNNING.isEmpty()) {
      return;
    }
    for (ReportListener l : RUNNING) {
      // the same spelling is the same root; another spelling may name it too
      if (l.root.equals(root) || l.key.equals(key(root))) {
        synchronized (l.lock) {
          l.run(test.uniqueId()).covered = test;
        }
      }
    }
  }

  // where a report root is, whatever the working directory and however it is spelt
  private static Path key(Path root) {
    return root.toAbsolutePath().normalize();
  }

  // the test's record, made by whichever of the start, the end and the extension comes first
  private TestRun run(String uniqueId) {
    TestRun run = tests.get(uniqueId);
    if (run == null) {
      run = new TestRun();
      tests.put(uniqueId, run);
    }
    return run;
  }

  @Override
  public void testPlanExecutionStarted(TestPlan testPlan) {
    root = Paths.get(testPlan.getConfigurationParameters().get("iommunit.report.dir")
        .orElse("target/iommunit-report"));
    key = key(root);
    publish = testPlan.getConfigurationParameters().getBoolean("iommunit.report.publish")
        .orElse(true);
    String consoleMode = testPlan.getConfigurationParameters().get("iommunit.report.console")
        .orElse("summary").trim();
    perTest = consoleMode.equalsIgnoreCase("tests");
    if (!perTest && !consoleMode.equalsIgnoreCase("summary")) {
      // a listener cannot fail the run: say so on the console and keep the default
      console.accept("IOMMUnit report: configuration parameter iommunit.report.console="
          + consoleMode + " ignored: it is neither summary nor tests; use summary (the default:"
          + " one line at the end) or tests (also one line per test)");
    }
    String ids = testPlan.getConfigurationParameters().get("iommunit.report.renumber")
        .orElse("true").trim();
    renumber = !ids.equalsIgnoreCase("false");
    if (renumber && !ids.equalsIgnoreCase("true")) {
      // a listener cannot fail the run: say so on the console and keep the default
      console.accept("IOMMUnit report: configuration parameter iommunit.report.renumber=" + ids
          + " ignored: it is neither true nor false; use true (the default: diffs open with ids"
          + " renumbered) or false");
    }
    RUNNING.add(this);
  }

  @Override
  public void executionStarted(TestIdentifier test) {
    if (test.isTest()) {
      long now = System.nanoTime();
      String id = test.getUniqueId();
      synchronized (lock) {
        run(id).started = now;
      }
    }
  }

  @Override
  public void executionSkipped(TestIdentifier test, String reason) {
    if (test.isTest()) {
      String id = test.getUniqueId();
      synchronized (lock) {
        run(id).end(test.getDisplayName(), "SKIPPED", reason);
      }
    }
  }

  @Override
  public void executionFinished(TestIdentifier test, TestExecutionResult result) {
    long now = System.nanoTime();
    String id = test.getUniqueId();
    if (!test.isTest()) {
      synchronized (lock) {
        finishedContainers.add(id);
      }
      return;
    }
    Throwable thrown = result.getThrowable().orElse(null);
    String message = thrown == null ? "" : String.valueOf(thrown.getMessage());
    synchronized (lock) {
      TestRun run = run(id);
      if (run.started != TestRun.NOT_STARTED) {
        run.micros = (now - run.started) / 1000;
      }
      run.finished = true;
      run.end(test.getDisplayName(), result.getStatus().name(), message);
      testsRun++;
    }
  }

  @Override
  public void testPlanExecutionFinished(TestPlan testPlan) {
    RUNNING.remove(this);
    List<HtmlReport.Entry> entries = new ArrayList<>();
    Map<String, String> diffs = new HashMap<>();
    int run;
    synchronized (lock) {
      run = testsRun;
      for (TestRun t : tests.values()) {
        CoveredTest c = t.covered;
        if (c == null || t.status == null) {
          continue; // not an IOMMUnit test, or one that never ended
        }
        String name = c.name();
        boolean kept = !c.kept().isEmpty();
        entries.add(new HtmlReport.Entry(name, t.displayName, t.status, t.message,
            kept ? read(root.resolve("traces").resolve(name + ".trace")) : "",
            kept ? read(root.resolve(HtmlReport.FRAGMENTS).resolve(name + ".diff.html")) : "",
            kept ? read(root.resolve(HtmlReport.FRAGMENTS).resolve(name + ".svg")) : "",
            c.vendor(), c.profile(), c.golden(), t.micros));
        if (kept) {
          diffs.put(name, read(root.resolve("traces").resolve(name + ".diff")));
        }
      }
    }
    if (entries.isEmpty()) {
      return;
    }
    entries.sort(Comparator.comparing(HtmlReport.Entry::name));
    List<HtmlReport.Comparison> comparisons = comparisons();
    Path index = root.resolve("index.html");
    String summary = HtmlReport.summary(entries, diffs, comparisons, run);
    write(index, HtmlReport.page(new HtmlReport.Page(entries, comparisons, findings(), run,
        renumber)));
    write(root.resolve("summary.md"), summary);
    if (!publish) {
      return;
    }
    String step = environment.apply("GITHUB_STEP_SUMMARY");
    if (step != null && !step.isEmpty()) {
      appendCapped(Paths.get(step), summary);
    }
    if (perTest) {
      for (HtmlReport.Entry e : entries) {
        console.accept("IOMMUnit test: " + HtmlReport.consoleLine(e));
      }
    }
    console.accept(consoleLine(index, entries));
  }

  /**
   * Returns the console line of a run: {@code IOMMUnit report: file:///.../index.html (68 tests
   * covered: 1 failed, 20 golden)}.
   */
  static String consoleLine(Path index, List<HtmlReport.Entry> entries) {
    return "IOMMUnit report: " + index.toAbsolutePath().toUri() + " ("
        + HtmlReport.counts(entries, -1) + ")";
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

  // whether the test or container of unique id {@code id} has finished. Under lock.
  private boolean finished(String id) {
    TestRun t = tests.get(id);
    return t != null ? t.finished : finishedContainers.contains(id);
  }

  /** What the listener knows of one test: its start, its end and what the extension told. */
  private static final class TestRun {
    static final long NOT_STARTED = Long.MIN_VALUE;
    long started = NOT_STARTED;
    long micros = -1;
    boolean finished;
    @Nullable String displayName;
    @Nullable String status;
    @Nullable String message;
    @Nullable CoveredTest covered;

    void end(String displayName, String status, String message) {
      this.displayName = displayName;
      this.status = status;
      this.message = message;
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
            String id = read(f).strip();
            synchronized (lock) {
              ran = finished(id);
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

  // the exploration findings of this run's tests (they finished), in test name order
  private List<HtmlReport.Finding> findings() {
    List<HtmlReport.Finding> out = new ArrayList<>();
    Path dir = root.resolve(HtmlReport.FRAGMENTS);
    if (!Files.isDirectory(dir)) {
      return out;
    }
    List<String> names = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dir)) {
      files.filter(f -> f.getFileName().toString().endsWith(HtmlReport.FINDINGS_ID))
          .forEach(f -> {
            String rel = dir.relativize(f).toString().replace('\\', '/');
            boolean ran;
            String id = read(f).strip();
            synchronized (lock) {
              ran = finished(id);
            }
            if (ran) {
              names.add(rel.substring(0, rel.length() - HtmlReport.FINDINGS_ID.length()));
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + dir, e);
    }
    names.sort(Comparator.naturalOrder());
    for (String name : names) {
      out.addAll(HtmlReport.readFindingsFragment(
          read(dir.resolve(name + HtmlReport.FINDINGS))));
    }
    return out;
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
