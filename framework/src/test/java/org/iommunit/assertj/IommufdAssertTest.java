package org.iommunit.assertj;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iommunit.assertj.IommuAssertions.assertThat;

import org.iommunit.base.Prot;
import org.iommunit.iommufd.Iommufd;
import org.iommunit.iommufd.IommufdDevice;
import org.iommunit.iommufd.ObjectType;
import org.iommunit.platform.Platform;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

class IommufdAssertTest {
  private final Platform platform = Platform.builder().iommu("iommu0",
      new org.iommunit.driver.ReferenceIommuOps(), 1 << 20)
      .platformDevice("nic", pd -> pd.streamIds(1)).build();
  private final Iommufd fd = Iommufd.open(platform, platform.sva().mmAlloc("vmm"), "iommufd#1");
  private final int ioas = fd.ioasAlloc();
  private final IommufdDevice dev = fd.deviceBind(platform.device("nic"));
  private final int hwpt = fd.deviceAttach(dev, Iommufd.NO_PASID, ioas);

  @Test
  void holdsObject_autoHwpt_passes() {
    assertThat(fd).holdsObject(hwpt, ObjectType.HWPT_PAGING).holdsObject(ioas, ObjectType.IOAS)
        .holdsNoObject(99);
  }

  @Test
  void holdsObject_wrongType_failsNamingWhatIsThere() {
    AssertionError e = Failed.assertion(() -> assertThat(fd).holdsObject(ioas,
        ObjectType.DEVICE));

    assertThat(e).hasMessageStartingWith(Failed.message("%nExpecting iommufd context iommufd#1"
        + " to hold object 1 of type DEVICE%nbut it holds ioas#1 under that id."));
  }

  @Test
  void hasObjectUsers_ioasUnderHwpt_failsWithExpectedAndActual() {
    AssertionFailedError e = Failed.comparison(() -> assertThat(fd).hasObjectUsers(ioas, 1));

    assertThat(e).hasMessageStartingWith(Failed.message("%nExpecting ioas#1 of iommufd context"
        + " iommufd#1 to have 1 user(s)%nbut it has 2."));
    assertThat(e.getActual().getValue()).isEqualTo(2);
  }

  @Test
  void hasPinnedPagesAndHasArea_afterAMap_pass() {
    fd.mm().mmap(0x4000_0000L, 0x2000, Prot.READ | Prot.WRITE);
    long iova = fd.ioasMap(ioas, Iommufd.IOAS_MAP_READABLE, 0x4000_0000L, 0x2000, 0);

    assertThat(fd).hasPinnedPages(2).hasArea(ioas, iova, 0x2000);
  }

  @Test
  void hasArea_unmappedRange_failsListingTheAreas() {
    AssertionError e = Failed.assertion(() -> assertThat(fd).hasArea(ioas, 0x1000, 0x1000));

    assertThat(e).hasMessageStartingWith(Failed.message("%nExpecting IOAS 1 of iommufd context"
        + " iommufd#1 to have the area [0x1000, 0x1fff]%nbut its areas are []."));
  }
}
