package org.iommunit.junit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.iommunit.explore.Exploration;
import org.iommunit.explore.ExplorationResult;
import org.iommunit.explore.Finding;
import org.iommunit.explore.Mode;
import org.iommunit.platform.Platform;
import org.iommunit.report.CoveredTest;
import org.iommunit.report.HtmlReport;
import org.iommunit.report.ReportListener;
import org.iommunit.semantics.Semantics;
import org.iommunit.trace.TraceDiff;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.opentest4j.AssertionFailedError;

/*
 * The @Explore test. The test method's store holds one Run: the exploration's result and the
 * finding files, made once, by whichever comes first of the parameter resolution (the method
 * takes an ExplorationResult) and the interception of the method's invocation. The interception
 * then checks the expectation before the body runs, so a guard fails with the findings even if
 * its body asserts nothing. Nothing outlives the test: the Run holds only values.
 */
/** Runs the exploration an {@link Explore} test declares. */
final class ExploreExtension implements ParameterResolver, InvocationInterceptor {
  /** The configuration parameter that runs shard {@code k/n} of every exploration. */
  static final String SHARD = "iommunit.explore.shard";
  /** The configuration parameter naming the root of the finding files. */
  static final String DIR = "iommunit.explore.dir";
  static final String ENTRY = "iommunit.explore";
  private static final Namespace NAMESPACE = Namespace.create(ExploreExtension.class);
  private static final String RUN = "run";

