package org.iommunit.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.iommunit.core.IommuDomain;
import org.iommunit.device.Acs;
import org.iommunit.device.Device;
import org.iommunit.driver.Vendor;
import org.iommunit.platform.Platform;
import org.iommunit.platform.Platforms;
import org.junit.jupiter.api.Test;

/** The platform picture: the PCI tree with its groups, boxes sized from their text. */
class PlatformPictureTest {
  private static final Pattern RECT = Pattern.compile("<rect class=\"box\" x=\"(\\d+)\" "
      + "y=\"(\\d+)\" width=\"(\\d+)\" height=\"(\\d+)\"");
  private static final Pattern TEXT = Pattern.compile("<text x=\"(\\d+)\" y=\"(\\d+)\"[^>]*>"
      + "([^<]*)</text>");

  @Test
  void capture_switchWithoutAcs_drawsTreeInEnumerationOrderWithDepths() {
    Platform platform = Platforms.serverSwitchWithoutAcs().build();

    PlatformSnapshot snapshot = PlatformSnapshot.capture(platform);

    assertThat(snapshot.nodes()).extracting(n -> n.depth() + " " + n.lines().get(0))
        .containsExactly("0 root complex 0000:00", "1 0000:00:01.0", "2 0000:01:00.0",
            "3 0000:02:00.0", "4 0000:03:00.0 (nic0)", "4 0000:03:00.1 (nic1)",
            "3 0000:02:01.0", "4 0000:04:00.0 (nvme)");
    assertThat(snapshot.nodes().get(2).lines().get(1))
        .isEqualTo("upstream port, driver pcieport(driver_managed_dma)");
  }

  @Test
  void capture_switchWithoutAcs_joinsPortAndFunctionsBehindItInOneGroup() {
    Platform platform = Platforms.serverSwitchWithoutAcs().build();

    PlatformSnapshot snapshot = PlatformSnapshot.capture(platform);

    List<PlatformSnapshot.Node> nodes = snapshot.nodes();
    assertThat(nodes.get(3).group()).isNotNegative().isEqualTo(nodes.get(4).group())
        .isEqualTo(nodes.get(5).group()).isNotEqualTo(nodes.get(6).group());
    assertThat(snapshot.groups().get(nodes.get(3).group()).lines())
        .anyMatch(l -> l.startsWith("domain D")).anyMatch(l -> l.startsWith("owner KERNEL"));
  }

  @Test
  void capture_pasidAttached_groupBoxListsThePasidEntry() {
    Platform accel = Platforms.accelerator().build();
    Device acc0 = accel.device("acc0");
    IommuDomain domain = accel.iommu().pagingDomainAlloc(acc0);
    accel.iommu().attachDevicePasid(domain, acc0, 7, null);

    PlatformSnapshot snapshot = PlatformSnapshot.capture(accel);

    int group = snapshot.nodes().stream().filter(n -> n.lines().get(0).contains("(acc0)"))
        .findFirst().orElseThrow().group();
    assertThat(snapshot.groups().get(group).lines()).contains("pasid 7: " + domain);
  }

  @Test
  void capture_platformChangesLater_snapshotKeepsWhatItSaw() {
    Platform accel = Platforms.accelerator().build();
    Device acc0 = accel.device("acc0");
    PlatformSnapshot before = PlatformSnapshot.capture(accel);
    List<PlatformSnapshot.GroupBox> groups = before.groups();

    IommuDomain domain = accel.iommu().pagingDomainAlloc(acc0);
    accel.iommu().attachDevice(domain, acc0);

    assertThat(before.groups()).isEqualTo(groups)
        .noneMatch(g -> g.lines().contains("domain " + domain));
    assertThat(PlatformSnapshot.capture(accel).groups())
        .anyMatch(g -> g.lines().contains("domain " + domain));
  }

