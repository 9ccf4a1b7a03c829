package org.iommunit.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The iotlb and dma lines of the file format read back to the same events and text. */
class TraceFormatTest {
  private static final String HEADER = "# iommunit-trace 1\n# vendor REFERENCE\n"
      + "# semantics MAINLINE\n# levels iotlb dma\n# iommunit 0.1.0-SNAPSHOT\n";

  @Test
  void parse_everyIotlbAndDmaShape_writesBackTheSameText() {
    String text = HEADER
        + "dma   0000:01:00.0 write pasid=0 iova=0xfffff000 len=4 = 4 pa=0x40000000\n"
        + "dma   0000:01:00.0 write pasid=0 iova=0xfffff000 len=1 = 1 pa=0x40000000 stale\n"
        + "iotlb fq_flush D1:DMA_FQ pending=1\n"
        + "iotlb iommu0 GLOBAL\n"
        + "iotlb iommu0 TAG tag=1\n"
        + "iotlb iommu0 PASID tag=2 pasid=5\n"
        + "iotlb iommu0 PAGE tag=1 0x1000+0x1000 leaf\n"
        + "iotlb iommu0 RANGE tag=1 pasid=3 0x0+0x200000 non-leaf\n"
        + "iotlb iommu0 DEVICE_TLB dev=0000:01:00.0 pasid=1 0x2000+0x1000\n"
        + "iotlb iommu0 DEVICE_TLB dev=0000:01:00.0\n"
        + "iotlb iommu0 SYNC\n"
        + "dma   0000:01:00.0 fault write pasid=0 iova=0xfffff000 reason=TRANSLATION"
        + " domain=D1:DMA_FQ handler=-ENOSYS\n"
        + "dma   0000:01:00.0 write pasid=0 iova=0xfffff000 len=1 = 0 fault=TRANSLATION\n"
        + "dma   acc0 read pasid=1 iova=0x1000 len=8192 = 4096 pa=0x80000000"
        + " fault=PAGE_REQUEST_REFUSED\n"
        + "dma   acc0 fault read pasid=1 iova=0x2000 reason=BLOCKED domain=none handler=0\n";

    Trace trace = Trace.parse(text);

    assertThat(trace.text()).isEqualTo(text);
    assertThat(trace.events()).hasSize(15);
    assertThat(trace.events().get(2)).isEqualTo(new TraceEvent.Iotlb(
        "fq_flush D1:DMA_FQ pending=1"));
  }

  @Test
  void parse_malformedIotlbLine_refusedNamingTheLine() {
    assertThatThrownBy(() -> Trace.parse(HEADER + "iotlb iommu0 TAG tag=1\n"
        + "iotlb iommu0 SHOOTDOWN everything\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("line 7: an iotlb event reads");
  }

  @Test
  void parse_malformedDmaLine_refusedNamingTheLine() {
    assertThatThrownBy(() -> Trace.parse(HEADER + "dma   0000:01:00.0 write 0x1000 ok\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("line 6: a dma event reads");
  }
}
