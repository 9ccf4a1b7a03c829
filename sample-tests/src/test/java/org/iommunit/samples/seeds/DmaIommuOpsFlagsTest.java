package org.iommunit.samples.seeds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.iommunit.base.Errno.EINVAL;

import org.iommunit.base.IommuException;
import org.iommunit.base.KernelLog;
import org.iommunit.device.Acs;
import org.iommunit.device.Driver;
import org.iommunit.driver.Vendor;
import org.iommunit.junit.CompareSemantics;
import org.iommunit.junit.GoldenTrace;
import org.iommunit.junit.SimulatedIommu;
import org.iommunit.platform.Platform;
import org.iommunit.platform.PlatformBuilder;
import org.iommunit.semantics.Semantics;
import org.junit.jupiter.api.Test;

/**
 * "[PATCH 1/4] iommu: Add a broken_unmanaged_domain flag in iommu_ops" (Jan 2023): which domain
 * types drivers hand out. The counter-proposal in the thread removes {@code IOMMU_DOMAIN_DMA} from
 * drivers and has two ops flags, {@code use_dma_iommu} and {@code allow_dma_fq}, decide the
 * DMA-API default domain ({@link Semantics#DMA_IOMMU_OPS_FLAGS}); mainline allocates a paging
 * domain and lets the device's {@code DEFERRED_FLUSH} capability decide lazy mode.
 */
class DmaIommuOpsFlagsTest {

  // a lazy-mode machine (iommu.strict=0: DMA_FQ default domains) with one NIC
  private static PlatformBuilder lazyNic(Vendor vendor, Semantics semantics) {
    return Platform.builder().semantics(semantics).iommu(vendor).strict(false)
        .pci(rc -> rc.rootPort("00:1c.0", port -> port.acs(Acs.ISOLATED).driver(Driver.PCIEPORT)
            .endpoint("01:00.0", fn -> fn.label("nic").driver(Driver.dmaApi("ice")))));
  }

  // the pr_warn of a DMA_FQ -> DMA fallback for the NIC's group
  private static long fallbackWarnings(Platform p) {
    String group = "for group " + p.group("nic").id() + " ";
    return p.log().entries().stream()
        .filter(e -> e.level() == KernelLog.Level.WARNING && e.message().contains("Falling back")
            && e.message().contains(group))
        .count();
  }

  // the extension's factory: the lazy NIC behind Intel VT-d; the comparison chooses the profile
  static PlatformBuilder lazyIntelNic() {
    return lazyNic(Vendor.INTEL_VTD, Semantics.MAINLINE);
  }

  @CompareSemantics({"MAINLINE", "DMA_IOMMU_OPS_FLAGS"})
  @SimulatedIommu(factory = "lazyIntelNic")
  @GoldenTrace
  void groupShowType_intelLazy_dmaFqUnderMainlineDmaUnderOpsFlags(Platform p) {
    // The diff: the same sysfs read shows DMA-FQ under MAINLINE and DMA under the ops flags.
    String type = p.iommu().groupShowType(p.group("nic"));

    assertThat(type).isEqualTo(p.iommu().semantics() == Semantics.MAINLINE ? "DMA-FQ" : "DMA");
  }

  @Test
  void groupShowType_intelLazyMainline_isDmaFqWithoutWarning() {
    Platform p = lazyNic(Vendor.INTEL_VTD, Semantics.MAINLINE).build();

    assertThat(p.iommu().groupShowType(p.group("nic"))).isEqualTo("DMA-FQ");
    assertThat(fallbackWarnings(p)).isZero();
  }

  @Test
  void groupShowType_intelLazyOpsFlags_fallsBackToDmaWithWarning() {
    // intel_iommu_ops got use_dma_iommu but not allow_dma_fq in the patch: lazy mode is lost.
    Platform p = lazyNic(Vendor.INTEL_VTD, Semantics.DMA_IOMMU_OPS_FLAGS).build();

    assertThat(p.iommu().groupShowType(p.group("nic"))).isEqualTo("DMA");
    assertThat(fallbackWarnings(p)).isEqualTo(1);
  }

  @Test
  void groupShowType_smmuV3LazyOpsFlags_keepsDmaFq() {
    Platform p = lazyNic(Vendor.ARM_SMMU_V3, Semantics.DMA_IOMMU_OPS_FLAGS).build();

    assertThat(p.iommu().groupShowType(p.group("nic"))).isEqualTo("DMA-FQ");
    assertThat(fallbackWarnings(p)).isZero();
  }

  @Test
  void build_amdOpsFlags_failsWithEinvalForTheDmaDefaultDomain() {
    // amd_iommu_ops is not in the patch, so it lacks use_dma_iommu: no DMA-API default domain.
    IommuException e = catchThrowableOfType(IommuException.class,
        () -> lazyNic(Vendor.AMD_VI, Semantics.DMA_IOMMU_OPS_FLAGS).strict(true).build());

    assertThat(e.errno()).isEqualTo(EINVAL);
    assertThat(e.getMessage()).contains("use_dma_iommu");
  }

  @Test
  void build_amdMainline_bootsWithDmaDefaultDomain() {
    Platform p = lazyNic(Vendor.AMD_VI, Semantics.MAINLINE).strict(true).build();

    assertThat(p.iommu().groupShowType(p.group("nic"))).isEqualTo("DMA");
  }

  @Test
  void build_amdOpsFlagsPassthrough_bootsWithIdentity() {
    Platform p = lazyNic(Vendor.AMD_VI, Semantics.DMA_IOMMU_OPS_FLAGS).passthrough(true).build();

    assertThat(p.iommu().groupShowType(p.group("nic"))).isEqualTo("identity");
  }
}
