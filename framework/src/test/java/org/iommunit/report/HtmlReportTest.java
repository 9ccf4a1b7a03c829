package org.iommunit.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.iommunit.platform.Platform;
import org.iommunit.platform.Platforms;
import org.iommunit.trace.TraceDiff;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report page shows the golden diff side by side and the platform as SVG. */
class HtmlReportTest {
  @Test
  void page_failedTestWithDiff_containsHighlightedRowsAndSvg() {
    TraceDiff diff = TraceDiff.between("golden", List.of("api a() = 0", "state G1 x -> y"),
        "actual", List.of("api a() = 0", "state G1 x -> <z>"));
    Platform platform = Platforms.multifunctionCardWithoutAcs().build();
    HtmlReport.Entry entry = new HtmlReport.Entry("FooTest/bar", "bar()", "FAILED", "differs",
        "api a() = 0\n", HtmlReport.diffTable(diff), HtmlReport.platformSvg(platform));

    String page = HtmlReport.page(List.of(entry));

    assertThat(page).startsWith("<!DOCTYPE html>")
        .contains("<tr class=\"equal\"><td>api a() = 0</td><td>api a() = 0</td></tr>")
        .contains("<tr class=\"changed\"><td>state G1 x -&gt; y</td>"
            + "<td>state G1 x -&gt; &lt;z&gt;</td></tr>")
        .contains("<svg xmlns=\"http://www.w3.org/2000/svg\"", "dev 0000:03:00.0",
            "domain D", "</svg>")
        .doesNotContain("<script");
    assertThat(HtmlReport.page(List.of(entry))).isEqualTo(page);
  }

  @Test
  void page_failureWithDiffTable_showsOnlyTheMessagesFirstLine() {
    TraceDiff diff = TraceDiff.between("golden", List.of("state G1 x -> y"), "actual",
        List.of("state G1 x -> z"));
    HtmlReport.Entry entry = new HtmlReport.Entry("FooTest/bar", "bar()", "FAILED",
        "golden trace FooTest/bar.trace differs: 1 line changed\n@@ -1 +1 @@\n-state G1 x -> y",
        "", HtmlReport.diffTable(diff), "");

    String page = HtmlReport.page(List.of(entry));

    assertThat(page).contains("<pre class=\"message\">golden trace FooTest/bar.trace differs: 1"
        + " line changed</pre>").doesNotContain("@@ -1 +1 @@");
  }

  @Test
  void summary_entryWithDiff_listsOutcomeAndDiffBlock() {
    HtmlReport.Entry entry = new HtmlReport.Entry("FooTest/bar", "bar()", "FAILED", "", "", "",
        "");

    String summary = HtmlReport.summary(List.of(entry), Map.of("FooTest/bar", "-a\n+b\n"));

    assertThat(summary).contains("| `FooTest/bar` | FAILED |", "```diff\n-a\n+b\n```");
  }

  @Test
  void appendCapped_hugeSummary_staysWithinOneMebibyte(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("step.md");
    Files.writeString(file, "before\n");

    ReportListener.appendCapped(file, "é".repeat(ReportListener.SUMMARY_CAP));

    assertThat(Files.size(file)).isLessThanOrEqualTo(ReportListener.SUMMARY_CAP);
    assertThat(Files.readString(file, StandardCharsets.UTF_8)).startsWith("before\n")
        .endsWith("see summary.md)\n").doesNotContain("\uFFFD");
  }
}
