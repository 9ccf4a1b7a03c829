package org.iommunit.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.iommunit.base.Errno.ENOMEM;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.verify;

import java.util.Map;
import java.util.TreeMap;
import org.iommunit.base.IommuException;
import org.iommunit.base.Prot;
import org.iommunit.core.DmaOwner;
import org.iommunit.core.Group;
import org.iommunit.core.IommuCore;
import org.iommunit.core.IommuDomain;
import org.iommunit.core.IommuOps;
import org.iommunit.device.Device;
import org.iommunit.dma.DeviceDma;
import org.iommunit.dma.DmaApi;
import org.iommunit.dma.DmaDirection;
import org.iommunit.platform.Platform;
import org.iommunit.trace.Trace;
import org.iommunit.trace.TraceLevel;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EventType;

/** The extension under {@code junit.jupiter.execution.parallel.enabled=true}. */
class ParallelTest {
  static final String FN0 = "0000:03:00.0";
  static final String FN1 = "0000:03:00.1";

  @Test
  void execute_inParallelAndInSeries_passesWithIdenticalTraces() {
    EngineExecutionResults series = Kit.run(Scenarios.class);
    EngineExecutionResults parallel = Kit.run(Scenarios.class,
        "junit.jupiter.execution.parallel.enabled=true",
        "junit.jupiter.execution.parallel.mode.default=concurrent",
        "junit.jupiter.execution.parallel.mode.classes.default=concurrent",
        "junit.jupiter.execution.parallel.config.strategy=fixed",
        "junit.jupiter.execution.parallel.config.fixed.parallelism=8");

    Kit.assertAllPassed(series, 52);
    Kit.assertAllPassed(parallel, 52);
    assertThat(traces(parallel)).hasSize(52).isEqualTo(traces(series));
  }

  private static Map<String, String> traces(EngineExecutionResults results) {
    Map<String, String> out = new TreeMap<>();
    results.allEvents().stream().filter(e -> e.getType() == EventType.REPORTING_ENTRY_PUBLISHED)
        .forEach(e -> out.put(e.getTestDescriptor().getUniqueId().toString(),
            e.getRequiredPayload(ReportEntry.class).getKeyValuePairs().get("trace")));
    return out;
  }

  @TestKitOnly
  @SimulatedIommu
  static class Scenarios {
    @RepeatedTest(20)
    void ownAndMap(@IommuGroup(devices = {FN0, FN1}) Group group,
        @Domain IommuDomain domain, IommuCore iommu, Platform platform, TestReporter reporter) {
      iommu.groupClaimDmaOwner(group, DmaOwner.user("vfio#1"));
      iommu.attachGroup(domain, group);
      iommu.map(domain, 0x40_0000L, 0x9000_0000L, 0x20_0000L, Prot.READ | Prot.WRITE);
      String trace = platform.describe() + "\n" + iommu.iovaToPhys(domain, 0x40_1234L);
      iommu.unmap(domain, 0x40_0000L, 0x20_0000L);
      iommu.detachGroup(domain, group);
      iommu.groupReleaseDmaOwner(group);

      reporter.publishEntry("trace", trace + "\n" + platform.describe());
    }

    @RepeatedTest(20)
    @InjectFault(op = "attach_dev", errno = ENOMEM, after = 1)
    void faults(@IommuGroup(devices = {FN0, FN1}) Group group, @Domain IommuDomain domain,
        @VendorOps IommuOps ops, IommuCore iommu, Platform platform, TestReporter reporter) {
      IommuException e = catchThrowableOfType(IommuException.class,
          () -> iommu.attachGroup(domain, group));

      verify(ops, atLeastOnce()).domainAllocPagingFlags(group.devices().get(0), 0);
      reporter.publishEntry("trace", e.getMessage() + "\n" + platform.describe());
    }

    @RepeatedTest(10)
    @SimulatedIommu(defaultDomain = DefaultDomain.DMA_FQ)
    void lazyDma(@DmaApiFor(FN0) DmaApi dma, @DeviceAt(FN0) Device dev, Platform platform,
        Trace trace, TestReporter reporter) {
      long handle = dma.dmaMapSingle(0x4000_0000L, 0x1000, DmaDirection.BIDIRECTIONAL);
      DeviceDma.of(dev).write(handle, new byte[8]);
      dma.dmaUnmapSingle(handle, 0x1000, DmaDirection.BIDIRECTIONAL);
      DeviceDma.of(dev).read(handle, new byte[8]);
      platform.flushQueues();
      DeviceDma.of(dev).read(handle, new byte[8]);

      reporter.publishEntry("trace", trace.at(TraceLevel.IOTLB, TraceLevel.DMA).text());
    }

    @Test
    void leakAllowed(@IommuGroup(devices = FN0) Group group, IommuCore iommu,
        TestReporter reporter) {
      IommuDomain d = iommu.pagingDomainAlloc(group.devices().get(0));
      iommu.domainFree(d);
      reporter.publishEntry("trace", d.toString());
    }

    @Test
    void platformDescription(Platform platform, @IommuGroup(devices = FN1) Group group,
        TestReporter reporter) {
      reporter.publishEntry("trace", platform.describe());
    }
  }
}
