package org.iommunit.samples.explore;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A small version of the explore campaign in the normal build: its plan and its files. */
class CampaignSmokeTest {
  @TempDir
  Path dir;

  @Test
  void plan_everyVendorAndNamedProfile_listsMainlineChecksThenProfileRuns() {
    List<Campaign.Run> runs = Campaign.plan(1_000, 1_000, 1);

    assertThat(runs).extracting(Campaign.Run::name).contains("check-legal-MAINLINE-INTEL_VTD",
        "check-misuse-MAINLINE-QCOM_IOMMU", "differential-SVA_PASID_1N-vs-MAINLINE",
        "check-legal-linux-6.6-all");
  }

  @Test
  void execute_mainlineAndSeedRuns_writesSummaryRowsAndFindingFiles() throws IOException {
    Campaign campaign = new Campaign(dir, 0, 1);
    List<Campaign.Run> runs = Campaign.plan(2_000, 20_000, 1);

    campaign.execute(runs.get(0));
    campaign.execute(runs.stream().filter(r -> r.name().equals(
        "differential-SVA_PASID_1N-vs-MAINLINE")).findFirst().orElseThrow());

    List<String> summary = Files.readAllLines(dir.resolve("summary.tsv"), StandardCharsets.UTF_8);
    assertThat(summary).hasSize(3);
    assertThat(summary.get(0)).isEqualTo(Campaign.HEADER);
    assertThat(summary.get(1)).startsWith("check-legal\tMAINLINE\t-\tINTEL_VTD\t");
    assertThat(summary.get(2)).startsWith("differential\tSVA_PASID_1N\tMAINLINE\tall\t");
    assertThat(dir.resolve("findings/differential-SVA_PASID_1N-vs-MAINLINE/finding-01.txt"))
        .content().contains("## Trace diff: MAINLINE (left) | SVA_PASID_1N (right)");
    assertThat(dir.resolve("runs/check-legal-MAINLINE-INTEL_VTD.txt")).content()
        .contains("invariants exercised");
  }

  @Test
  void execute_seedRunWithFinding_listsItOnTheFindingsPageLinkedFromTheReport() {
    Campaign campaign = new Campaign(dir, 0, 1);
    Campaign.Run seed = Campaign.plan(2_000, 20_000, 1).stream().filter(r -> r.name().equals(
        "differential-SVA_PASID_1N-vs-MAINLINE")).findFirst().orElseThrow();

    campaign.execute(seed);

    assertThat(dir.resolve("findings.html")).content().contains(
        "<h2>Exploration findings</h2>", "<h3>errno differs at bindDevice: EBUSY vs 0</h3>",
        "<p>in differential-SVA_PASID_1N-vs-MAINLINE</p>", "@Test\nvoid bindDevice_explorer",
        "findings/differential-SVA_PASID_1N-vs-MAINLINE/finding-01.txt");
    assertThat(dir.resolve("report.md")).content().contains("[findings.html](findings.html)");
  }
}
