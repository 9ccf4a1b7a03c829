package org.iommunit.junit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.iommunit.base.IommuException;
import org.iommunit.explore.ExplorationResult;
import org.iommunit.explore.Exploration;
import org.iommunit.explore.Finding;
import org.iommunit.explore.Mode;
import org.iommunit.platform.Platform;
import org.iommunit.semantics.Semantics;
import org.iommunit.trace.Trace;
import org.iommunit.trace.TraceDiff;
import org.iommunit.trace.TraceHeader;
import org.iommunit.trace.TraceLevel;
import org.iommunit.trace.internal.TraceRecorder;
import org.jspecify.annotations.Nullable;

/**
 * One explorer {@link Finding} written the three ways a reader needs: the shrunk sequence as a
 * JUnit test method, its trace (the sequence replayed with the trace recorder, as a test under
 * {@link SimulatedIommu} is recorded), and in differential mode the side-by-side diff of the
 * baseline's trace and the profile's. {@link #all(ExplorationResult)} records every finding of a
 * run; {@link #write(List, Path)} puts one text file per finding in a directory. {@link Explore}
 * uses it, and so can a tool that runs {@link Exploration}s itself.
 */
public final class FindingReport {
  private final Finding finding;
  private final Trace trace;
  private final @Nullable Trace baselineTrace;
  private final @Nullable TraceDiff diff;
  private final @Nullable Platform platform;
  private final String text;

  private FindingReport(Finding finding, Trace trace, @Nullable Trace baselineTrace,
      @Nullable TraceDiff diff, @Nullable Platform platform, String run) {
    this.finding = finding;
    this.trace = trace;
    this.baselineTrace = baselineTrace;
    this.diff = diff;
    this.platform = platform;
    this.text = render(run);
  }

  /** Records the traces of every finding of {@code result}, in the result's order. */
  public static List<FindingReport> all(ExplorationResult result) {
    List<FindingReport> out = new ArrayList<>();
    for (Finding f : result.findings()) {
      out.add(of(result.exploration(), f));
    }
    return out;
  }

  /**
   * Replays {@code finding} of {@code exploration} under the profile (and, in differential mode,
   * under the baseline) with the trace recorder installed, and keeps the traces and their diff.
   */
  public static FindingReport of(Exploration exploration, Finding finding) {
    Replayed profile = replay(exploration, finding, exploration.profile());
    Semantics base = exploration.baseline();
    if (base == null) {
      return new FindingReport(finding, profile.trace, null, null, profile.platform,
          exploration.toString());
    }
    Replayed baseline = replay(exploration, finding, base);
    TraceDiff diff = TraceDiff.between(base.name(), baseline.trace.lines(),
        exploration.profile().name(), profile.trace.lines());
    return new FindingReport(finding, profile.trace, baseline.trace, diff, profile.platform,
        exploration.toString());
  }

  private record Replayed(Trace trace, @Nullable Platform platform) {}

  // the recorder installed as Boot installs it for a test: ops wrapped, the core generated
  private static Replayed replay(Exploration exploration, Finding finding, Semantics semantics) {
    TraceRecorder recorder = new TraceRecorder();
    TraceHeader header = new TraceHeader(finding.machine().toString(), semantics.name(),
        TraceRecorder.VERSION, List.of(TraceLevel.values()));
    try {
      Platform p = exploration.replay(finding, semantics, b -> {
        b.wrapIommuOps(recorder::wrap);
        b.coreFactory(recorder::core);
        Platform booted = b.build();
        recorder.start(booted);
        return booted;
      });
      recorder.stop();
      return new Replayed(recorder.trace(header, 0, recorder.mark()), p);
    } catch (IommuException e) { // the machine does not boot under this profile
      return new Replayed(Trace.of(header, List.of()), null);
    }
  }

  /** Returns the finding. */
  public Finding finding() {
    return finding;
  }

  /** Returns the trace of the shrunk sequence under the profile explored. */
  public Trace trace() {
    return trace;
  }