  @Test
  void capture_twoSmmusWithPlatformDevices_namesEachDevicesIommuUnderThePlatformBus() {
    Platform arm = Platform.builder().iommu("smmu0", Vendor.ARM_SMMU_V3)
        .iommu("smmu1", Vendor.ARM_SMMU_V3)
        .pci(rc -> rc.rootPort("00:01.0", p -> p.acs(Acs.ISOLATED).endpoint("01:00.0",
            f -> f.label("nic"))))
        .platformDevice("dma@1000", pd -> pd.streamIds(5).behind("smmu1")).build();

    PlatformSnapshot snapshot = PlatformSnapshot.capture(arm);

    assertThat(snapshot.nodes()).extracting(n -> n.depth() + " " + String.join(" / ", n.lines()))
        .contains("0 root complex 0000:00 / IOMMU smmu0, smmu1", "0 platform bus",
            "1 dma@1000 / platform device, smmu1");
  }

  @Test
  void svg_desktop_everyTextFitsItsBoxAtTheReservedCharWidth() {
    String svg = PlatformPicture.svg(PlatformSnapshot.capture(Platforms.desktop().build()),
        "after");

    List<int[]> boxes = rects(svg);
    Matcher t = TEXT.matcher(svg);
    int texts = 0;
    while (t.find()) {
      int x = Integer.parseInt(t.group(1));
      int baseline = Integer.parseInt(t.group(2));
      int right = x + unescape(t.group(3)).length() * PlatformPicture.CHAR_WIDTH;
      assertThat(boxes).as("a box holding %s", t.group(3)).anyMatch(b -> x > b[0]
          && right <= b[0] + b[2] && baseline - 12 >= b[1] && baseline + 4 <= b[1] + b[3]);
      texts++;
    }
    assertThat(texts).isGreaterThan(boxes.size());
  }

  @Test
  void svg_desktop_noTwoBoxesOverlap() {
    String svg = PlatformPicture.svg(PlatformSnapshot.capture(Platforms.desktop().build()),
        "after");

    List<int[]> boxes = rects(svg);
    for (int i = 0; i < boxes.size(); i++) {
      for (int j = i + 1; j < boxes.size(); j++) {
        int[] a = boxes.get(i);
        int[] b = boxes.get(j);
        assertThat(a[0] + a[2] <= b[0] || b[0] + b[2] <= a[0] || a[1] + a[3] <= b[1]
            || b[1] + b[3] <= a[1]).as("boxes %d and %d apart", i, j).isTrue();
      }
    }
    assertThat(boxes).hasSizeGreaterThan(10);
  }

  @Test
  void svg_multifunctionCard_framesTheGroupsFunctionsAndNothingElse() {
    String svg = PlatformPicture.svg(PlatformSnapshot.capture(
        Platforms.multifunctionCardWithoutAcs().build()), "after");

    Matcher m = Pattern.compile("<rect class=\"outline\" x=\"(\\d+)\" y=\"(\\d+)\" "
        + "width=\"(\\d+)\" height=\"(\\d+)\"").matcher(svg);
    assertThat(m.find()).isTrue();
    int[] frame = {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
        Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4))};
    assertThat(m.find()).as("one frame").isFalse();
    List<int[]> devices = rects(svg.substring(0, svg.indexOf("<g class=\"group\"")));
    assertThat(devices).filteredOn(b -> inside(b, frame)).hasSize(3);
    assertThat(devices).filteredOn(b -> !inside(b, frame)).allMatch(b -> apart(b, frame));
  }

  @Test
  void svg_sameSnapshot_sameBytes() {
    PlatformSnapshot snapshot = PlatformSnapshot.capture(Platforms.desktop().build());

    String first = PlatformPicture.svg(snapshot, "before");

    assertThat(PlatformPicture.svg(PlatformSnapshot.capture(Platforms.desktop().build()),
        "before")).isEqualTo(first);
  }

  private static List<int[]> rects(String svg) {
    List<int[]> out = new ArrayList<>();
    Matcher m = RECT.matcher(svg);
    while (m.find()) {
      out.add(new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
          Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4))});
    }
    return out;
  }

  private static boolean inside(int[] box, int[] frame) {
    return box[0] >= frame[0] && box[1] >= frame[1] && box[0] + box[2] <= frame[0] + frame[2]
        && box[1] + box[3] <= frame[1] + frame[3];
  }

  private static boolean apart(int[] a, int[] b) {
    return a[0] + a[2] <= b[0] || b[0] + b[2] <= a[0] || a[1] + a[3] <= b[1]
        || b[1] + b[3] <= a[1];
  }

  private static String unescape(String text) {
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
        .replace("&amp;", "&");
  }
}
