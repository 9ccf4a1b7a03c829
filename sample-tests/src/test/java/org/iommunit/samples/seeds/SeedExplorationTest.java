package org.iommunit.samples.seeds;

import static org.assertj.core.api.Assertions.assertThat;

import org.iommunit.explore.ExplorationResult;
import org.iommunit.explore.Finding;
import org.iommunit.explore.Mode;
import org.iommunit.junit.Explore;
import org.iommunit.junit.Explore.Expect;

/**
 * The explorer finds each seed thread's flaw by itself: no scenario is written here, only the
 * profile, the mode and a budget. Each test explores one seed profile against {@code MAINLINE}
 * (seeded random call sequences on every vendor, boot mode and topology), stops at the first
 * difference, and checks which difference it is and that it was shrunk to at most eight calls.
 * The finding's file (its JUnit test method, its trace and the side-by-side trace diff) goes to
 * {@code target/iommunit-explore/findings/SeedExplorationTest/<method>/}. See docs/explorer.md.
 */
class SeedExplorationTest {
  private static final int SHORT = 8;

  private static Finding only(ExplorationResult result) {
    assertThat(result.findings()).hasSize(1);
    Finding f = result.findings().get(0);
    assertThat(f.mode()).isEqualTo(Mode.DIFFERENTIAL);
    assertThat(f.baseline()).isEqualTo("MAINLINE");
    assertThat(f.steps()).hasSizeLessThanOrEqualTo(SHORT);
    return f;
  }

  // MultiDeviceGroupAttachTest: iommu_attach_device on one device of a multi-device group

  @Explore(profile = "ATTACH_DEVICE_ATTACH_CNT", mode = Mode.DIFFERENTIAL, steps = 50_000,
      stopAfter = 1, expect = Expect.FINDINGS)
  void attachDevice_attachCntAgainstMainline_succeedsWhereMainlineRefuses(ExplorationResult r) {
    Finding f = only(r);

    assertThat(f.kind()).isEqualTo("errno differs at attachDevice: 0 vs EINVAL");
  }

  @Explore(profile = "ATTACH_DEVICE_NO_KERNEL_DMA_API", mode = Mode.DIFFERENTIAL,
      steps = 50_000, stopAfter = 1, expect = Expect.FINDINGS)
  void attachDevice_noKernelDmaApiAgainstMainline_succeedsWhereMainlineRefuses(
      ExplorationResult r) {
    Finding f = only(r);

    assertThat(f.kind()).isEqualTo("errno differs at attachDevice: 0 vs EINVAL");
  }

  // DmaOwnershipInterfacesTest: a DMA-API driver binds while someone else owns the group

  @Explore(profile = "NO_DMA_OWNERSHIP", mode = Mode.DIFFERENTIAL, steps = 50_000,
      stopAfter = 1, expect = Expect.FINDINGS)
  void bindDriver_noDmaOwnershipAgainstMainline_bindsWhereMainlineSaysEbusy(ExplorationResult r) {
    Finding f = only(r);

    assertThat(f.kind()).isEqualTo("errno differs at bindDriver: 0 vs EBUSY");
  }

  // SvaBindSameDomainTest: a second bind of one device and process, and several devices

  @Explore(profile = "SVA_PASID_1N", mode = Mode.DIFFERENTIAL, steps = 50_000, stopAfter = 1,
      expect = Expect.FINDINGS)
  void bindDevice_svaPasid1nAgainstMainline_secondBindFailsWithEbusy(ExplorationResult r) {
    Finding f = only(r);

    assertThat(f.kind()).isEqualTo("errno differs at bindDevice: EBUSY vs 0");
  }

  @Explore(profile = "SVA_DOMAIN_USERS", mode = Mode.DIFFERENTIAL, steps = 50_000,
      stopAfter = 1, expect = Expect.FINDINGS)
  void bindDevice_svaDomainUsersAgainstMainline_leavesOtherState(ExplorationResult r) {
    Finding f = only(r);

    assertThat(f.kind()).isEqualTo("state differs after bindDevice");
  }

  // DmaIommuOpsFlagsTest: which default domain a lazy-mode machine boots with

  @Explore(profile = "DMA_IOMMU_OPS_FLAGS", mode = Mode.DIFFERENTIAL, steps = 50_000,
      stopAfter = 1, expect = Expect.FINDINGS)
  void boot_dmaIommuOpsFlagsAgainstMainline_bootsOtherDefaultDomains(ExplorationResult r) {
    Finding f = only(r);

    assertThat(f.kind()).isEqualTo("state differs at boot");
    assertThat(f.steps()).isEmpty();
    assertThat(f.message()).contains("domain=D1:DMA_FQ", "domain=D1:DMA,");
  }

  // UnwantedDmaBackingTest: implicit DMA domains for DMA-API clients

  @Explore(profile = "IMPLICIT_DMA_BACKING", mode = Mode.DIFFERENTIAL, steps = 50_000,
      stopAfter = 1, expect = Expect.FINDINGS)
  void boot_implicitDmaBackingAgainstMainline_bootsOtherDomains(ExplorationResult r) {
    Finding f = only(r);

    assertThat(f.kind()).isEqualTo("state differs at boot");
    assertThat(f.steps()).isEmpty();
    assertThat(f.message()).contains("domain=D1:DMA,", ":UNMANAGED, default=D1:DMA");
  }

  @Explore(profile = "IMPLICIT_DMA_HOOK", mode = Mode.DIFFERENTIAL, steps = 50_000,
      stopAfter = 1, expect = Expect.FINDINGS)
  void boot_implicitDmaHookAgainstMainline_bootsOtherDomains(ExplorationResult r) {
    Finding f = only(r);

    assertThat(f.kind()).isEqualTo("state differs at boot");
    assertThat(f.steps()).isEmpty();
    assertThat(f.message()).contains("domain=D1:DMA,", ":UNMANAGED, default=D1:DMA");
  }
}