  /** One test's exploration and the files its findings went to. */
  private record Run(ExplorationResult result, List<Path> files) {}

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == ExplorationResult.class
        && context.getTestMethod().map(m -> AnnotationSupport.isAnnotated(m, Explore.class))
            .orElse(false);
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return run(context).result();
  }

  @Override
  public void interceptTestMethod(Invocation<Void> invocation,
      ReflectiveInvocationContext<Method> invocationContext, ExtensionContext context)
      throws Throwable {
    Run run = run(context);
    Explore a = annotation(context);
    ExplorationResult r = run.result();
    if (a.expect() == Explore.Expect.NO_FINDINGS && !r.isClean()) {
      invocation.skip();
      throw new AssertionFailedError(FindingReport.failureMessage(r, run.files()));
    }
    if (a.expect() == Explore.Expect.FINDINGS && r.isClean()) {
      invocation.skip();
      throw new AssertionFailedError("expected the explorer to find something, but "
          + r.steps() + " steps found nothing\n" + r.table());
    }
    invocation.proceed();
  }

  private static Explore annotation(ExtensionContext context) {
    return AnnotationSupport.findAnnotation(context.getRequiredTestMethod(), Explore.class)
        .orElseThrow();
  }

  private static Run run(ExtensionContext context) {
    ExtensionContext.Store store = context.getStore(NAMESPACE);
    Run run = store.get(RUN, Run.class);
    if (run == null) {
      ExplorationResult result = exploration(context).run();
      run = new Run(result, report(context, result));
      store.put(RUN, run);
    }
    return run;
  }

  /**
   * Builds the exploration {@code context}'s {@link Explore} declares.
   *
   * @throws org.junit.jupiter.api.extension.ExtensionConfigurationException naming the attribute
   *     and the fix, for a profile that does not exist or a value the explorer refuses
   */
  static Exploration exploration(ExtensionContext context) {
    Method method = context.getRequiredTestMethod();
    Explore a = annotation(context);
    String declaration = "@Explore on method " + Misdeclared.method(method);
    Semantics profile = profile(a.profile(), a.profileFactory(), "profile", declaration);
    Exploration e;
    if (a.mode() == Mode.CHECK) {
      e = Exploration.check(profile);
    } else {
      e = Exploration.differential(profile)
          .baseline(profile(a.baseline(), a.baselineFactory(), "baseline", declaration));
    }
    try {
      e.legality(a.legality()).seed(a.seed()).steps(a.steps());
      if (a.vendors().length > 0) {
        e.vendors(a.vendors());
      }
      if (a.bootModes().length > 0) {
        e.bootModes(a.bootModes());
      }
      if (a.topologies().length > 0) {
        e.topologies(a.topologies());
      }
      if (a.stopAfter() > 0) {
        e.stopAfter(a.stopAfter());
      }
    } catch (IllegalArgumentException x) {
      throw Misdeclared.of(declaration, x.getMessage(), "fix the attribute it names", x);
    }
    String shard = context.getConfigurationParameter(SHARD).orElse("");
    if (!shard.isBlank()) {
      int[] kn = shard(shard);
      if (kn.length == 0) {
        throw Misdeclared.of("configuration parameter " + SHARD, "\"" + shard
            + "\" is no shard", "write k/n with 0 <= k < n, e.g. 0/4");
      }
      e.shard(kn[0], kn[1]);
    }
    return e;
  }

  /** Returns {k, n} of a shard written {@code k/n} with {@code 0 <= k < n}, else no values. */
  static int[] shard(String text) {
    String[] parts = text.strip().split("/");
    try {
      int k = Integer.parseInt(parts[0].strip());
      int n = parts.length == 2 ? Integer.parseInt(parts[1].strip()) : -1;
      return n > 0 && k >= 0 && k < n ? new int[] {k, n} : new int[0];
    } catch (NumberFormatException e) {
      return new int[0];
    }
  }

  private static Semantics profile(String name, Class<?>[] factory, String attribute,
      String declaration) {
    if (factory.length > 1) {
      throw Misdeclared.of(declaration, attribute + "Factory names " + factory.length
          + " classes", "name one");
    }
    boolean named = !name.isEmpty() && !("baseline".equals(attribute) && "MAINLINE".equals(name));
    if (factory.length == 1 && named) {
      throw Misdeclared.of(declaration, attribute + " and " + attribute + "Factory are both"
          + " set", "set one of them");
    }
    String resolved = factory.length == 1 ? factory[0].getName()
        : name.isEmpty() ? "MAINLINE" : name;
    try {
      return Profiles.resolve(resolved);
    } catch (IllegalArgumentException e) {
      throw Misdeclared.of(declaration, attribute + ": " + e.getMessage(), Profiles.FIX, e);
    }
  }

  // the finding files and the HTML report's fragments of the test context runs
  private static List<Path> report(ExtensionContext context, ExplorationResult result) {
    String name = TraceFiles.relativeName(context);
    Path dir = Paths.get(context.getConfigurationParameter(DIR).orElse("target/iommunit-explore"))
        .resolve("findings").resolve(name);
    deleteOldFindings(dir);
    List<FindingReport> findings = FindingReport.all(result);
    List<Path> files = FindingReport.write(findings, dir);
    context.publishReportEntry(ENTRY, result.exploration() + ": " + result.steps() + " steps, "
        + result.findings().size() + " finding kind(s)");
    for (int i = 0; i < files.size(); i++) {
      TraceReports.publish(context, "explore." + files.get(i).getFileName(), files.get(i));
    }
    Path root = TraceFiles.reportRoot(context);
    Path fragments = root.resolve(HtmlReport.FRAGMENTS);
    TraceFiles.write(fragments.resolve(name + ".uid"), context.getUniqueId() + "\n");
    StringBuilder traces = new StringBuilder(result.table());
    StringBuilder tables = new StringBuilder();
    StringBuilder unified = new StringBuilder();
    List<TraceDiff> diffs = new ArrayList<>();
    Platform picture = null;
    for (int i = 0; i < findings.size(); i++) {
      FindingReport f = findings.get(i);
      String title = "finding " + (i + 1) + ": " + f.finding().kind();
      traces.append("\n# ").append(title).append('\n').append(f.trace().text());
      if (f.diff() != null) {
        tables.append("<h3>").append(escape(title)).append("</h3>\n")
            .append(HtmlReport.diffTable(f.diff()));
        unified.append("# ").append(title).append('\n').append(f.diff().unified());
        diffs.add(f.diff());
      }
      if (picture == null) {
        picture = f.platform();
      }
    }
    TraceFiles.write(root.resolve("traces").resolve(name + ".trace"), traces.toString());
    if (tables.length() > 0) {
      TraceFiles.write(fragments.resolve(name + ".diff.html"), tables.toString());
      TraceFiles.write(root.resolve("traces").resolve(name + ".semantics.diff"),
          unified.toString());
      HtmlReport.writeSemanticsFragment(root, name, context.getUniqueId(), diffs);
    }
    if (picture != null) {
      TraceFiles.write(fragments.resolve(name + ".svg"), HtmlReport.platformSvg(picture));
    }
    List<HtmlReport.Finding> listed = new ArrayList<>();
    for (int i = 0; i < findings.size(); i++) {
      Finding f = findings.get(i).finding();
      listed.add(new HtmlReport.Finding(f.kind(), name, f.listing() + "\n" + f.junitTest()
          + "\nfile: " + files.get(i).toAbsolutePath().toUri()));
    }
    HtmlReport.writeFindingsFragment(root, name, context.getUniqueId(), listed);
    Set<String> vendors = new TreeSet<>(); // the report lists the run like a traced test
    result.exploration().machines().forEach(m -> vendors.add(m.vendor().name()));
    ReportListener.cover(root, new CoveredTest(context.getUniqueId(), name,
        String.join(",", vendors), result.exploration().profile().name(), "", "explored"));
    return files;
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static void deleteOldFindings(Path dir) {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (Stream<Path> old = Files.list(dir)) {
      for (Path p : (Iterable<Path>) old::iterator) {
        if (p.getFileName().toString().startsWith("finding-")) {
          Files.delete(p);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clear " + dir, e);
    }
  }
}
