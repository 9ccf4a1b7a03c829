package org.iommunit.trace.internal;

import java.util.concurrent.TimeUnit;
import org.iommunit.core.DmaOwner;
import org.iommunit.core.Group;
import org.iommunit.core.IommuCore;
import org.iommunit.core.IommuDomain;
import org.iommunit.core.StateChange;
import org.iommunit.device.Acs;
import org.iommunit.device.Device;
import org.iommunit.driver.Vendor;
import org.iommunit.platform.Platform;
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
 * What appending one event to a tape costs, by kind of event: the generic writers (arguments as
 * objects, a state change as its object) against the typed ones the busy calls use. Every
 * benchmark clears the tape each 1024 appends; {@code baseline} is that alone.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class TapeBenchmark {
  private Tape tape;
  private IommuDomain domain;
  private IommuDomain other;
  private Device dev;
  private Group group;
  private DmaOwner.User owner;
  private StateChange change;
  private int n;

  /** Boots a small platform for real arguments. */
  @Setup
  public void setup() {
    Vendor v = Vendor.REFERENCE;
    String iommu0 = v.instanceName(0);
    Platform platform = Platform.builder().iommu(iommu0, v)
        .pci(rc -> rc.rootPort("00:01.0", rp -> rp.acs(Acs.ISOLATED).noIommu()
            .endpoint("0000:03:00.0", fn -> fn.acs(Acs.NONE).behind(iommu0))
            .endpoint("0000:03:00.1", fn -> fn.acs(Acs.NONE).behind(iommu0)))).build();
    IommuCore iommu = platform.iommu();
    dev = platform.device("0000:03:00.0");
    group = Group.of(dev);
    domain = iommu.pagingDomainAlloc(dev);
    other = group.defaultDomain();
    owner = DmaOwner.user("vfio#1");
    change = new StateChange.DomainChanged(group, other, domain);
    tape = new Tape();
  }

  private void wrap() {
    if ((++n & 1023) == 0) {
      tape.reset();
    }
  }

  /** One attach_dev op: a domain, a device, a domain, no result. */
  @Benchmark
  public void opsAttachDev() {
    tape.ops(1, 2, domain, dev, other, null, null);
    wrap();
  }

  /** One state change. */
  @Benchmark
  public void state() {
    tape.state(change);
    wrap();
  }

  /** One domain change as its parts. */
  @Benchmark
  public void stateDomain() {
    tape.stateDomain(Tape.DOMAIN, group, other, domain);
    wrap();
  }

  /** One attach_dev op through its typed append. */
  @Benchmark
  public void opsAttachDevTyped() {
    tape.opsAttachDev(1, 2, domain, dev, other, null);
    wrap();
  }

  /** One API call of two arguments. */
  @Benchmark
  public void api2() {
    tape.apiStart();
    tape.apiEnd(3, group, owner, null, null);
    wrap();
  }

  /** The baseline: the reset counter alone. */
  @Benchmark
  public void baseline() {
    wrap();
  }
}
