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

/** The report page: what it covers, failures first, sections linked, tests grouped by class. */
class HtmlReportTest {
  private static final String GOLDEN = "golden trace matches FooTest/bar.trace";

  @Test
  void anchor_nameWithSlashesAndDots_keepsOnlyLettersDigitsUnderscoresAndHyphens() {
    assertThat(HtmlReport.anchor("FooTest$Inner/bar-baz_1.x"))
        .isEqualTo("t-FooTest_Inner_bar-baz_1_x");
  }

  @Test
  void anchor_characterOutsideTheBasicPlane_becomesOneUnderscore() {
    assertThat(HtmlReport.anchor("a\uD83D\uDE00b")).isEqualTo("t-a_b");
  }

  @Test
  void millis_halfATenth_roundsUpAsFormatDoes() {
    assertThat(ReportPage.millis(1250)).isEqualTo("1.3 ms")
        .isEqualTo(String.format(java.util.Locale.ROOT, "%.1f ms", 1.25));
  }

  @Test
  void millis_belowHalfATenth_roundsDown() {
    assertThat(ReportPage.millis(1249)).isEqualTo("1.2 ms");
  }

  @Test
  void millis_zero_isZeroPointZero() {
    assertThat(ReportPage.millis(0)).isEqualTo("0.0 ms");
  }

  @Test
  void page_failedTestWithDiff_containsMarkedRowsAndBothPictures() {
    TraceDiff diff = TraceDiff.between("golden", List.of("api a() = 0", "warn x: y"),
        "actual", List.of("api a() = 0", "warn x: <z>"));
    Platform platform = Platforms.multifunctionCardWithoutAcs().build();
    String pictures = HtmlReport.pictures(PlatformSnapshot.capture(platform),
        PlatformSnapshot.capture(platform));
    HtmlReport.Entry entry = new HtmlReport.Entry("FooTest/bar", "bar()", "FAILED",
        "differs\n--- golden\n+++ actual", "api a() = 0\n", HtmlReport.diffTable(diff), pictures);

    String page = HtmlReport.page(List.of(entry));

    assertThat(page).startsWith("<!DOCTYPE html>")
        .contains("<tr class=\"equal\"><td>api a() = 0</td><td>api a() = 0</td></tr>")
        .contains("<tr class=\"changed\"><td>warn x: <del>y</del></td>"
            + "<td>warn x: <ins>&lt;z&gt;</ins></td></tr>")
        .contains("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"platform before\"",
            "class=\"platform after\"", "0000:03:00.0 (fn0)", "domain D", "</svg>")
        .contains("<pre class=\"message\">differs</pre>\n<h3>Golden trace diff</h3>");
    assertThat(HtmlReport.page(List.of(entry))).isEqualTo(page);
  }

  @Test
  void page_failedAndPassingTests_failureSectionComesBeforeTheClassList() {
    HtmlReport.Entry passed = entry("ATest/passes", "SUCCESSFUL");
    HtmlReport.Entry failed = entry("BTest/fails", "FAILED");

    String page = HtmlReport.page(List.of(passed, failed));

    assertThat(page.indexOf("<section class=\"failure\" id=\"t-BTest_fails\">"))
        .isPositive().isLessThan(page.indexOf("<section id=\"tests\">"));
    assertThat(page).contains("<a href=\"#failures\">Failures (1)</a>",
        "<a href=\"#tests\">Tests by class (2)</a>", "<section id=\"failures\">");
  }

  @Test
  void page_testsOfTwoClasses_groupsThemAndOpensOnlyTheClassWithAFailure() {
    HtmlReport.Entry a = entry("ATest/passes", "SUCCESSFUL");
    HtmlReport.Entry b1 = entry("BTest/fails", "FAILED");
    HtmlReport.Entry b2 = entry("BTest/passes", "SUCCESSFUL");

    String page = HtmlReport.page(List.of(a, b1, b2));

    assertThat(page).contains("<details class=\"cls\"><summary>ATest <span class=\"meta\">"
        + "1 test</span></summary>\n<div class=\"test successful golden\" id=\"t-ATest_passes\">"
        + "<span class=\"SUCCESSFUL\">SUCCESSFUL</span> passes<span class=\"meta\"> · 1.3 ms"
        + " · vendor REFERENCE · profile MAINLINE · <span class=\"tag\" title=\"golden trace"
        + " matches FooTest/bar.trace\">golden</span></span>"
        + "</div>\n</details>")
        .contains("<details class=\"cls\" open><summary>BTest <span class=\"meta\">2 tests,"
            + " <span class=\"FAILED\">1 failed</span></span></summary>\n<div class=\"test"
            + " failed golden\"><span class=\"FAILED\">FAILED</span> <a href=\"#t-BTest_fails\">"
            + "fails</a>");
  }

