package org.iommunit.trace.internal;

import org.iommunit.base.Errno;
import org.iommunit.core.IommuDomain;
import org.iommunit.dma.DmaAccess;
import org.iommunit.dma.DmaResult;
import org.iommunit.dma.IommuFault;
import org.iommunit.iotlb.Invalidation;
import org.iommunit.iotlb.InvalidationKind;
import org.iommunit.iotlb.Iotlb;

/*
 * The text of iotlb and dma lines (docs/traces.md, "IOTLB events" and "DMA events"). Written
 * with a StringBuilder, no String.format: a DMA-heavy test records one line per transfer.
 * Integers are decimal, addresses and sizes hex, names are the instance's, the device's and the
 * domain's own stable text. The shapes a reader accepts are the model's
 * (org.iommunit.trace.EventSyntax).
 */

/** Renders {@code iotlb} and {@code dma} event text. */
final class HardwareText {
  private HardwareText() {}

  /**
   * {@code <iommu> <KIND>[ tag=<n>][ dev=<device>][ pasid=<n>][ <addr>+<size>][ leaf|non-leaf]}.
   */
  static String invalidation(String iommu, Invalidation inv) {
    StringBuilder sb = new StringBuilder(48).append(iommu).append(' ').append(inv.kind().name());
    if (!inv.device().isEmpty()) {
      sb.append(" dev=").append(inv.device());
    } else if (inv.kind() != InvalidationKind.GLOBAL) {
      sb.append(" tag=").append(inv.tag());
    }
    if (inv.pasid() != Iotlb.ANY_PASID) {
      sb.append(" pasid=").append(inv.pasid());
    }
    if (inv.size() != 0) {
      sb.append(" 0x").append(Long.toHexString(inv.address()))
          .append("+0x").append(Long.toHexString(inv.size()));
    }
    if (inv.kind() == InvalidationKind.PAGE || inv.kind() == InvalidationKind.RANGE) {
      sb.append(inv.leaf() ? " leaf" : " non-leaf");
    }
    return sb.toString();
  }

  /** {@code <iommu> SYNC}: a completion wait. */
  static String sync(String iommu) {
    return iommu + " SYNC";
  }

  /** {@code fq_flush <domain> pending=<n>}: a flush queue flushes its domain. */
  static String flushQueue(IommuDomain domain, int pending) {
    return "fq_flush " + domain + " pending=" + pending;
  }

  /**
   * {@code <device> <read|write> pasid=<n> iova=<addr> len=<n> = <done>[ pa=<addr>][ stale][
   * fault=<REASON>]}.
   */
  static String transfer(DmaResult r) {
    StringBuilder sb = new StringBuilder(80).append(r.device().name()).append(' ')
        .append(access(r.access())).append(" pasid=").append(r.pasid())
        .append(" iova=0x").append(Long.toHexString(r.iova()))
        .append(" len=").append(r.length()).append(" = ").append(r.transferred());
    if (r.physicalAddress() != -1L) {
      sb.append(" pa=0x").append(Long.toHexString(r.physicalAddress()));
    }
    if (r.staleEntryUsed()) {
      sb.append(" stale");
    }
    if (r.fault() != null) {
      sb.append(" fault=").append(r.fault().reason().name());
    }
    return sb.toString();
  }

  /**
   * {@code <device> fault <read|write> pasid=<n> iova=<addr> reason=<REASON> domain=<domain|none>
   * handler=<result>}, the result a number or a negative errno name.
   */
  static String fault(IommuFault f) {
    return new StringBuilder(96).append(f.device().name()).append(" fault ")
        .append(access(f.access())).append(" pasid=").append(f.pasid())
        .append(" iova=0x").append(Long.toHexString(f.iova()))
        .append(" reason=").append(f.reason().name())
        .append(" domain=").append(f.domain() == null ? "none" : f.domain().toString())
        .append(" handler=").append(Errno.returnValueText(f.handlerResult())).toString();
  }

  private static String access(DmaAccess access) {
    return access == DmaAccess.READ ? "read" : "write";
  }
}
