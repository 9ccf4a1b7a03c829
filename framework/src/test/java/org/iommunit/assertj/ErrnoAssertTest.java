package org.iommunit.assertj;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.iommunit.assertj.IommuAssertions.assertThatIommu;
import static org.iommunit.base.Errno.EBUSY;
import static org.iommunit.base.Errno.EINVAL;

import java.util.concurrent.atomic.AtomicInteger;
import org.iommunit.base.IommuException;
import org.iommunit.core.DmaOwner;
import org.iommunit.core.IommuCore;
import org.iommunit.core.IommuDomain;
import org.iommunit.platform.Platform;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

class ErrnoAssertTest {
  private final Card card = new Card();
  private final Platform platform = card.platform;
  private final IommuCore iommu = card.iommu;
  private final IommuDomain domain = iommu.pagingDomainAlloc(card.fn0); // D3:UNMANAGED

  @Test
  void succeeds_attachGroup_passes() {
    assertThatIommu(() -> iommu.attachGroup(domain, card.group)).succeeds();
  }

  @Test
  void succeeds_attachDeviceToSharedGroup_failsShowingTheErrnoAndCause() {
    AssertionError e = Failed.assertion(
        () -> assertThatIommu(() -> iommu.attachDevice(domain, card.fn0)).succeeds());

    assertThat(e).hasMessage(Failed.message("%nExpecting the call to succeed%nbut it failed with:%n"
        + "  iommu_attach_device() = -EINVAL: group G1 has 3 devices [0000:03:00.0, 0000:03:00.1,"
        + " 0000:03:00.2]; iommu_attach_device() serves single-device groups only, use"
        + " iommu_attach_group()"));
    assertThat(e.getCause()).isInstanceOf(IommuException.class);
  }

  @Test
  void failsWith_attachDeviceToSharedGroup_passesForEinval() {
    assertThatIommu(() -> iommu.attachDevice(domain, card.fn0)).failsWith(EINVAL);
  }

  @Test
  void failsWith_otherErrno_failsShowingTheExceptionMessage() {
    AssertionFailedError e = Failed.comparison(
        () -> assertThatIommu(() -> iommu.attachDevice(domain, card.fn0)).failsWith(EBUSY));

    assertThat(e).hasMessage(Failed.message(
        "%nExpecting the call to fail with -EBUSY%nbut it failed"
        + " with -EINVAL:%n  iommu_attach_device() = -EINVAL: group G1 has 3 devices"
        + " [0000:03:00.0, 0000:03:00.1, 0000:03:00.2]; iommu_attach_device() serves"
        + " single-device groups only, use iommu_attach_group()"));
    assertThat(e.getExpected().getValue()).isEqualTo("-EBUSY");
    assertThat(e.getActual().getValue()).isEqualTo("-EINVAL");
  }

  @Test
  void failsWith_callSucceeded_failsSayingSo() {
    AssertionFailedError e = Failed.comparison(
        () -> assertThatIommu(() -> iommu.attachGroup(domain, card.group)).failsWith(EBUSY));

    assertThat(e).hasMessage(Failed.message("%nExpecting the call to fail with -EBUSY%nbut it"
        + " succeeded."));
    assertThat(e.getActual().getValue()).isEqualTo("null");
  }

  @Test
  void failsWith_exceptionWithoutErrno_failsNamingItsType() {
    iommu.domainFree(domain);

    AssertionError e = Failed.assertion(
        () -> assertThatIommu(() -> iommu.attachGroup(domain, card.group)).failsWith(EINVAL));

    assertThat(e).hasMessage(Failed.message(
        "%nExpecting the call to fail with -EINVAL%nbut it threw"
        + " java.lang.IllegalStateException, which carries no errno:%n"
        + "  java.lang.IllegalStateException: attachGroup(): domain D3:UNMANAGED was"
        + " already freed with domainFree(); allocate a new one"));
  }

