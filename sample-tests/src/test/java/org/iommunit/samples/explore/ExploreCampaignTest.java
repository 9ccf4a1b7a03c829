package org.iommunit.samples.explore;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

/**
 * The campaign of {@code mvn -B -Pexplore verify} (tag {@value #TAG}, which every other build
 * leaves out): one dynamic test per {@link Campaign.Run}, writing {@code
 * target/iommunit-explore/summary.tsv}, {@code report.md}, {@code findings.html} (every finding in
 * the report page's findings section), {@code runs/<run>.txt} (the table and the coverage) and
 * {@code findings/<run>/finding-NN.txt}. System properties: {@code
 * iommunit.explore.shard=k/n} runs shard {@code k} of {@code n} of every run (into {@code
 * shard-k-of-n/}); {@code iommunit.explore.steps} the steps of each mainline run (one per vendor
 * and legality, 120,000 unless set); {@code iommunit.explore.profileSteps} those of each profile
 * run (100,000 unless set).
 */
@Tag(ExploreCampaignTest.TAG)
class ExploreCampaignTest {
  /** The tag the explore profile selects. */
  static final String TAG = "explore-campaign";

  @TestFactory
  Stream<DynamicTest> campaign() {
    String shard = System.getProperty("iommunit.explore.shard", "0/1").strip();
    int slash = shard.indexOf('/');
    int k = Integer.parseInt(shard.substring(0, slash).strip());
    int n = Integer.parseInt(shard.substring(slash + 1).strip());
    Path root = Paths.get("target/iommunit-explore");
    Campaign campaign = new Campaign(n > 1 ? root.resolve("shard-" + k + "-of-" + n) : root, k,
        n);
    long mainline = Long.getLong("iommunit.explore.steps", 120_000L);
    long profiles = Long.getLong("iommunit.explore.profileSteps", 100_000L);
    return Campaign.plan(mainline, profiles, 16).stream()
        .map(run -> DynamicTest.dynamicTest(run.name(), () -> System.out.print(campaign.execute(run).table())));
  }
}
