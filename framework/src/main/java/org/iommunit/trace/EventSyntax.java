package org.iommunit.trace;

import java.util.regex.Pattern;

/**
 * The shapes of {@code iotlb} and {@code dma} event text a reader accepts (docs/traces.md,
 * "IOTLB events" and "DMA events"); the recorder writes exactly these.
 */
final class EventSyntax {
  private static final String HEX = "0x[0-9a-f]+";
  private static final String KINDS = "GLOBAL|TAG|PASID|PAGE|RANGE|DEVICE_TLB";
  private static final Pattern INVALIDATION = Pattern.compile("\\S+ (" + KINDS + ")"
      + "( tag=\\d+)?( dev=\\S+)?( pasid=\\d+)?( " + HEX + "\\+" + HEX + ")?( leaf| non-leaf)?");
  private static final Pattern SYNC = Pattern.compile("\\S+ SYNC");
  private static final Pattern FQ_FLUSH = Pattern.compile("fq_flush \\S+ pending=\\d+");
  private static final Pattern TRANSFER = Pattern.compile("\\S+ (read|write) pasid=-?\\d+ iova="
      + HEX + " len=\\d+ = \\d+( pa=" + HEX + ")?( stale)?( fault=[A-Z_]+)?");
  private static final Pattern FAULT = Pattern.compile("\\S+ fault (read|write) pasid=-?\\d+"
      + " iova=" + HEX + " reason=[A-Z_]+ domain=\\S+ handler=(-?\\d+|-E[A-Z_]+)");

  private EventSyntax() {}

  /** Returns {@code text} if it has the shape of an iotlb line, else throws. */
  static String checkIotlb(String text) {
    if (INVALIDATION.matcher(text).matches() || SYNC.matcher(text).matches()
        || FQ_FLUSH.matcher(text).matches()) {
      return text;
    }
    throw new IllegalArgumentException("an iotlb event reads <iommu> <KIND> [tag=..] [dev=..]"
        + " [pasid=..] [0x<addr>+0x<size>] [leaf|non-leaf], <iommu> SYNC or fq_flush <domain>"
        + " pending=<n>: " + text);
  }

  /** Returns {@code text} if it has the shape of a dma line, else throws. */
  static String checkDma(String text) {
    if (TRANSFER.matcher(text).matches() || FAULT.matcher(text).matches()) {
      return text;
    }
    throw new IllegalArgumentException("a dma event reads <device> <read|write> pasid=<n>"
        + " iova=0x<addr> len=<n> = <done> [pa=0x<addr>] [stale] [fault=<REASON>], or <device>"
        + " fault <read|write> pasid=<n> iova=0x<addr> reason=<REASON> domain=<domain>"
        + " handler=<result>: "
        + text);
  }
}
