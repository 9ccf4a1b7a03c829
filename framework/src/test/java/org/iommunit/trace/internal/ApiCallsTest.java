package org.iommunit.trace.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Core method names map to kernel function names. */
class ApiCallsTest {
  @Test
  void kernelName_plainCoreMethod_prefixesIommu() {
    assertThat(ApiCalls.kernelName("groupClaimDmaOwner")).isEqualTo("iommu_group_claim_dma_owner");
  }

  @Test
  void kernelName_functionOutsideIommuNamespace_usesOverride() {
    assertThat(ApiCalls.kernelName("busIommuProbe")).isEqualTo("bus_iommu_probe");
    assertThat(ApiCalls.kernelName("reportIommuFault")).isEqualTo("report_iommu_fault");
    assertThat(ApiCalls.kernelName("pciDeviceGroup")).isEqualTo("pci_device_group");
  }
}
