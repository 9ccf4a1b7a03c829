package org.iommunit.samples.seeds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.iommunit.base.Errno.ENOSPC;

import org.iommunit.assertj.IommuAssertions;
import org.iommunit.base.IommuException;
import org.iommunit.core.DomainType;
import org.iommunit.core.Group;
import org.iommunit.core.IommuDomain;
import org.iommunit.device.Device;
import org.iommunit.device.Driver;
import org.iommunit.driver.tegra.TegraSmmuOps;
import org.iommunit.driver.tegra.TegraSoc;
import org.iommunit.junit.CompareSemantics;
import org.iommunit.junit.GoldenTrace;
import org.iommunit.junit.SimulatedIommu;
import org.iommunit.platform.Platform;
import org.iommunit.platform.PlatformBuilder;
import org.iommunit.semantics.Semantics;
import org.junit.jupiter.api.Test;

/**
 * "[RFC PATCH v1 0/6] Resolve unwanted DMA backing with IOMMU" (Aug 2018): a Tegra30 SMMU has 4
 * ASIDs. When the arch code gives every device with a driver its own implicit DMA-API domain
 * ({@link Semantics#IMPLICIT_DMA_BACKING}), four ordinary devices use them up and the GPU
 * driver's own unmanaged domain cannot be attached. The thread proposed an IOMMU-driver hook
 * ({@link Semantics#IMPLICIT_DMA_HOOK}); mainline keeps Tegra devices in identity default domains
 * and lets drivers opt out with {@code driver_managed_dma}.
 */
class UnwantedDmaBackingTest {
  private static final String[] CLIENTS = {"host1x", "vi", "gr2d", "gr3d"};

  // a Tegra30: four DMA-API clients bound, the GPU (SWGROUP 24) not yet
  private static Platform tegra30(Semantics semantics, TegraSmmuOps ops) {
    var b = Platform.builder().semantics(semantics).iommu("mc", ops, 0);
    for (int i = 0; i < CLIENTS.length; i++) {
      int swgroup = 20 + i;
      b.platformDevice(CLIENTS[i], pd -> pd.streamIds(swgroup));
    }
    Platform p = b.platformDevice("gpu", pd -> pd.streamIds(24)).build();
    for (String client : CLIENTS) {
      p.bindDriver(p.device(client), Driver.dmaApi("tegra-" + client));
    }
    return p;
  }

  // the extension's factory: a Tegra30 with the four clients and the GPU, no driver bound yet
  static PlatformBuilder tegra30() {
    var b = Platform.builder().iommu("mc", new TegraSmmuOps(TegraSoc.TEGRA30), 0);
    for (int i = 0; i < CLIENTS.length; i++) {
      int swgroup = 20 + i;
      b.platformDevice(CLIENTS[i], pd -> pd.streamIds(swgroup));
    }
    return b.platformDevice("gpu", pd -> pd.streamIds(24));
  }

  @CompareSemantics({"MAINLINE", "IMPLICIT_DMA_BACKING", "IMPLICIT_DMA_HOOK"})
  @SimulatedIommu(factory = "tegra30")
  @GoldenTrace
  void attachDevice_gpuDomainAfterClients_succeedsUnlessImplicitBackingTookEveryAsid(
      Platform p) {
    // The diff: IMPLICIT_DMA_BACKING allocates and attaches a domain per client at bind, and
    // the GPU's attach fails with -ENOSPC; the hook and MAINLINE leave the clients alone.
    for (String client : CLIENTS) {
      p.bindDriver(p.device(client), Driver.dmaApi("tegra-" + client));
    }
    IommuDomain gpuDomain = bindGpuAndAllocate(p);
    Device gpu = p.device("gpu");

    boolean attached = true;
    try {
      p.iommu().attachDevice(gpuDomain, gpu);
    } catch (IommuException e) {
      assertThat(e.errno()).isEqualTo(ENOSPC);
      attached = false;
    }

    assertThat(attached).isEqualTo(p.iommu().semantics() != Semantics.IMPLICIT_DMA_BACKING);
    if (attached) {
      p.iommu().detachDevice(gpuDomain, gpu);
    }
    p.iommu().domainFree(gpuDomain);
    p.unbindDriver(gpu);
    for (String client : CLIENTS) {
      p.unbindDriver(p.device(client));
    }
    IommuAssertions.assertThat(p).satisfiesInvariants();
  }

