package org.iommunit.junit;

import org.iommunit.platform.PlatformBuilder;

/**
 * The default domain type a simulated machine boots with, chosen as a Linux user chooses it: on
 * the kernel command line with {@code iommu.passthrough=} and {@code iommu.strict=}.
 */
public enum DefaultDomain {
  /** Takes the configuration parameter {@code iommunit.defaultDomain}, else the kernel default. */
  DEFAULT,
  /** {@code iommu.passthrough=1}: DMA addresses are physical addresses. */
  IDENTITY,
  /** {@code iommu.passthrough=0 iommu.strict=1}: translated, invalidated on every unmap. */
  DMA,
  /** {@code iommu.passthrough=0 iommu.strict=0}: translated, invalidated lazily by a queue. */
  DMA_FQ;

  /** Writes this choice onto the boot command line of {@code builder}; DEFAULT writes nothing. */
  void applyTo(PlatformBuilder builder) {
    switch (this) {
      case IDENTITY:
        builder.passthrough(true);
        break;
      case DMA:
        builder.passthrough(false).strict(true);
        break;
      case DMA_FQ:
        builder.passthrough(false).strict(false);
        break;
      default:
        break;
    }
  }
}
