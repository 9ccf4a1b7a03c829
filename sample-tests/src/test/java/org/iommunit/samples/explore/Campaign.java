package org.iommunit.samples.explore;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.iommunit.driver.Vendor;
import org.iommunit.explore.Exploration;
import org.iommunit.explore.ExplorationResult;
import org.iommunit.explore.Finding;
import org.iommunit.explore.Legality;
import org.iommunit.explore.Mode;
import org.iommunit.junit.FindingReport;
import org.iommunit.report.HtmlReport;
import org.iommunit.semantics.Semantics;
import org.jspecify.annotations.Nullable;

/**
 * The explorer's campaign: the list of runs and what each run leaves behind. Each {@link Run} is
 * one {@link Exploration}; {@link #execute} runs it, writes its findings (one file each, with the
 * JUnit test method, the trace and the trace diff, see {@link FindingReport}) and its table with
 * the coverage, appends its row to {@code summary.tsv} and rewrites {@code report.md}, then
 * checks what the run must show. Nothing here drives the engine beyond its public API: the runs
 * are JUnit dynamic tests, and Surefire or a CI matrix spread them by shard.
 */
final class Campaign {
  /** The columns of {@code summary.tsv}. */
  static final String HEADER = "mode\tprofile\tbaseline\tvendor\tsteps\tfindings\tshortest"
      + "\tseconds";

  private final Path root;
  private final int shardIndex;
  private final int shardCount;
  private final List<String> rows = new ArrayList<>();
  private final StringBuilder report = new StringBuilder();
  private final List<HtmlReport.Finding> pageFindings = new ArrayList<>();

  /**
   * One run of the campaign.
   *
   * @param exploration what to explore (without the shard)
   * @param vendor the vendor column of the summary: a vendor, or "all"
   * @param mustBeClean true if any finding fails the run (mainline and release profiles)
   * @param mustFind true if the run must find a difference (a seed profile, differential)
   */
  record Run(Exploration exploration, String vendor, boolean mustBeClean, boolean mustFind) {
    /** Returns the run's name, a directory name. */
    String name() {
      Exploration e = exploration;
      String profile = e.profile().name();
      return e.mode() == Mode.CHECK
          ? "check-" + e.legality().name().toLowerCase(Locale.ROOT) + "-" + profile + "-" + vendor
          : "differential-" + profile + "-vs-" + e.baseline().name();
    }
  }

  /** Creates a campaign writing under {@code root}, running shard {@code k} of {@code n}. */
  Campaign(Path root, int shardIndex, int shardCount) {
    this.root = root;
    this.shardIndex = shardIndex;
    this.shardCount = shardCount;
  }

  /**
   * Returns the runs: {@code MAINLINE} in check mode, legal then misuse, one run per vendor of
   * {@code mainlineSteps} steps over every boot mode and topology; then every other named
   * profile in differential mode against {@code MAINLINE} and in check mode (legal), {@code
   * profileSteps} steps each over every vendor, stopping after {@code kinds} finding kinds.
   */
  static List<Run> plan(long mainlineSteps, long profileSteps, int kinds) {
    List<Run> runs = new ArrayList<>();
    for (Legality legality : Legality.values()) {
      for (Vendor v : Exploration.defaultVendors()) {
        runs.add(new Run(Exploration.check(Semantics.mainline()).legality(legality).vendors(v)
            .steps(mainlineSteps), v.name(), true, false));
      }
    }
    for (String name : Semantics.names()) {
      Semantics s = Semantics.named(name);
      if (s.equals(Semantics.MAINLINE)) {
        continue;
      }
      boolean release = name.startsWith("linux-");
      runs.add(new Run(Exploration.differential(s).steps(profileSteps).stopAfter(kinds), "all",
          false, !release));
      runs.add(new Run(Exploration.check(s).steps(profileSteps).stopAfter(kinds), "all",
          release, false));
    }
    return runs;
  }

  /** Runs {@code run}, writes what it found, checks what it must show and returns the result. */
  ExplorationResult execute(Run run) {
    Exploration e = shardCount > 1 ? run.exploration().shard(shardIndex, shardCount)
        : run.exploration();
    long start = System.nanoTime(); // the seconds column only: no output depends on it
    ExplorationResult r = e.run();
    double seconds = (System.nanoTime() - start) / 1e9;
    List<FindingReport> findings = FindingReport.all(r);
    Path dir = root.resolve("findings").resolve(run.name());
    List<Path> files = FindingReport.write(findings, dir);
    write(root.resolve("runs").resolve(run.name() + ".txt"), r.table());
    Semantics base = e.baseline();
    String row = String.format(Locale.ROOT, "%s\t%s\t%s\t%s\t%d\t%d\t%d\t%.1f",
        e.mode() == Mode.CHECK ? "check-" + e.legality().name().toLowerCase(Locale.ROOT)
            : "differential", e.profile().name(), base == null ? "-" : base.name(),
        run.vendor(), r.steps(), r.findings().size(), r.shortest(), seconds);
    synchronized (this) {
      rows.add(row);
      report(run, r, files);
      StringBuilder tsv = new StringBuilder(HEADER).append('\n');
      rows.forEach(x -> tsv.append(x).append('\n'));
      write(root.resolve("summary.tsv"), tsv.toString());
      for (int i = 0; i < findings.size(); i++) {
        Finding f = findings.get(i).finding();
        pageFindings.add(new HtmlReport.Finding(f.kind(), run.name(), f.listing() + "\n"
            + f.junitTest() + "\nfile: " + files.get(i).toAbsolutePath().toUri()));
      }
      write(root.resolve("findings.html"), HtmlReport.page(new HtmlReport.Page(List.of(),
          List.of(), pageFindings, -1, true)));
      write(root.resolve("report.md"), "# Explorer campaign\n\nshard " + shardIndex + "/"
          + shardCount + "; " + HEADER.replace('\t', ',') + "; every finding also in"
          + " [findings.html](findings.html)\n\n" + report);
    }
    if (run.mustBeClean()) {
      assertThat(r.findings()).as(() -> FindingReport.failureMessage(r, files)).isEmpty();
    }
    if (run.mustFind()) {
      assertThat(r.findings()).as("%s found nothing from scratch", run.name()).isNotEmpty();
      assertThat(r.shortest()).as("shortest finding of %s", run.name()).isLessThanOrEqualTo(8);
    }
    return r;
  }

  private void report(Run run, ExplorationResult r, List<Path> files) {
    report.append("## ").append(run.name()).append("\n\n```\n").append(r.table())
        .append("```\n\n");
    List<Finding> found = r.findings();
    for (int i = 0; i < found.size(); i++) {
      @Nullable Path file = i < files.size() ? files.get(i) : null;
      report.append("- ").append(found.get(i).kind()).append(": ")
          .append(found.get(i).steps().size()).append(" calls, ")
          .append(file == null ? "" : root.relativize(file).toString().replace('\\', '/'))
          .append('\n');
    }
    if (!found.isEmpty()) {
      report.append('\n');
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