  @Test
  void assertThatIommu_chainedChecks_runTheCallOnce() {
    AtomicInteger calls = new AtomicInteger();

    assertThatIommu(platform, () -> {
      calls.incrementAndGet();
      iommu.attachDevice(domain, card.fn0);
    }).failsWith(EINVAL).leavesStateUnchanged().failsWith(EINVAL);

    assertThat(calls).hasValue(1);
  }

  @Test
  void leavesStateUnchanged_refusedAttach_passes() {
    iommu.groupClaimDmaOwner(card.group, DmaOwner.user("vfio#1"));
    iommu.attachGroup(domain, card.group);
    IommuDomain other = iommu.pagingDomainAlloc(card.fn0);

    assertThatIommu(platform, () -> iommu.attachGroup(other, card.group)).failsWith(EBUSY)
        .leavesStateUnchanged();
  }

  @Test
  void leavesStateUnchanged_failedCallThatChangedState_failsListingChangesWithBothRenderings() {
    IommuException busy = new IommuException(EBUSY, "buggy_claim", "claimed, then refused");

    AssertionFailedError e = Failed.comparison(() -> assertThatIommu(iommu, () -> {
      iommu.groupClaimDmaOwner(card.group, DmaOwner.user("vfio#1"));
      throw busy;
    }).leavesStateUnchanged());

    assertThat(e).hasMessage(Failed.message(
        "%nExpecting the call to leave the model unchanged%nbut it"
        + " failed with buggy_claim() = -EBUSY: claimed, then refused and changed:%n"
        + "  - G1{devices=[0000:03:00.0, 0000:03:00.1, 0000:03:00.2], domain=D2:DMA,"
        + " default=D2:DMA, blocking=null, owner=NONE, owner_cnt=0, pasids={}}%n"
        + "  + G1{devices=[0000:03:00.0, 0000:03:00.1, 0000:03:00.2], domain=D4:BLOCKED,"
        + " default=D2:DMA, blocking=D4:BLOCKED, owner=USER(vfio#1), owner_cnt=1, pasids={}}%n"
        + "  - 0000:03:00.0 driver=(none) group=G1 hw=D2:DMA hw_pasids={}%n"
        + "  + 0000:03:00.0 driver=(none) group=G1 hw=D4:BLOCKED hw_pasids={}%n"
        + "  - 0000:03:00.1 driver=(none) group=G1 hw=D2:DMA hw_pasids={}%n"
        + "  + 0000:03:00.1 driver=(none) group=G1 hw=D4:BLOCKED hw_pasids={}%n"
        + "  - 0000:03:00.2 driver=(none) group=G1 hw=D2:DMA hw_pasids={}%n"
        + "  + 0000:03:00.2 driver=(none) group=G1 hw=D4:BLOCKED hw_pasids={}%n"
        + "The kernel checks before it changes state and restores the previous domain on its"
        + " error paths, so a failed call usually changes nothing."));
    assertThat(e.getExpected().getStringRepresentation()).contains("domain=D2:DMA")
        .startsWith("groups:\n  G0{");
    assertThat(e.getActual().getStringRepresentation()).contains("owner=USER(vfio#1)");
  }

  @Test
  void leavesStateUnchanged_successfulFree_failsWithoutTheFailureRule() {
    AssertionError e = Failed.assertion(
        () -> assertThatIommu(platform, () -> iommu.domainFree(domain)).leavesStateUnchanged());

    assertThat(e).hasMessage(Failed.message(
        "%nExpecting the call to leave the model unchanged%nbut it"
        + " succeeded and changed:%n  - D3:UNMANAGED"));
  }

  @Test
  void leavesStateUnchanged_withoutModel_isRejectedNamingTheFix() {
    assertThatIllegalStateException()
        .isThrownBy(() -> assertThatIommu(() -> iommu.detachGroup(domain, card.group))
            .leavesStateUnchanged())
        .withMessage("leavesStateUnchanged() compares the model before and after the call, but no"
            + " model was given: write assertThatIommu(platform, () -> ...) or"
            + " assertThatIommu(iommu, () -> ...)");
  }
}
