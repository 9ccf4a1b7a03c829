package org.iommunit.junit;

import static java.util.Locale.ROOT;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.iommunit.driver.Vendor;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The run-wide defaults, read from JUnit configuration parameters ({@code
 * junit-platform.properties} or {@code -D}); docs/guide.md has the table.
 *
 * @param vendor {@code iommunit.vendor}: the vendor driver of the built-in and ready-made
 *     platforms, a {@link Vendor} name such as {@code ARM_SMMU_V3}; {@code REFERENCE} unless set
 * @param semantics {@code iommunit.semantics}: the semantics profile, {@code MAINLINE} unless set
 * @param defaultDomain {@code iommunit.defaultDomain}: the boot default domain of the built-in
 *     and ready-made platforms; {@link DefaultDomain#DEFAULT} keeps the kernel default
 * @param failOnLeaks {@code iommunit.leaks}: {@code fail} (true, the default) fails a test that
 *     leaks; {@code warn} publishes the leaks as a report entry instead
 * @param attachments {@code iommunit.report.attachments}: whether each trace file is also named
 *     on the console as {@code [[ATTACHMENT|path]]}; {@code auto} (the default) prints the lines
 *     only on a CI server that reads them ({@link #ATTACHMENT_READERS})
 * @param allTraces {@code iommunit.report.traces}: {@code failures} (false, the default) writes
 *     a passing test's trace only when it checks a golden file or compares semantics; {@code all}
 *     writes every test's
 * @param reportRoot {@code iommunit.report.dir}: where the report and the trace files go, {@code
 *     target/iommunit-report} unless set
 */
record Settings(Vendor vendor, String semantics, DefaultDomain defaultDomain,
    boolean failOnLeaks, boolean attachments, boolean allTraces, Path reportRoot) {

  static final String VENDOR = "iommunit.vendor";
  static final String SEMANTICS = "iommunit.semantics";
  static final String DEFAULT_DOMAIN = "iommunit.defaultDomain";
  static final String LEAKS = "iommunit.leaks";
  static final String ATTACHMENTS = "iommunit.report.attachments";
  static final String TRACES = "iommunit.report.traces";

  /**
   * The environment variables by which {@code auto} recognises a CI server that collects
   * {@code [[ATTACHMENT|path]]} lines from a test's output: Jenkins (JUnit Attachments plugin),
   * GitLab CI (JUnit report artifacts) and Azure Pipelines.
   */
  static final List<String> ATTACHMENT_READERS = List.of("JENKINS_URL", "GITLAB_CI", "TF_BUILD");

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(Settings.class);

  /**
   * Reads the parameters of the run {@code context} belongs to.
   *
   * @throws org.junit.jupiter.api.extension.ExtensionConfigurationException for a value that is
   *     not allowed, naming the parameter and the values that are
   */
  @SuppressWarnings("deprecation") // getOrComputeIfAbsent: the JUnit 5.10 API, deprecated in 6
  static Settings read(ExtensionContext context) {
    // the parameters cannot change during a run: read them once, into the engine's store
    return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Settings.class,
        k -> readNow(context), Settings.class);
  }

  private static Settings readNow(ExtensionContext context) {
    Vendor vendor = parameter(context, VENDOR).map(Settings::vendor).orElse(Vendor.REFERENCE);
    String semantics = parameter(context, SEMANTICS).orElse("MAINLINE");
    Profiles.check(semantics, parameter(SEMANTICS, semantics));
    DefaultDomain defaultDomain = parameter(context, DEFAULT_DOMAIN)
        .map(v -> defaultDomain(v)).orElse(DefaultDomain.DEFAULT);
    String leaks = parameter(context, LEAKS).orElse("fail");
    if (!leaks.equalsIgnoreCase("fail") && !leaks.equalsIgnoreCase("warn")) {
      throw Misdeclared.of(parameter(LEAKS, leaks), "it is neither fail nor warn",
          "use fail (the default) or warn");
    }
    boolean attachments = attachments(parameter(context, ATTACHMENTS).orElse("auto"),
        System::getenv);
    String traces = parameter(context, TRACES).orElse("failures");
    if (!traces.equalsIgnoreCase("failures") && !traces.equalsIgnoreCase("all")) {
      throw Misdeclared.of(parameter(TRACES, traces), "it is neither failures nor all",
          "use failures (the default) or all");
    }
    Path reportRoot = Paths.get(context.getConfigurationParameter(TraceFiles.REPORT_DIR)
        .orElse("target/iommunit-report"));
    return new Settings(vendor, semantics, defaultDomain, leaks.equalsIgnoreCase("fail"),
        attachments, traces.equalsIgnoreCase("all"), reportRoot);
  }

  /**
   * Decides {@code iommunit.report.attachments}: {@code true} and {@code false} (any case) say
   * it; {@code auto} is true where {@code environment} sets one of {@link #ATTACHMENT_READERS}.
   *
   * @throws org.junit.jupiter.api.extension.ExtensionConfigurationException for any other value
   */
  static boolean attachments(String value, Function<String, @Nullable String> environment) {
    switch (value.trim().toLowerCase(ROOT)) {
      case "true":
        return true;
      case "false":
        return false;
      case "auto":
        for (String variable : ATTACHMENT_READERS) {
          String set = environment.apply(variable);
          if (set != null && !set.isEmpty()) {
            return true;
          }
        }
        return false;
      default:
        throw Misdeclared.of(parameter(ATTACHMENTS, value), "it is neither auto, true nor false",
            "use auto (the default: on where " + String.join(", ", ATTACHMENT_READERS)
                + " is set), true or false");
    }
  }

  private static Vendor vendor(String value) {
    String name = value.trim().toUpperCase(ROOT).replace('-', '_');
    for (Vendor v : Vendor.values()) {
      if (v.name().equals(name)) {
        return v;
      }
    }
    List<String> names = new java.util.ArrayList<>();
    for (Vendor v : Vendor.values()) {
      names.add(v.name());
    }
    throw Misdeclared.of(parameter(VENDOR, value), "IOMMUnit has no vendor driver "
        + Misdeclared.quote(value), "use one of: " + String.join(", ", names));
  }

  private static DefaultDomain defaultDomain(String value) {
    String name = value.trim().toUpperCase(ROOT).replace('-', '_');
    for (DefaultDomain d : DefaultDomain.values()) {
      if (d != DefaultDomain.DEFAULT && d.name().equals(name)) {
        return d;
      }
    }
    throw Misdeclared.of(parameter(DEFAULT_DOMAIN, value), "it is not a default domain type",
        "use IDENTITY, DMA or DMA_FQ");
  }

  private static Optional<String> parameter(ExtensionContext context, String key) {
    return context.getConfigurationParameter(key).map(String::trim).filter(v -> !v.isEmpty());
  }

  private static String parameter(String key, String value) {
    return "configuration parameter " + key + "=" + value;
  }
}