  /** Returns the trace of the shrunk sequence under the baseline; null in check mode. */
  public @Nullable Trace baselineTrace() {
    return baselineTrace;
  }

  /** Returns the diff of the baseline's trace (left) and the profile's; null in check mode. */
  public @Nullable TraceDiff diff() {
    return diff;
  }

  /** Returns the profile's platform after the replay; null if it does not boot. */
  public @Nullable Platform platform() {
    return platform;
  }

  /** Returns the finding's file text: what, where, the steps, the test, the traces. */
  public String text() {
    return text;
  }

  /**
   * Writes one file per finding into {@code dir}, {@code finding-01.txt} and so on in the
   * order given, and returns their paths.
   */
  public static List<Path> write(List<FindingReport> findings, Path dir) {
    List<Path> out = new ArrayList<>();
    for (int i = 0; i < findings.size(); i++) {
      Path file = dir.resolve(String.format(Locale.ROOT, "finding-%02d.txt", i + 1));
      TraceFiles.write(file, findings.get(i).text());
      out.add(file);
    }
    return out;
  }

  private String render(String run) {
    Finding f = finding;
    StringBuilder sb = new StringBuilder();
    sb.append("# ").append(f.kind()).append("\n\n");
    sb.append("run: ").append(run).append('\n');
    sb.append(String.format(Locale.ROOT, "machine: %s, sequence seed %d, %d calls (shrunk from"
        + " %d), seen in %d sequences%n", f.machine(), f.sequenceSeed(), f.steps().size(),
        f.originalLength(), f.occurrences()));
    sb.append("\n## What happened\n").append(f.message()).append('\n');
    sb.append("\n## Steps\n").append(f.listing());
    sb.append("\n## JUnit test\n").append(f.junitTest());
    sb.append("\n## Trace under ").append(f.profile()).append('\n').append(trace.text());
    if (diff != null) {
      sb.append("\n## Trace diff: ").append(diff.expectedName()).append(" (left) | ")
          .append(diff.actualName()).append(" (right)\n").append(sideBySide(diff));
    }
    return sb.toString();
  }

  /** Returns {@code diff} as two text columns; a mark between them says how a row differs. */
  static String sideBySide(TraceDiff diff) {
    int width = 0;
    for (TraceDiff.Row r : diff.rows()) {
      width = Math.max(width, r.left() == null ? 0 : r.left().length());
    }
    width = Math.min(width, 90);
    StringBuilder sb = new StringBuilder();
    for (TraceDiff.Row r : diff.rows()) {
      String left = r.left() == null ? "" : r.left();
      String right = r.right() == null ? "" : r.right();
      String mark = r.change() == TraceDiff.Change.EQUAL ? " " : r.change()
          == TraceDiff.Change.INSERTED ? ">" : r.change() == TraceDiff.Change.DELETED ? "<" : "|";
      sb.append(String.format(Locale.ROOT, "%-" + Math.max(1, width) + "s %s %s", left, mark,
          right).stripTrailing()).append('\n');
    }
    return sb.toString();
  }

  /**
   * Returns the failure message of a run whose findings were not expected: the run's table,
   * then each finding's JUnit test method and, if given, where its file is.
   */
  public static String failureMessage(ExplorationResult result, List<Path> files) {
    StringBuilder sb = new StringBuilder();
    sb.append(result.exploration().mode() == Mode.CHECK ? "the explorer found "
        : "the explorer found differences: ").append(result.findings().size())
        .append(" finding kind(s)\n").append(result.table());
    List<Finding> findings = result.findings();
    for (int i = 0; i < findings.size(); i++) {
      sb.append("\n--- finding ").append(i + 1).append(": ").append(findings.get(i).kind())
          .append('\n');
      if (i < files.size()) {
        sb.append("file: ").append(files.get(i).toAbsolutePath()).append('\n');
      }
      sb.append(findings.get(i).junitTest());
    }
    return sb.toString();
  }
}
