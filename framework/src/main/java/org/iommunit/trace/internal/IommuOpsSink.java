package org.iommunit.trace.internal;

import org.jspecify.annotations.Nullable;

/**
 * Where the generated {@code IommuOps} wrapper of one IOMMU instance hands its recorded calls:
 * the probe, the release, the domain allocations and the static domains.
 */
final class IommuOpsSink {
  private final TraceRecorder recorder;
  private final String iommu;
  private final int iommuSite;

  IommuOpsSink(TraceRecorder recorder, String iommu) {
    this.recorder = recorder;
    this.iommu = iommu;
    this.iommuSite = Sites.id(iommu, "");
  }

  /**
   * Records the call of method {@code site} (its Sites number); returns what the core receives
   * in place of {@code result}: a domain's recording wrapper for a returned domain, else {@code
   * result} itself.
   */
  @Nullable Object exit(int site, @Nullable Object @Nullable [] args, @Nullable Object result,
      @Nullable Throwable thrown) {
    return recorder.iommuOp(iommu, iommuSite, site, args, result, thrown);
  }
}
