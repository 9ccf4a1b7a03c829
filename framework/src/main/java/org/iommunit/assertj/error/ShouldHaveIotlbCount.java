package org.iommunit.assertj.error;

import org.assertj.core.error.ErrorMessageFactory;
import org.iommunit.iotlb.IotlbStats;

/** An IOTLB counter (hits or misses) differs from what the test expects. */
public final class ShouldHaveIotlbCount extends IommuMessageFactory {

  /**
   * Returns the message for a counter with another value.
   *
   * @param iotlb which IOTLB, e.g. {@code the IOTLB of iommu0}
   * @param counter the counter's name, {@code hits} or {@code misses}
   * @param expected the count wanted
   * @param stats every counter, as read
   */
  public static ErrorMessageFactory shouldHaveIotlbCount(String iotlb, String counter,
      long expected, IotlbStats stats) {
    return new ShouldHaveIotlbCount(iotlb, counter, expected, stats);
  }

  private ShouldHaveIotlbCount(String iotlb, String counter, long expected, IotlbStats stats) {
    super("%nExpecting %s to count %s %s%nbut it counts %s%n(hits %s, misses %s, stale hits %s"
        + " since creation or resetStats())",
        text(iotlb), number(expected), text(counter),
        number("hits".equals(counter) ? stats.hits() : stats.misses()), number(stats.hits()),
        number(stats.misses()), number(stats.staleHits()));
  }

  private static CharSequence number(long n) {
    return text(Long.toString(n));
  }
}
