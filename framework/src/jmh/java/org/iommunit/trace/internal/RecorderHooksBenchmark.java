package org.iommunit.trace.internal;

import java.util.EnumSet;
import java.util.concurrent.TimeUnit;
import org.iommunit.core.DmaOwner;
import org.iommunit.core.Group;
import org.iommunit.core.IommuDomain;
import org.iommunit.device.Acs;
import org.iommunit.device.Device;
import org.iommunit.driver.Vendor;
import org.iommunit.platform.Platform;
import org.iommunit.trace.TraceLevel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the recorder's hooks cost when called as the generated code calls them: an API call's
 * enter and exit, with and without two {@code attach_dev} ops inside, on the recorder's owner
 * thread. The recorder is cleared each 1024 calls; {@code baseline} is that alone.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class RecorderHooksBenchmark {
  private TraceRecorder recorder;
  private ApiCalls api;
  private OpsSink sink;
  private IommuDomain domain;
  private IommuDomain other;
  private Device dev;
  private Group group;
  private DmaOwner.User owner;
  private int n;

  /** Boots a small platform for real arguments. */
  @Setup
  public void setup() {
    Vendor v = Vendor.REFERENCE;
    String iommu0 = v.instanceName(0);
    recorder = new TraceRecorder(EnumSet.of(TraceLevel.API, TraceLevel.OPS, TraceLevel.STATE));
    Platform platform = Platform.builder().iommu(iommu0, v)
        .pci(rc -> rc.rootPort("00:01.0", rp -> rp.acs(Acs.ISOLATED).noIommu()
            .endpoint("0000:03:00.0", fn -> fn.acs(Acs.NONE).behind(iommu0))
            .endpoint("0000:03:00.1", fn -> fn.acs(Acs.NONE).behind(iommu0)))).build();
    recorder.start(platform);
    api = new ApiCalls(recorder);
    sink = new OpsSink(recorder, iommu0);
    dev = platform.device("0000:03:00.0");
    group = Group.of(dev);
    domain = platform.iommu().pagingDomainAlloc(dev);
    other = group.defaultDomain();
    owner = DmaOwner.user("vfio#1");
  }

  private void wrap() {
    if ((++n & 1023) == 0) {
      recorder.clear();
    }
  }

  /** An API call of a domain and a group with two attach_dev ops inside. */
  @Benchmark
  public void apiWithTwoOps() {
    Tape f = api.enter();
    sink.attachDev(7, domain, dev, other, null);
    sink.attachDev(7, domain, dev, other, null);
    api.exitDomainGroup(f, 9, domain, group, null);
    wrap();
  }

  /** An API call of a domain and a group alone. */
  @Benchmark
  public void apiAlone() {
    Tape f = api.enter();
    api.exitDomainGroup(f, 9, domain, group, null);
    wrap();
  }

  /** The baseline: the clear counter alone. */
  @Benchmark
  public void baseline() {
    wrap();
  }
}
