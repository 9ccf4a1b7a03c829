package org.iommunit.junit;

import static java.util.Locale.ROOT;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.platform.engine.discovery.ClassSelector;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * The extension's cost at the scale of a real suite: generates a suite of N tests that run
 * {@link SuiteScaleScenario} under {@code @SimulatedIommu}, and the same scenario in plain JUnit
 * (the test builds the platform itself), at two sizes, compiles them with {@code javax.tools} and
 * runs each through the JUnit Platform launcher in this JVM, with the report listener as Surefire
 * registers it. Time is the CPU time of the thread that runs the tests (JIT and GC threads are
 * left out, and so is the wait for a CPU on a busy machine). Prints, for each kind, the median
 * time of a suite at each size and the marginal
 * cost per test {@code (t(N2) - t(N1)) / (N2 - N1)}, their ratio, and the report's bytes per
 * passing test at the same margin. A third suite runs the scenario under {@link
 * SuiteScaleFloorExtension}, an extension of the same shape that only builds the platform: its
 * margin over the plain suite is what JUnit itself charges for such an extension.
 *
 * <pre>
 * mvn -B -ntp -pl fixtures,framework -Pbench -DskipTests package
 * java -cp framework/target/iommunit-framework-0.1.0-SNAPSHOT-benchmarks.jar \
 *     org.iommunit.junit.SuiteScaleBenchmark [N1 N2 rounds]
 * </pre>
 */
public final class SuiteScaleBenchmark {
  private static final int PER_CLASS = 50;
  private static final String DEVICE = "0000:01:00.0";
  private static final ThreadMXBean THREAD = ManagementFactory.getThreadMXBean();

  private SuiteScaleBenchmark() {}

  /**
   * Runs the benchmark.
   *
   * @param args optionally the two sizes and the number of measured rounds (500 2000 5)
   * @throws Exception if the suites cannot be generated or a test fails
   */
  public static void main(String[] args) throws Exception {
    int n1 = args.length > 0 ? Integer.parseInt(args[0]) : 500;
    int n2 = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    Path work = Files.createTempDirectory("iommunit-suite-scale");
    ClassLoader loader = compile(work, n2);
    List<Class<?>> ext1 = classes(loader, "Ext", n1);
    List<Class<?>> ext2 = classes(loader, "Ext", n2);
    List<Class<?>> plain1 = classes(loader, "Plain", n1);
    List<Class<?>> plain2 = classes(loader, "Plain", n2);
    List<Class<?>> floor1 = classes(loader, "Floor", n1);
    List<Class<?>> floor2 = classes(loader, "Floor", n2);
    Launcher launcher = LauncherFactory.create();
    for (int w = 0; w < 2; w++) {
      run(launcher, plain2, work.resolve("warm"), n2);
      run(launcher, ext2, work.resolve("warm"), n2);
      run(launcher, floor2, work.resolve("warm"), n2);
    }
    long[][] times = new long[6][rounds];
    long[] bytes = new long[2];
    List<List<Class<?>>> suites = List.of(plain1, plain2, ext1, ext2, floor1, floor2);
    int[] sizes = {n1, n2, n1, n2, n1, n2};
    String[] names = {"p1-", "p2-", "e1-", "e2-", "f1-", "f2-"};
    for (int r = 0; r < rounds; r++) {
      for (int k = 0; k < 3; k++) { // each round starts with the next kind: no kind always first
        int kind = (k + r) % 3;
        for (int size = 0; size < 2; size++) {
          int s = 2 * kind + size;
          times[s][r] = run(launcher, suites.get(s), work.resolve(names[s] + r), sizes[s]);
        }
      }
      bytes[0] = size(work.resolve("e1-" + r));
      bytes[1] = size(work.resolve("e2-" + r));
    }
    double plain = marginal(times[0], times[1], n1, n2);
    double ext = marginal(times[2], times[3], n1, n2);
    System.out.printf(ROOT, "suite of %d and %d tests, %d rounds (median CPU ms per suite):%n",
        n1, n2, rounds);
    System.out.printf(ROOT, "  plain JUnit  %8.1f %8.1f  marginal %.3f ms per test%n",
        median(times[0]) / 1e6, median(times[1]) / 1e6, plain);
    System.out.printf(ROOT, "  @SimulatedIommu %5.1f %8.1f  marginal %.3f ms per test%n",
        median(times[2]) / 1e6, median(times[3]) / 1e6, ext);
    System.out.printf(ROOT, "  ratio %.2f (target at most 1.3); from the fastest round of each:"
        + " %.3f / %.3f ms, ratio %.2f%n", ext / plain, fastest(times[2], times[3], n1, n2),
        fastest(times[0], times[1], n1, n2),
        fastest(times[2], times[3], n1, n2) / fastest(times[0], times[1], n1, n2));
    System.out.printf(ROOT, "  floor (an extension of the same shape that only builds the"
        + " platform) %.1f %.1f  marginal %.3f ms per test, ratio %.2f; fastest %.3f ms, ratio"
        + " %.2f%n", median(times[4]) / 1e6, median(times[5]) / 1e6,
        marginal(times[4], times[5], n1, n2), marginal(times[4], times[5], n1, n2) / plain,
        fastest(times[4], times[5], n1, n2),
        fastest(times[4], times[5], n1, n2) / fastest(times[0], times[1], n1, n2));
    System.out.printf(ROOT, "  report %d and %d bytes: %.1f bytes per passing test"
        + " (target at most 1024)%n", bytes[0], bytes[1],
        (bytes[1] - bytes[0]) / (double) (n2 - n1));
  }

