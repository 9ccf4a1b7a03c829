package org.iommunit.trace.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.List;
import org.iommunit.device.Acs;
import org.iommunit.device.Device;
import org.iommunit.driver.Vendor;
import org.iommunit.iotlb.Iotlb;
import org.iommunit.platform.Platform;
import org.iommunit.trace.TraceHeader;
import org.iommunit.trace.TraceLevel;
import org.junit.jupiter.api.Test;

/** IOTLB commands go to the tape as their parts and read back as the text of each command. */
class TapeIotlbTest {
  private final TraceRecorder recorder = new TraceRecorder(EnumSet.of(TraceLevel.IOTLB));
  private final Platform platform = Platform.builder().iommu("iommu0", Vendor.REFERENCE)
      .pci(rc -> rc.rootPort("00:01.0", rp -> rp.acs(Acs.ISOLATED)
          .endpoint("0000:01:00.0", fn -> fn.behind("iommu0"))))
      .build();

  private List<String> recorded(Runnable commands) {
    recorder.start(platform);
    int from = recorder.mark();
    commands.run();
    return recorder.trace(new TraceHeader("REFERENCE", "MAINLINE", "test",
        List.of(TraceLevel.IOTLB)), from).lines();
  }

  @Test
  void iotlb_everyCommandKind_readsBackAsTheCommandsText() {
    Iotlb iotlb = platform.iommus().get(0).iotlb();
    Device dev = platform.device("0000:01:00.0");
    iotlb.enableAts(dev);

    List<String> lines = recorded(() -> {
      iotlb.invalidateAll();
      iotlb.invalidateTag(3);
      iotlb.invalidatePasid(3, 7);
      iotlb.invalidatePage(3, Iotlb.ANY_PASID, 0x1234, false);
      iotlb.invalidateDeviceTlb(dev, 7, 0x2000, 0x1000);
      iotlb.invalidateDeviceTlbAll(dev);
      iotlb.sync();
    });

    assertThat(lines).containsExactly(
        "iotlb iommu0 GLOBAL",
        "iotlb iommu0 TAG tag=3",
        "iotlb iommu0 PASID tag=3 pasid=7",
        "iotlb iommu0 PAGE tag=3 0x1000+0x1000 non-leaf",
        "iotlb iommu0 DEVICE_TLB dev=0000:01:00.0 pasid=7 0x2000+0x1000",
        "iotlb iommu0 DEVICE_TLB dev=0000:01:00.0",
        "iotlb iommu0 SYNC");
  }
}
