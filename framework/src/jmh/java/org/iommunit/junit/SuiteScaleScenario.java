package org.iommunit.junit;

import org.iommunit.base.Prot;
import org.iommunit.core.IommuCore;
import org.iommunit.core.IommuDomain;
import org.iommunit.device.Device;

/**
 * The scenario every generated test of {@link SuiteScaleBenchmark} runs, with the extension or
 * in plain JUnit: a paging domain for a device, one page mapped, looked up and unmapped, the
 * domain freed.
 */
public final class SuiteScaleScenario {
  private SuiteScaleScenario() {}

  /** Runs the scenario on {@code iommu} for {@code dev}; throws if a step gives a wrong result. */
  public static void run(IommuCore iommu, Device dev) {
    IommuDomain domain = iommu.pagingDomainAlloc(dev);
    iommu.map(domain, 0x10_0000L, 0x4000_0000L, 0x1000, Prot.READ | Prot.WRITE);
    if (iommu.iovaToPhys(domain, 0x10_0234L) != 0x4000_0234L) {
      throw new AssertionError("iova 0x100234 does not translate to 0x40000234");
    }
    if (iommu.unmap(domain, 0x10_0000L, 0x1000) != 0x1000) {
      throw new AssertionError("unmap did not unmap one page");
    }
    iommu.domainFree(domain);
  }
}
