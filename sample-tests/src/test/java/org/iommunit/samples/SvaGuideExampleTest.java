package org.iommunit.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iommunit.assertj.IommuAssertions.assertThat;
import static org.iommunit.assertj.IommuAssertions.assertThatIommu;

import org.iommunit.base.Errno;
import org.iommunit.base.Prot;
import org.iommunit.core.IommuDomain;
import org.iommunit.device.Device;
import org.iommunit.dma.DeviceDma;
import org.iommunit.dma.DmaResult;
import org.iommunit.driver.Vendor;
import org.iommunit.junit.AddressSpace;
import org.iommunit.junit.DeviceAt;
import org.iommunit.junit.SimulatedIommu;
import org.iommunit.mm.CpuArch;
import org.iommunit.mm.Mm;
import org.iommunit.sva.Sva;
import org.iommunit.sva.SvaHandle;
import org.junit.jupiter.api.Test;

/**
 * The worked example of the user guide's SVA chapter (docs/guide.md, "Shared virtual
 * addressing"), word for word: an accelerator behind Intel VT-d bound twice to one process, DMA
 * with the process's PASID through its own x86-64 page table, a page request that populates an
 * untouched page, and the unbinds; then LAM refusing a bind.
 */
@SimulatedIommu(vendor = Vendor.INTEL_VTD)
class SvaGuideExampleTest {
  private static final long HEAP = 0x7f00_0000_0000L;

  @Test
  void svaBind_twoQueuesAndAPageFault_endToEnd(@DeviceAt("0000:01:00.0") Device acc0,
      @AddressSpace("proc1") Mm proc1, Sva sva) {
    proc1.mmap(HEAP, 0x2000, Prot.READ | Prot.WRITE);
    proc1.write(HEAP, new byte[] {1, 2, 3});            // the CPU touches the first page

    SvaHandle q0 = sva.bindDevice(acc0, proc1);         // PASID allocated for the mm
    SvaHandle q1 = sva.bindDevice(acc0, proc1);         // same device and mm: same handle
    int pasid = sva.getPasid(q0);

    DmaResult read = DeviceDma.of(acc0).readPasid(pasid, HEAP, new byte[3]);
    DmaResult write =
        DeviceDma.of(acc0).writePasid(pasid, HEAP + 0x1000, new byte[] {9}); // untouched

    assertThat(proc1.cpuArch()).isEqualTo(CpuArch.X86_64);
    assertThat(q1).isSameAs(q0);
    assertThat(q0).hasUsers(2).hasPasid(proc1.pasid());
    assertThat(read.ok()).isTrue();
    assertThat(write.ok()).isTrue();                     // an I/O page fault populated it
    assertThat(proc1.read(HEAP + 0x1000, 1)).containsExactly(9);

    IommuDomain domain = q0.domain();
    sva.unbindDevice(q1);                                // users 1: still attached
    sva.unbindDevice(q0);                                // last: PASID detached, domain freed
    assertThat(domain).isFreed();
    assertThat(proc1.pasid()).isEqualTo(pasid);          // the mm keeps its PASID until exit
  }

  @Test
  void svaBind_processWithLam_isRefusedWithEbusy(@DeviceAt("0000:01:00.0") Device acc0,
      @AddressSpace("proc1") Mm proc1, Sva sva) {
    proc1.enableLam(6);                                  // prctl(ARCH_ENABLE_TAGGED_ADDR, 6)

    assertThatIommu(() -> sva.bindDevice(acc0, proc1)).failsWith(Errno.EBUSY);
  }
}
