package org.iommunit.assertj;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iommunit.assertj.IommuAssertions.assertThat;
import static org.iommunit.assertj.IommuAssertions.assertThatIommu;
import static org.iommunit.base.Errno.EBUSY;

import org.iommunit.core.IommuDomain;
import org.iommunit.device.Device;
import org.iommunit.mm.Mm;
import org.iommunit.platform.Platform;
import org.iommunit.platform.Platforms;
import org.iommunit.sva.Sva;
import org.iommunit.sva.SvaHandle;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

class SvaHandleAssertTest {
  private final Platform platform = Platforms.accelerator().build();
  private final Sva sva = platform.sva();
  private final Device acc0 = platform.device("acc0");
  private final Mm proc1 = sva.mmAlloc("proc1");
  private final SvaHandle handle = sva.bindDevice(acc0, proc1);

  @Test
  void hasPasid_firstBind_passesForPasidOne() {
    assertThat(handle).hasPasid(1).hasPasid(sva.getPasid(handle));
  }

  @Test
  void hasPasid_otherPasid_failsWithExpectedAndActual() {
    AssertionFailedError e = Failed.comparison(() -> assertThat(handle).hasPasid(2));

    assertThat(e).hasMessage(Failed.message("%nExpecting SVA handle sva(0000:01:00.0,"
        + " mm1(proc1)) to use PASID 2%nbut its mm has PASID 1.%nAn mm keeps one global PASID"
        + " from its first bind until the mm struct dies, whatever device it binds."));
    assertThat(e.getActual().getValue()).isEqualTo(1);
  }

  @Test
  void hasPasid_afterLastUnbindAndExit_failsSayingThereIsNone() {
    sva.unbindDevice(handle);
    proc1.exit();

    AssertionError e = Failed.assertion(() -> assertThat(handle).hasPasid(1));

    assertThat(e).hasMessage(Failed.message("%nExpecting SVA handle sva(0000:01:00.0,"
        + " mm1(proc1)) to use PASID 1%nbut its mm has no PASID (IOMMU_PASID_INVALID).%nAn mm"
        + " keeps one global PASID from its first bind until the mm struct dies, whatever device"
        + " it binds."));
  }

  @Test
  void hasUsers_sameDeviceAndMmTwice_returnsSameHandleWithTwoUsers() {
    SvaHandle second = sva.bindDevice(acc0, proc1);

    assertThat(second).isSameAs(handle).hasUsers(2).hasPasid(1);
  }

  @Test
  void hasUsers_afterUnbind_failsExplainingTheCount() {
    SvaHandle second = sva.bindDevice(acc0, proc1);
    sva.unbindDevice(second);

    AssertionFailedError e = Failed.comparison(() -> assertThat(handle).hasUsers(2));

    assertThat(e).hasMessage(Failed.message("%nExpecting SVA handle sva(0000:01:00.0,"
        + " mm1(proc1)) to have 2 user(s)%nbut it has 1.%nEach iommu_sva_bind_device() of the"
        + " same device and mm returns the same handle with one more user; each"
        + " iommu_sva_unbind_device() drops one, and the last detaches the PASID."));
  }

  @Test
  void bindsDevice_boundDevice_passes() {
    assertThat(handle).bindsDevice(acc0).bindsMm(proc1);
  }

  @Test
  void bindsDevice_otherDevice_failsNamingBoth() {
    AssertionFailedError e = Failed.comparison(
        () -> assertThat(handle).bindsDevice(platform.device("nic")));

    assertThat(e).hasMessage(Failed.message("%nExpecting SVA handle sva(0000:01:00.0,"
        + " mm1(proc1)) to bind device:%n  0000:02:00.0%nbut it binds:%n  0000:01:00.0"));
  }

  @Test
  void bindsMm_otherMm_failsNamingBoth() {
    Mm proc2 = sva.mmAlloc("proc2");

    AssertionFailedError e = Failed.comparison(() -> assertThat(handle).bindsMm(proc2));

    assertThat(e).hasMessage(Failed.message("%nExpecting SVA handle sva(0000:01:00.0,"
        + " mm1(proc1)) to bind mm:%n  mm2(proc2)%nbut it binds:%n  mm1(proc1)"));
  }

  @Test
  void leavesStateUnchanged_firstBindRefusedByBusyPasid_showsTheMmKeepsItsPasid() {
    Mm proc2 = sva.mmAlloc("proc2");
    IommuDomain squatter = platform.iommu().pagingDomainAlloc(acc0);
    platform.iommu().attachDevicePasid(squatter, acc0, 2, null);

    AssertionError e = Failed.assertion(() -> assertThatIommu(platform,
        () -> sva.bindDevice(acc0, proc2)).failsWith(EBUSY).leavesStateUnchanged());

    // iommu_sva_bind_device() keeps mm->iommu_mm (and its PASID) on its error paths.
    assertThat(e.getMessage()).endsWith(Failed.message("changed:%n"
        + "  - mm2(proc2) pasid=(none) sva_domains=[] grabs=0%n"
        + "  + mm2(proc2) pasid=2 sva_domains=[] grabs=0%n"
        + "The kernel checks before it changes state and restores the previous domain on its"
        + " error paths, so a failed call usually changes nothing."));
  }
}
