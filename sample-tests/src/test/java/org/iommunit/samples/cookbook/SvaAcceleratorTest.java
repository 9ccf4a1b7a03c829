package org.iommunit.samples.cookbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iommunit.assertj.IommuAssertions.assertThat;

import org.iommunit.base.Prot;
import org.iommunit.core.Group;
import org.iommunit.core.IommuDomain;
import org.iommunit.device.Device;
import org.iommunit.dma.DeviceDma;
import org.iommunit.dma.DmaResult;
import org.iommunit.junit.AddressSpace;
import org.iommunit.junit.DeviceAt;
import org.iommunit.junit.IommuGroup;
import org.iommunit.junit.SimulatedIommu;
import org.iommunit.mm.Mm;
import org.iommunit.sva.Sva;
import org.iommunit.sva.SvaHandle;
import org.junit.jupiter.api.Test;

/**
 * Recipe 3: an SVA accelerator whose driver opens one work queue per bind. Every bind of one
 * device and one process returns the same handle with one more user; a second accelerator bound
 * to the same process shares its SVA domain; PASID DMA to a page the process never touched is an
 * I/O page fault that populates it. The built-in platform's endpoints have 2^20 PASIDs and the
 * reference driver, which allocates SVA domains and takes page requests (PRI).
 */
@SimulatedIommu
class SvaAcceleratorTest {
  private static final long HEAP = 0x40_0000L;

  @Test
  void bindDevice_threeQueuesOfOneProcess_returnsOneHandleWithThreeUsers(
      @DeviceAt("0000:01:00.0") Device acc0, @AddressSpace("proc1") Mm proc1, Sva sva) {
    SvaHandle q0 = sva.bindDevice(acc0, proc1);
    SvaHandle q1 = sva.bindDevice(acc0, proc1);
    SvaHandle q2 = sva.bindDevice(acc0, proc1);

    assertThat(q1).isSameAs(q0);
    assertThat(q2).isSameAs(q0);
    assertThat(q0).hasUsers(3).hasPasid(proc1.pasid()).bindsDevice(acc0).bindsMm(proc1);
    sva.unbindDevice(q2);
    sva.unbindDevice(q1);
    sva.unbindDevice(q0);
  }

  @Test
  void bindDevice_secondDeviceSameProcess_sharesTheSvaDomain(
      @DeviceAt("0000:01:00.0") Device acc0, @DeviceAt("0000:02:00.0") Device acc1,
      @IommuGroup(devices = "0000:02:00.0") Group group1, @AddressSpace("proc1") Mm proc1,
      Sva sva) {
    SvaHandle first = sva.bindDevice(acc0, proc1);

    SvaHandle second = sva.bindDevice(acc1, proc1);

    assertThat(second).isNotSameAs(first).hasUsers(1);
    assertThat(sva.svaDomains(proc1)).hasSize(1);
    IommuDomain shared = sva.svaDomains(proc1).get(0);
    assertThat(sva.domainUsers(shared)).isEqualTo(2);
    assertThat(group1).hasPasidAttached(proc1.pasid(), shared);
    sva.unbindDevice(second);
    sva.unbindDevice(first);
  }

  @Test
  void dmaWritePasid_untouchedPage_pageRequestPopulatesTheProcess(
      @DeviceAt("0000:01:00.0") Device acc0, @AddressSpace("proc1") Mm proc1, Sva sva) {
    proc1.mmap(HEAP, 0x1000, Prot.READ | Prot.WRITE);
    SvaHandle q0 = sva.bindDevice(acc0, proc1);
    assertThat(proc1.isPopulated(HEAP)).isFalse();

    DmaResult r = DeviceDma.of(acc0).writePasid(sva.getPasid(q0), HEAP, new byte[] {5, 6});

    assertThat(r.ok()).isTrue();
    assertThat(proc1.isPopulated(HEAP)).isTrue();
    assertThat(proc1.read(HEAP, 2)).containsExactly(5, 6);
    sva.unbindDevice(q0);
  }

  @Test
  void dmaWritePasid_outsideAnyVma_failsThePageRequest(
      @DeviceAt("0000:01:00.0") Device acc0, @AddressSpace("proc1") Mm proc1, Sva sva) {
    SvaHandle q0 = sva.bindDevice(acc0, proc1);

    DmaResult r = DeviceDma.of(acc0).writePasid(sva.getPasid(q0), HEAP, new byte[] {5});

    assertThat(r.ok()).isFalse();
    assertThat(proc1.isPopulated(HEAP)).isFalse();
    sva.unbindDevice(q0);
  }

  @Test
  void unbindDevice_inAnyOrder_freesTheDomainWithItsLastUser(
      @DeviceAt("0000:01:00.0") Device acc0, @DeviceAt("0000:02:00.0") Device acc1,
      @IommuGroup(devices = "0000:01:00.0") Group group0, @AddressSpace("proc1") Mm proc1,
      Sva sva) {
    SvaHandle q0 = sva.bindDevice(acc0, proc1);
    SvaHandle q1 = sva.bindDevice(acc0, proc1);
    SvaHandle other = sva.bindDevice(acc1, proc1);
    IommuDomain shared = sva.svaDomains(proc1).get(0);

    sva.unbindDevice(q0);
    sva.unbindDevice(other);

    assertThat(q1).hasUsers(1);
    assertThat(group0).hasPasidAttached(proc1.pasid(), shared);
    assertThat(sva.domainUsers(shared)).isEqualTo(1);
    sva.unbindDevice(q1);
    assertThat(shared).isFreed();
    assertThat(sva.svaDomains(proc1)).isEmpty();
  }
}
