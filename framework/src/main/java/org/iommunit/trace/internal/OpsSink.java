package org.iommunit.trace.internal;

import static net.bytebuddy.matcher.ElementMatchers.not;

import org.iommunit.base.IotlbGather;
import org.iommunit.core.IommuDomain;
import org.iommunit.device.Device;
import org.jspecify.annotations.Nullable;

/** Where the generated domain-ops wrappers of one IOMMU instance hand their calls. */
final class OpsSink {
private final TraceRecorder r;
private final int iommu;

OpsSink(TraceRecorder r, String iommu) {
  this.r = r;
  this.iommu = Sites.id(iommu, "");
}

  // Each method appends one op: its site (the Sites number of its name and descriptor) is a
  // constant of the generated code; primitive arguments and results come unboxed.

  /** Returns the frame to record an op on, or null if ops are not being recorded. */
  private @Nullable Tape open() {
    return r.opsOn ? r.frame() : null;
  }

  /** Records an op of one reference argument. */
  void op1(int site, @Nullable Object a0, @Nullable Object result,
      @Nullable Throwable thrown) {
    Tape f = open();
    if (f != null) {
      f.ops(iommu, site, a0, result, thrown);
      r.done(f);
    }
  }

  /** Records an op of two reference arguments. */
  void op2(int site, @Nullable Object a0, @Nullable Object a1,
      @Nullable Object result, @Nullable Throwable thrown) {
    Tape f = open();
    if (f != null) {
      f.ops(iommu, site, a0, a1, result, thrown);
      r.done(f);
    }
  }

  /** Records an op of three reference arguments, such as {@code attach_dev}. */
  void op3(int site, @Nullable Object a0, @Nullable Object a1,
      @Nullable Object a2, @Nullable Object result, @Nullable Throwable thrown) {
    Tape f = open();
    if (f != null) {
      f.ops(iommu, site, a0, a1, a2, result, thrown);
      r.done(f);
    }
  }

  /** Records an {@code attach_dev}. */
  void attachDev(int site, @Nullable IommuDomain domain, @Nullable Device dev,
      @Nullable IommuDomain old, @Nullable Throwable thrown) {
    Tape f = open();
    if (f != null) {
      f.opsAttachDev(iommu, site, domain, dev, old, thrown);
      r.done(f);
    }
  }

  /** Records a {@code map_pages}. */
  void mapPages(int site, @Nullable IommuDomain domain, long iova, long paddr,
      long pgsize, long pgcount, int prot, long result, @Nullable Throwable thrown) {
    Tape f = open();
    if (f != null) {
      f.opsMapPages(iommu, site, domain, iova, paddr, pgsize,
          pgcount, prot, result, thrown);
      r.done(f);
    }
  }

  /** Records an {@code unmap_pages}. */
  void unmapPages(int site, @Nullable IommuDomain domain, long iova,
      long pgsize, long pgcount, @Nullable IotlbGather gather, long result,
      @Nullable Throwable thrown) {
    Tape f = open();
    if (f != null) {
      f.opsUnmapPages(iommu, site, domain, iova, pgsize, pgcount,
          gather, result, thrown);
      r.done(f);
    }
  }

  /** Records an op of a domain and two longs, such as {@code iotlb_sync_map}. */
  void opDomainLongs(int site, @Nullable IommuDomain domain, long a1, long a2,
      @Nullable Throwable thrown) {
    Tape f = open();
    if (f != null) {
      f.opsDomainLongs(iommu, site, domain, a1, a2, thrown);
      r.done(f);
    }
  }

  /** Records an op of a domain and a gather, such as {@code iotlb_sync}. */
  void opDomainGather(int site, @Nullable IommuDomain domain, @Nullable IotlbGather gather,
      @Nullable Throwable thrown) {
    Tape f = open();
    if (f != null) {
      f.opsDomainGather(iommu, site, domain, gather, thrown);
      r.done(f);
    }
  }

  /** Records any op with its arguments as an array. */
  void opArgs(int site, @Nullable Object @Nullable [] args,
      @Nullable Object result, @Nullable Throwable thrown) {
    Tape f = open();
    if (f != null) {
      f.opsArgs(iommu, site, args, result, thrown);
      r.done(f);
    }
  }
}
