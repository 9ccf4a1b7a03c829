package org.iommunit.trace.internal;

import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.iommunit.base.Prot;
import org.iommunit.core.DmaOwner;
import org.iommunit.core.Group;
import org.iommunit.core.IommuCore;
import org.iommunit.core.IommuDomain;
import org.iommunit.device.Acs;
import org.iommunit.device.Device;
import org.iommunit.driver.Vendor;
import org.iommunit.platform.Platform;
import org.iommunit.platform.PlatformBuilder;
import org.iommunit.trace.TraceLevel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What trace recording costs on an attach/detach-heavy workload. One operation, on a two-device
 * group of the reference driver: {@code iommu_group_claim_dma_owner} (the group moves to the
 * blocking domain), {@code iommu_attach_group} of an UNMANAGED domain, {@code iommu_map} and
 * {@code iommu_unmap} of one 4 KiB page (a page invalidation and a sync), {@code
 * iommu_detach_group}, {@code iommu_group_release_dma_owner} (back to the default domain): 26
 * trace events with the reference driver, more with a vendor's invalidation commands. Recording is
 * OFF (a plain platform), ON at every level, or ON at {@code @GoldenTrace}'s default levels (no
 * IOTLB or DMA listeners), the recorder installed as the extension installs it (generated core
 * subclass, generated ops wrappers, listeners).
 *
 * <p>The recorder keeps every event; the benchmark drops them every 1024 operations so the heap
 * stays flat, a cost all three modes share only when recording.
 *
 * <p>Run: {@code java -jar framework/target/*-benchmarks.jar RecordingOverheadBenchmark}. To see
 * what each level costs, record only some levels: {@code -jvmArgsAppend
 * -Diommunit.bench.levels=API,OPS} makes every recorded mode record those levels (an empty value:
 * none).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class RecordingOverheadBenchmark {
  private static final String FN0 = "0000:03:00.0";
  private static final String FN1 = "0000:03:00.1";
  private static final long IOVA = 0x40_0000L;
  private static final long PA = 0x9000_0000L;

  /**
   * OFF, ON_ALL (every level), ON_DEFAULT (API, OPS, STATE, WARN), or WRAPPED (the recorder's
   * classes installed, no level recorded: what the interception alone costs).
   */
  @Param({"OFF", "ON_ALL", "ON_DEFAULT", "WRAPPED"})
  public String recording;

  /**
   * The driver: the reference driver (the least work per call, so the largest share for the
   * recorder), or a vendor model that programs its tables and issues its invalidation commands.
   */
  @Param({"REFERENCE", "INTEL_VTD", "ARM_SMMU_V3"})
  public String vendor;

  private TraceRecorder recorder;
  private IommuCore iommu;
  private Group group;
  private IommuDomain domain;
  private DmaOwner.User owner;
  private int ops;

  /** Boots the platform, recorded or not, and allocates the UNMANAGED domain. */
  @Setup
  public void setup() {
    // the built-in platform of a test naming 0000:03:00.0 and .1: one card without ACS, one group
    Vendor v = Vendor.valueOf(vendor);
    String iommu0 = v.instanceName(0);
    PlatformBuilder builder = Platform.builder().iommu(iommu0, v)
        .pci(rc -> rc.rootPort("00:01.0", rp -> rp.acs(Acs.ISOLATED).noIommu()
            .endpoint(FN0, fn -> fn.acs(Acs.NONE).behind(iommu0))
            .endpoint(FN1, fn -> fn.acs(Acs.NONE).behind(iommu0))));
    String only = System.getProperty("iommunit.bench.levels");
    if (!recording.equals("OFF")) {
      recorder = only != null ? new TraceRecorder(levels(only))
          : recording.equals("ON_ALL") ? new TraceRecorder()
          : recording.equals("WRAPPED") ? new TraceRecorder(EnumSet.noneOf(TraceLevel.class))
          : new TraceRecorder(EnumSet.of(TraceLevel.API, TraceLevel.OPS, TraceLevel.STATE,
              TraceLevel.WARN));
      builder.wrapIommuOps(recorder::wrap);
      builder.coreFactory(recorder::core);
    }
    Platform platform = builder.build();
    if (recorder != null) {
      recorder.start(platform);
    }
    iommu = platform.iommu();
    Device fn0 = platform.device(FN0);
    group = Group.of(fn0);
    if (group.devices().size() != 2) {
      throw new IllegalStateException("expected a two-device group, got " + group.devices());
    }
    domain = iommu.pagingDomainAlloc(fn0);
    owner = DmaOwner.user("vfio#1");
  }

  private static Set<TraceLevel> levels(String names) {
    Set<TraceLevel> levels = EnumSet.noneOf(TraceLevel.class);
    for (String name : names.split(",")) {
      if (!name.isBlank()) {
        levels.add(TraceLevel.valueOf(name.strip()));
      }
    }
    return levels;
  }

  /** Claims the group, attaches, maps and unmaps a page, detaches, releases. */
  @Benchmark
  public long attachMapUnmapDetach() {
    iommu.groupClaimDmaOwner(group, owner);
    iommu.attachGroup(domain, group);
    iommu.map(domain, IOVA, PA, 0x1000L, Prot.READ | Prot.WRITE);
    long unmapped = iommu.unmap(domain, IOVA, 0x1000L);
    iommu.detachGroup(domain, group);
    iommu.groupReleaseDmaOwner(group);
    if (recorder != null && (++ops & 1023) == 0) {
      recorder.clear();
    }
    return unmapped;
  }
}
