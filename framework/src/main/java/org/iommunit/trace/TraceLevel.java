package org.iommunit.trace;

import static java.util.Locale.ROOT;

import org.jspecify.annotations.Nullable;

/** The kinds of trace event, each with the keyword that starts its line in a trace file. */
public enum TraceLevel {
  /** A call of the core API ({@code iommu_attach_device}, ...), with its result or errno. */
  API,
  /** A driver callback ({@code attach_dev}, {@code map_pages}, ...), with its result or errno. */
  OPS,
  /** A change of a group's state: domain, default domain, owner, PASID array, devices. */
  STATE,
  /** An IOTLB invalidation. */
  IOTLB,
  /** A device's DMA access or fault. */
  DMA,
  /** A kernel {@code WARN_ON}. */
  WARN;

  /** Returns the keyword of this level in a trace line, e.g. {@code ops}. */
  public String keyword() {
    return name().toLowerCase(ROOT);
  }

  /** Returns the level whose keyword is {@code keyword}, or null. */
  public static @Nullable TraceLevel ofKeyword(String keyword) {
    for (TraceLevel level : values()) {
      if (level.keyword().equals(keyword)) {
        return level;
      }
    }
    return null;
  }
}