  // nouveau-like: the GPU driver manages its own IOMMU domain
  private static IommuDomain bindGpuAndAllocate(Platform p) {
    Device gpu = p.device("gpu");
    p.bindDriver(gpu, Driver.driverManaged("nouveau"));
    return p.iommu().pagingDomainAlloc(gpu);
  }

  @Test
  void attachDevice_gpuDomainMainline_succeedsWithOneAsid() {
    TegraSmmuOps ops = new TegraSmmuOps(TegraSoc.TEGRA30);
    Platform p = tegra30(Semantics.MAINLINE, ops);
    IommuDomain gpuDomain = bindGpuAndAllocate(p);

    p.iommu().attachDevice(gpuDomain, p.device("gpu"));

    assertThat(ops.asidsInUse(p.iommus().get(0))).isEqualTo(1);
    assertThat(p.group("host1x").domain().type()).isEqualTo(DomainType.IDENTITY);
    IommuAssertions.assertThat(p).satisfiesInvariants();
  }

  @Test
  void attachDevice_gpuDomainImplicitBacking_failsWithEnospc() {
    TegraSmmuOps ops = new TegraSmmuOps(TegraSoc.TEGRA30);
    Platform p = tegra30(Semantics.IMPLICIT_DMA_BACKING, ops);
    IommuDomain gpuDomain = bindGpuAndAllocate(p);
    Device gpu = p.device("gpu");

    IommuException e = catchThrowableOfType(IommuException.class,
        () -> p.iommu().attachDevice(gpuDomain, gpu));

    assertThat(e.errno()).isEqualTo(ENOSPC);
    assertThat(ops.asidsInUse(p.iommus().get(0))).isEqualTo(4);
    assertThat(p.group("host1x").domain().type()).isEqualTo(DomainType.UNMANAGED);
    assertThat(Group.of(gpu).domain().type()).isEqualTo(DomainType.IDENTITY);
    assertThat(p.log().entries()).anySatisfy(entry -> assertThat(entry.toString())
        .contains("arm_setup_iommu_dma_ops").contains("gpu"));
  }

  @Test
  void attachDevice_gpuDomainImplicitBackingAfterOneUnbind_succeeds() {
    // The ASIDs are the implicit domains': unbinding one client's driver gives one back.
    TegraSmmuOps ops = new TegraSmmuOps(TegraSoc.TEGRA30);
    Platform p = tegra30(Semantics.IMPLICIT_DMA_BACKING, ops);
    IommuDomain gpuDomain = bindGpuAndAllocate(p);
    p.unbindDriver(p.device("vi"));

    p.iommu().attachDevice(gpuDomain, p.device("gpu"));

    assertThat(ops.asidsInUse(p.iommus().get(0))).isEqualTo(4);
    assertThat(p.group("vi").domain().type()).isEqualTo(DomainType.IDENTITY);
  }

  @Test
  void attachDevice_gpuDomainDriverHook_succeedsAndClientsStayUntranslated() {
    TegraSmmuOps ops = new TegraSmmuOps(TegraSoc.TEGRA30);
    Platform p = tegra30(Semantics.IMPLICIT_DMA_HOOK, ops);
    IommuDomain gpuDomain = bindGpuAndAllocate(p);

    p.iommu().attachDevice(gpuDomain, p.device("gpu"));

    assertThat(ops.asidsInUse(p.iommus().get(0))).isEqualTo(1);
    for (String client : CLIENTS) { // the hook's price: no client's DMA API is translated
      assertThat(p.group(client).domain().type()).isEqualTo(DomainType.IDENTITY);
    }
  }
}
