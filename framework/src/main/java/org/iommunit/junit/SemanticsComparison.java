package org.iommunit.junit;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.iommunit.report.HtmlReport;
import org.iommunit.trace.Trace;
import org.iommunit.trace.TraceDiff;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.platform.commons.support.AnnotationSupport;

/*
 * The @CompareSemantics template. The template's context store holds one Comparison: the
 * profiles, and one trace slot per invocation. An invocation finds its profile from the index in
 * its unique id ([test-template-invocation:#N]); Declaration asks profileOf() for it. Each
 * invocation's afterEach fills its slot; the one that fills the last slot (any of them, when
 * invocations run concurrently) computes and publishes the diffs. The slots are indexed, so the
 * result does not depend on the order in which invocations finish.
 */
final class SemanticsComparison {
  static final String ENTRY = "iommunit.semantics";
  private static final Namespace NAMESPACE = Namespace.create(SemanticsComparison.class);
  private static final String COMPARISON = "comparison";
  private static final String INVOCATION = "test-template-invocation:#";

  private SemanticsComparison() {}

  /** The profiles of one template and the traces its invocations recorded so far. */
  private static final class Comparison {
    private final CompareSemantics annotation;
    private final @Nullable Trace[] traces; // guarded by this

    Comparison(CompareSemantics annotation) {
      this.annotation = annotation;
      this.traces = new Trace[annotation.value().length];
    }

    // Returns every trace once the last slot is filled, null before.
    synchronized @Nullable List<Trace> fill(int index, Trace trace) {
      traces[index] = trace;
      List<Trace> all = new ArrayList<>();
      for (Trace t : traces) {
        if (t == null) {
          return null;
        }
        all.add(t);
      }
      return all;
    }
  }

  /** Returns true if {@code context}'s test method carries {@link CompareSemantics}. */
  static boolean supports(ExtensionContext context) {
    return context.getTestMethod()
        .map(m -> AnnotationSupport.isAnnotated(m, CompareSemantics.class)).orElse(false);
  }

  /**
   * Checks the annotation and returns one invocation per profile.
   *
   * @throws org.junit.jupiter.api.extension.ExtensionConfigurationException for fewer than two
   *     profiles or a name that is not a profile
   */
  static Stream<TestTemplateInvocationContext> invocations(ExtensionContext context) {
    Method method = context.getRequiredTestMethod();
    CompareSemantics annotation = AnnotationSupport.findAnnotation(method,
        CompareSemantics.class).orElseThrow();
    String[] profiles = annotation.value();
    String declaration = render(annotation) + " on method " + Misdeclared.method(method);
    if (profiles.length < 2) {
      throw Misdeclared.of(declaration, "a comparison needs two profiles at least",
          "name the base profile first, then the ones to compare with it");
    }
    for (String p : profiles) {
      Profiles.check(p, declaration);
    }
    context.getStore(NAMESPACE).put(COMPARISON, new Comparison(annotation));
    return Arrays.stream(profiles).map(SemanticsComparison::invocation);
  }

  /** Returns the profile {@code context} (an invocation of a comparison) runs; null otherwise. */
  static @Nullable String profileOf(ExtensionContext context) {
    int index = index(context);
    Comparison c = index < 0 ? null : comparison(context); // most tests are no invocation
    return c == null ? null : c.annotation.value()[index];
  }

  /**
   * Keeps the trace of the invocation {@code context}; after the last one, writes the diffs
   * under the report root, publishes them and writes the HTML report's fragment.
   */
  static void record(ExtensionContext context, Trace recorded) {
    int index = index(context);
    Comparison c = index < 0 ? null : comparison(context);
    if (c == null) {
      return;
    }
    List<Trace> all = c.fill(index, recorded.at(c.annotation.levels()));
    if (all == null) {
      return;
    }
    ExtensionContext template = context.getParent().orElseThrow();
    String name = TraceFiles.relativeName(template);
    String[] profiles = c.annotation.value();
    StringBuilder unified = new StringBuilder();
    List<TraceDiff> diffs = new ArrayList<>();
    for (int i = 1; i < profiles.length; i++) {
      TraceDiff diff = TraceDiff.between(profiles[0], all.get(0).lines(), profiles[i],
          all.get(i).lines());
      diffs.add(diff);
      unified.append(diff.isEmpty() ? "# " + profiles[0] + " vs " + profiles[i]
          + ": no difference\n" : diff.unified());
    }
    Path root = TraceFiles.reportRoot(context);
    Path file = root.resolve("traces").resolve(name + ".semantics.diff");
    TraceFiles.write(file, unified.toString());
    context.publishReportEntry(ENTRY, unified.toString());
    TraceReports.publish(context, "semantics.diff", file);
    HtmlReport.writeSemanticsFragment(root, name, template.getUniqueId(), diffs);
  }

  /** Returns true if {@code context} is an invocation of a {@link CompareSemantics} template. */
  static boolean isInvocation(ExtensionContext context) {
    return index(context) >= 0 && comparison(context) != null;
  }

  private static TestTemplateInvocationContext invocation(String profile) {
    return new TestTemplateInvocationContext() {
      @Override
      public String getDisplayName(int invocationIndex) {
        return profile;
      }
    };
  }

  // the 0-based invocation index from [test-template-invocation:#N], or -1
  private static int index(ExtensionContext context) {
    String id = context.getUniqueId();
    int at = id.lastIndexOf(INVOCATION);
    if (at < 0 || !id.endsWith("]") || id.indexOf("]/[", at) >= 0) {
      return -1;
    }
    return Integer.parseInt(id.substring(at + INVOCATION.length(), id.length() - 1)) - 1;
  }

  private static @Nullable Comparison comparison(ExtensionContext context) {
    return context.getParent()
        .map(p -> p.getStore(NAMESPACE).get(COMPARISON, Comparison.class)).orElse(null);
  }

  private static String render(CompareSemantics annotation) {
    List<String> quoted = new ArrayList<>();
    for (String p : annotation.value()) {
      quoted.add(Misdeclared.quote(p));
    }
    return "@CompareSemantics({" + String.join(", ", quoted) + "})";
  }
}
