package org.iommunit.assertj;

import static org.iommunit.assertj.error.ShouldHaveIotlbCount.shouldHaveIotlbCount;
import static org.iommunit.assertj.error.ShouldHaveNoEntriesFor.shouldHaveNoEntriesFor;
import static org.iommunit.assertj.error.ShouldHaveNoStaleEntries.shouldHaveNoStaleEntries;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.iommunit.core.IommuDomain;
import org.iommunit.device.Device;
import org.iommunit.iotlb.Iotlb;
import org.iommunit.iotlb.IotlbEntry;
import org.iommunit.iotlb.IotlbStats;
import org.jspecify.annotations.Nullable;

/**
 * Assertions on the IOTLB of one IOMMU instance: stale entries, entries left for a domain, and
 * the hit and miss counters. Every check reads the live IOTLB when it runs.
 *
 * <pre>{@code
 * Iotlb iotlb = DevIommu.of(nic).instance().iotlb();
 * assertThat(iotlb).hasNoStaleEntries().hasMisses(1).hasHits(0);
 * iommu.unmapFast(domain, iova, 0x1000, gather);  // no iotlb_sync yet
 * assertThat(iotlb).hasNoStaleEntries();          // fails: the unmapped page is still cached
 * }</pre>
 *
 * @param <SELF> the concrete assertion type
 */
public abstract class AbstractIotlbAssert<SELF extends AbstractIotlbAssert<SELF>>
    extends AbstractIommuAssert<SELF, Iotlb> {

  private static final String NAME = "the IOTLB";

  /**
   * Creates an assertion on an IOTLB.
   *
   * @param actual the IOTLB; null fails every check
   * @param selfType the concrete assertion class
   */
  protected AbstractIotlbAssert(@Nullable Iotlb actual, Class<?> selfType) {
    super(actual, selfType);
  }

  /**
   * Verifies that no valid entry is stale, that is, no entry's page-table entry changed since it
   * was cached. Fails listing each stale entry.
   */
  public SELF hasNoStaleEntries() {
    return check(() -> {
      isNotNull();
      List<String> stale = new ArrayList<>();
      for (IotlbEntry e : actual.entries()) {
        if (e.stale()) {
          stale.add(e.toString());
        }
      }
      if (stale.isEmpty()) {
        return;
      }
      throw failure(shouldHaveNoStaleEntries(NAME, stale));
    });
  }

  /**
   * Verifies that no valid entry carries the tag the driver gives {@code domain} for {@code
   * device}'s requests ({@code DomainOps.iotlbTag}: a VT-d DID, an SMMUv3 ASID, a DART stream).
   * The tag depends on the device for some drivers, which is why the device is named. Fails
   * listing the domain's entries.
   */
  public SELF hasNoEntriesFor(IommuDomain domain, Device device) {
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(device, "device");
    return check(() -> {
      isNotNull();
      int tag = domain.ops().iotlbTag(domain, device);
      List<String> found = new ArrayList<>();
      for (IotlbEntry e : actual.entries()) {
        if (e.tag() == tag) {
          found.add(e.toString());
        }
      }
      if (found.isEmpty()) {
        return;
      }
      throw failure(shouldHaveNoEntriesFor(NAME, domain, device, tag, found));
    });
  }

  /** Verifies the IOTLB hit counter ({@link IotlbStats#hits()}, stale hits included). */
  public SELF hasHits(long expected) {
    return check(() -> {
      isNotNull();
      IotlbStats stats = actual.stats();
      if (stats.hits() == expected) {
        return;
      }
      throw failureComparing(shouldHaveIotlbCount(NAME, "hits", expected, stats), expected,
          stats.hits());
    });
  }

  /** Verifies the IOTLB miss counter ({@link IotlbStats#misses()}, one walk each). */
  public SELF hasMisses(long expected) {
    return check(() -> {
      isNotNull();
      IotlbStats stats = actual.stats();
      if (stats.misses() == expected) {
        return;
      }
      throw failureComparing(shouldHaveIotlbCount(NAME, "misses", expected, stats), expected,
          stats.misses());
    });
  }
}