  // ms per test between the two sizes, from the medians
  private static double marginal(long[] t1, long[] t2, int n1, int n2) {
    return (median(t2) - median(t1)) / 1e6 / (n2 - n1);
  }

  // ms per test between the two sizes, from the fastest round of each (the least disturbed)
  private static double fastest(long[] t1, long[] t2, int n1, int n2) {
    return (Arrays.stream(t2).min().orElseThrow() - Arrays.stream(t1).min().orElseThrow())
        / 1e6 / (n2 - n1);
  }

  private static double median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  // runs the classes in one launcher execution (the tests run on this thread); returns the
  // thread's CPU nanoseconds it took, which other processes on a shared machine do not inflate
  private static long run(Launcher launcher, List<Class<?>> classes, Path report, int tests) {
    List<ClassSelector> selectors = new ArrayList<>();
    for (Class<?> c : classes) {
      selectors.add(selectClass(c));
    }
    SummaryGeneratingListener summary = new SummaryGeneratingListener();
    long start = THREAD.getCurrentThreadCpuTime();
    launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectors)
        .configurationParameter("iommunit.report.dir", report.toString())
        .configurationParameter("iommunit.report.publish", "false")
        .build(), summary);
    long took = THREAD.getCurrentThreadCpuTime() - start;
    TestExecutionSummary s = summary.getSummary();
    if (s.getTestsSucceededCount() != tests || s.getTotalFailureCount() != 0) {
      s.getFailures().forEach(f -> f.getException().printStackTrace());
      throw new IllegalStateException(s.getTestsSucceededCount() + " of " + tests
          + " tests passed");
    }
    return took;
  }

  private static List<Class<?>> classes(ClassLoader loader, String kind, int tests)
      throws ClassNotFoundException {
    List<Class<?>> out = new ArrayList<>();
    for (int c = 0; c < tests / PER_CLASS; c++) {
      out.add(loader.loadClass("bench." + kind + c));
    }
    return out;
  }

  // generates n/PER_CLASS classes of each kind and compiles them into work/classes
  private static ClassLoader compile(Path work, int n) throws IOException {
    Path src = work.resolve("src/bench");
    Path out = work.resolve("classes");
    Files.createDirectories(src);
    Files.createDirectories(out);
    List<String> files = new ArrayList<>();
    for (int c = 0; c < n / PER_CLASS; c++) {
      StringBuilder ext = new StringBuilder("package bench;\n")
          .append("@org.iommunit.junit.SimulatedIommu(platform = \"desktop\")\n")
          .append("public class Ext").append(c).append(" {\n");
      StringBuilder plain = new StringBuilder("package bench;\n")
          .append("public class Plain").append(c).append(" {\n");
      for (int m = 0; m < PER_CLASS; m++) {
        ext.append("  @org.junit.jupiter.api.Test void scenario").append(m)
            .append("(@org.iommunit.junit.DeviceAt(\"").append(DEVICE)
            .append("\") org.iommunit.device.Device dev, org.iommunit.core.IommuCore iommu) {\n")
            .append("    org.iommunit.junit.SuiteScaleScenario.run(iommu, dev);\n  }\n");
        plain.append("  @org.junit.jupiter.api.Test void scenario").append(m).append("() {\n")
            .append("    org.iommunit.platform.Platform p =")
            .append(" org.iommunit.platform.Platforms.desktop().build();\n")
            .append("    org.iommunit.junit.SuiteScaleScenario.run(p.iommu(), p.device(\"")
            .append(DEVICE).append("\"));\n  }\n");
      }
      files.add(write(src.resolve("Ext" + c + ".java"), ext.append("}\n").toString()));
      files.add(write(src.resolve("Plain" + c + ".java"), plain.append("}\n").toString()));
      files.add(write(src.resolve("Floor" + c + ".java"), ext.toString()
          .replace("@org.iommunit.junit.SimulatedIommu(platform = \"desktop\")",
              "@org.junit.jupiter.api.extension.ExtendWith("
                  + "org.iommunit.junit.SuiteScaleFloorExtension.class)")
          .replace("class Ext" + c + " ", "class Floor" + c + " ")));
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    List<String> options = new ArrayList<>(List.of("-proc:none", "-nowarn", "-parameters",
        "-cp", System.getProperty("java.class.path"), "-d", out.toString()));
    options.addAll(files);
    if (javac.run(null, null, null, options.toArray(new String[0])) != 0) {
      throw new IllegalStateException("the generated suite does not compile");
    }
    return new URLClassLoader(new URL[] {out.toUri().toURL()},
        SuiteScaleBenchmark.class.getClassLoader());
  }

  private static String write(Path file, String text) {
    try {
      Files.writeString(file, text, StandardCharsets.UTF_8);
      return file.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // every byte under dir
  private static long size(Path dir) {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(f -> {
        try {
          return Files.size(f);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }).sum();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
