package org.iommunit.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.iommunit.core.IommuCore;
import org.iommunit.device.Device;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code iommunit.report.attachments}: the {@code [[ATTACHMENT|path]]} lines are printed on a CI
 * server that reads them (auto), always (true) or never (false).
 */
class AttachmentLinesTest {
  @TempDir Path reports;

  @Test
  void attachments_autoWithoutCiServer_isOff() {
    boolean on = Settings.attachments("auto", Map.of("CI", "true")::get);

    assertThat(on).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"JENKINS_URL", "GITLAB_CI", "TF_BUILD"})
  void attachments_autoOnCiServerThatReadsThem_isOn(String variable) {
    boolean on = Settings.attachments("auto", Map.of(variable, "x")::get);

    assertThat(on).isTrue();
  }

  @Test
  void attachments_trueWithoutCiServer_isOn() {
    boolean on = Settings.attachments("TRUE", Map.<String, String>of()::get);

    assertThat(on).isTrue();
  }

  @Test
  void attachments_falseOnJenkins_isOff() {
    boolean on = Settings.attachments("false", Map.of("JENKINS_URL", "x")::get);

    assertThat(on).isFalse();
  }

  @Test
  void attachments_otherValue_failsNamingTheParameterAndTheValues() {
    ExtensionConfigurationException e = catchThrowableOfType(
        ExtensionConfigurationException.class,
        () -> Settings.attachments("yes", Map.<String, String>of()::get));

    assertThat(e).hasMessage("configuration parameter iommunit.report.attachments=yes: it is"
        + " neither auto, true nor false; use auto (the default: on where JENKINS_URL, GITLAB_CI,"
        + " TF_BUILD is set), true or false");
  }

  @Test
  void finish_attachmentsTrue_printsOneLinePerTraceFile() {
    String out = consoleOf("true");

    Path trace = reports.toAbsolutePath().resolve("traces")
        .resolve("AttachmentLinesTest$Scenario").resolve("pagingDomainAlloc_thenFree_passes.trace");
    assertThat(out.lines()).containsExactly("[[ATTACHMENT|" + trace + "]]");
  }

  @Test
  void finish_attachmentsFalse_printsNothing() {
    String out = consoleOf("false");

    assertThat(out).isEmpty();
  }

  // runs the scenario and returns what it printed on System.out
  private String consoleOf(String attachments) {
    PrintStream saved = System.out;
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
    try {
      Kit.assertAllPassed(Kit.run(Scenario.class, "iommunit.report.dir=" + reports,
          Settings.TRACES + "=all", Settings.ATTACHMENTS + "=" + attachments), 1);
    } finally {
      System.setOut(saved);
    }
    return buffer.toString(StandardCharsets.UTF_8);
  }

  @TestKitOnly
  @SimulatedIommu
  static class Scenario {
    @Test
    void pagingDomainAlloc_thenFree_passes(@DeviceAt("0000:03:00.0") Device nic,
        IommuCore iommu) {
      iommu.domainFree(iommu.pagingDomainAlloc(nic));
    }
  }
}
