package org.iommunit.trace;

import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a trace was recorded on: the header of a trace file.
 *
 * @param vendor the vendor of the platform's IOMMUs, e.g. {@code ARM_SMMU_V3}; several joined
 *     with {@code +}
 * @param semantics the semantics profile, e.g. {@code MAINLINE}
 * @param iommunit the IOMMUnit version that wrote the trace; not compared
 * @param levels the levels the trace holds, in {@link TraceLevel} order
 */
public record TraceHeader(String vendor, String semantics, String iommunit,
    List<TraceLevel> levels) {

  /** Validates the parts and puts the levels in order, without repeats. */
  public TraceHeader {
    Objects.requireNonNull(vendor, "vendor");
    Objects.requireNonNull(semantics, "semantics");
    Objects.requireNonNull(iommunit, "iommunit");
    if (vendor.isBlank() || vendor.contains("\n") || semantics.isBlank()
        || semantics.contains("\n")) {
      throw new IllegalArgumentException("vendor and semantics are one non-blank line each: "
          + vendor + ", " + semantics);
    }
    levels = List.copyOf(levels.isEmpty() ? EnumSet.noneOf(TraceLevel.class)
        : EnumSet.copyOf(levels));
  }

  /** Returns this header with only those of its levels that are in {@code kept}. */
  public TraceHeader keeping(Set<TraceLevel> kept) {
    return new TraceHeader(vendor, semantics, iommunit,
        levels.stream().filter(kept::contains).toList());
  }

  /** Returns this header with semantics profile {@code profile}. */
  public TraceHeader withSemantics(String profile) {
    return new TraceHeader(vendor, profile, iommunit, levels);
  }
}