  @Test
  void page_comparisons_linkedFromTheTopAndListed() {
    HtmlReport.Comparison c = new HtmlReport.Comparison("CTest/compare", "<p>no difference</p>",
        "");

    String page = HtmlReport.page(List.of(entry("CTest/x", "SUCCESSFUL")), List.of(c));

    assertThat(page).contains("<a href=\"#semantics-diffs\">Semantics diffs (1)</a>",
        "<section id=\"semantics-diffs\">", "<li><a href=\"#s-CTest_compare\">CTest/compare</a>",
        "<section class=\"semantics\" id=\"s-CTest_compare\">");
    assertThat(page.indexOf("id=\"semantics-diffs\"")).isLessThan(page.indexOf("id=\"tests\""));
  }

  @Test
  void page_findingsGiven_rendersSectionLinkedFromTheTop() {
    HtmlReport.Finding finding = new HtmlReport.Finding("group left without a domain",
        "ATest/passes", "step 1: iommu_detach_group(D2:UNMANAGED, G0)");
    HtmlReport.Page page = new HtmlReport.Page(List.of(entry("ATest/passes", "SUCCESSFUL")),
        List.of(), List.of(finding), 1, true);

    String html = HtmlReport.page(page);

    assertThat(html).contains("<a href=\"#findings\">Exploration findings (1)</a>",
        "<section id=\"findings\">\n<h2>Exploration findings</h2>",
        "<h3>group left without a domain</h3>", "<p>in <a href=\"#t-ATest_passes\">ATest/passes"
            + "</a></p>", "<pre>step 1: iommu_detach_group(D2:UNMANAGED, G0)</pre>");
  }

  @Test
  void page_noFindings_hasNoFindingsSectionOrLink() {
    String html = HtmlReport.page(List.of(entry("ATest/passes", "SUCCESSFUL")));

    assertThat(html).doesNotContain("findings");
  }

  @Test
  void page_runWithOtherTests_saysWhichTestsItCovers() {
    HtmlReport.Page page = new HtmlReport.Page(List.of(entry("ATest/passes", "SUCCESSFUL"),
        entry("ATest/fails", "FAILED")), List.of(), List.of(), 5, false);

    String html = HtmlReport.page(page);

    assertThat(html).contains("<p class=\"summary\">5 tests ran, 2 used the IOMMUnit"
        + " extension; the report covers those. 2 tests: 1 passed, 1 failed or aborted, 0"
        + " skipped. Time in these tests: 2.5 ms.</p>")
        .contains("<body>").doesNotContain("<body class=\"renumbered\">")
        .contains("<input type=\"checkbox\" id=\"renumber\">");
  }

  @Test
  void page_anyContent_isSelfContainedWithOneInlineScript() {
    String html = HtmlReport.page(List.of(entry("ATest/passes", "SUCCESSFUL")));

    assertThat(html).containsOnlyOnce("<script>").doesNotContain("<script src", "<link",
        "http://", "https://", "url(");
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

  @Test
  void readFindingsFragment_writtenFindings_comeBackUnchanged(@TempDir Path dir)
      throws IOException {
    List<HtmlReport.Finding> findings = List.of(
        new HtmlReport.Finding("invariant X after y", "A/b", "  0 call()\nfinding 1 2 3\n"),
        new HtmlReport.Finding("WARN_ON in f", "", ""));

    HtmlReport.writeFindingsFragment(dir, "A/b", "[engine:x]", findings);

    assertThat(HtmlReport.readFindingsFragment(Files.readString(
        dir.resolve("fragments/A/b" + HtmlReport.FINDINGS), StandardCharsets.UTF_8)))
        .isEqualTo(findings);
    assertThat(dir.resolve("fragments/A/b" + HtmlReport.FINDINGS_ID)).hasContent("[engine:x]");
  }

  private static HtmlReport.Entry entry(String name, String status) {
    return new HtmlReport.Entry(name, name.substring(name.indexOf('/') + 1) + "()", status,
        "", "", "", "", "REFERENCE", "MAINLINE", GOLDEN, 1250);
  }
}
