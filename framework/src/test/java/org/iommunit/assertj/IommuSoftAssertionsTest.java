package org.iommunit.assertj;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iommunit.base.Errno.EBUSY;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.assertj.core.api.SoftAssertionsProvider;
import org.assertj.core.api.junit.jupiter.SoftAssertionsExtension;
import org.iommunit.base.Prot;
import org.iommunit.core.DmaOwner;
import org.iommunit.core.IommuDomain;
import org.iommunit.pgtable.IoPageTable;
import org.iommunit.pgtable.PageSizes;
import org.iommunit.pgtable.PageTableFormat;
import org.iommunit.pgtable.PgtableConfig;
import org.iommunit.pgtable.PhysicalMemory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

class IommuSoftAssertionsTest {
  private final Card card = new Card();

  @Test
  void assertThat_severalFailures_collectsEachOnce() {
    IommuSoftAssertions softly = new IommuSoftAssertions();
    IommuDomain domain = card.iommu.pagingDomainAlloc(card.fn0);

    softly.assertThat(card.group).isBlocked().hasOwnerCount(2).isInDefaultDomain();
    softly.assertThat(domain).maps(0x1000).to(0x2000);
    softly.assertThat(card.fn0).isAttachedTo(domain);
    softly.assertThatIommu(() -> card.iommu.attachGroup(domain, card.group)).failsWith(EBUSY);
    softly.assertThat(card.platform).satisfiesInvariants();

    // AssertJ appends the line of each soft assertion to its message, hence startsWith.
    List<String> messages = messagesOf(softly.errorsCollected());
    assertThat(messages).hasSize(5);
    assertThat(messages.get(0)).startsWith(Failed.message("%nExpecting group G1 to block DMA"));
    assertThat(messages.get(1)).startsWith(Failed.message(
        "%nExpecting group G1 to have owner_cnt 2"));
    assertThat(messages.get(2)).startsWith(Failed.message(
        "%nExpecting domain D3:UNMANAGED to map IOVA"
        + " 0x1000%nbut iommu_iova_to_phys() finds no mapping there."));
    assertThat(messages.get(3)).startsWith(Failed.message("%nExpecting the hardware of device"
        + " 0000:03:00.0 to be attached to:%n  D3:UNMANAGED"));
    assertThat(messages.get(4)).startsWith(Failed.message("%nExpecting the call to fail with -EBUSY"
        + "%nbut it succeeded."));
  }

  @Test
  void maps_subAssertionFailures_areCollectedThroughTheParent() {
    IommuSoftAssertions softly = new IommuSoftAssertions();
    IoPageTable table = PageTableFormat.ARM_64_LPAE_S1.allocIoPgtableOps(
        PgtableConfig.of(PageSizes.SZ_4K | PageSizes.SZ_2M, 48, 48), new PhysicalMemory());
    table.mapPages(0x1000, 0x8000_0000L, PageSizes.SZ_4K, 1, Prot.READ);

    softly.assertThat(table).maps(0x1000).to(0x9000_0000L).withPermissions(Prot.READ, Prot.WRITE)
        .withPageSize(PageSizes.SZ_2M);

    assertThat(messagesOf(softly.errorsCollected())).hasSize(3)
        .allSatisfy(m -> assertThat(m).contains("IOVA 0x1000 of the ARM_64_LPAE_S1 page table"));
  }

  @Test
  void assertSoftly_allPassing_throwsNothing() {
    card.iommu.groupClaimDmaOwner(card.group, DmaOwner.user("vfio#1"));

    SoftAssertionsProvider.assertSoftly(IommuSoftAssertions.class, softly -> {
      softly.assertThat(card.group).isBlocked().isOwnedBy(DmaOwner.user("vfio#1"));
      softly.assertThat(card.platform).satisfiesInvariants().hasNoWarnings();
    });
  }

  @Test
  void softAssertionsExtension_injectedParameter_reportsEveryFailureAfterTheTest() {
    List<Event> failures = EngineTestKit.engine("junit-jupiter")
        .selectors(selectClass(InjectedSoftly.class)).execute()
        .testEvents().failed().list();

    assertThat(failures).hasSize(1);
    Throwable thrown = failures.get(0).getPayload(TestExecutionResult.class).orElseThrow()
        .getThrowable().orElseThrow();
    assertThat(thrown).hasMessageContaining("Multiple Failures (2 failures)")
        .hasMessageContaining("Expecting group G1 to be owned by")
        .hasMessageContaining("Expecting the IOMMU model to satisfy every invariant");
  }

  @Test
  void iommuSoftAssertionsProvider_mixedWithAssertJSoftAssertions_offersBothOverloads() {
    MixedSoftAssertions softly = new MixedSoftAssertions();

    softly.assertThat(card.group).isNotOwned();
    softly.assertThat(card.group.devices()).hasSize(2);

    assertThat(softly.errorsCollected()).singleElement().satisfies(
        e -> assertThat(e).hasMessageContaining("Expected size: 2 but was: 3"));
  }

  /** What a user writes to have AssertJ's and the IOMMU soft assertions in one object. */
  static class MixedSoftAssertions extends SoftAssertions implements IommuSoftAssertionsProvider {}

  /** Run only through the test kit above: two soft failures in one test. */
  @ExtendWith(SoftAssertionsExtension.class)
  static class InjectedSoftly {
    @Test
    void twoFailures(IommuSoftAssertions softly) {
      Card card = new Card();
      card.strandFn1();

      softly.assertThat(card.group).isOwnedBy(DmaOwner.user("vfio#1"));
      softly.assertThat(card.platform).satisfiesInvariants();
    }
  }

  private static List<String> messagesOf(List<Throwable> errors) {
    return errors.stream().map(Throwable::getMessage).toList();
  }
}
