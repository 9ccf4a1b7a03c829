package org.iommunit.assertj;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.iommunit.core.Group;
import org.iommunit.core.IommuCore;
import org.iommunit.core.IommuDomain;
import org.iommunit.device.Device;
import org.iommunit.iommufd.Iommufd;
import org.iommunit.iotlb.Iotlb;
import org.iommunit.pgtable.IoPageTable;
import org.iommunit.platform.Platform;
import org.iommunit.sva.SvaHandle;
import org.iommunit.trace.Trace;
import org.jspecify.annotations.Nullable;

/**
 * The entry point of the IOMMU assertions. Import its methods statically, next to AssertJ's own
 * {@code Assertions.assertThat}; the overloads here are more specific, so Java picks them for
 * IOMMU types.
 *
 * <pre>{@code
 * assertThatIommu(() -> iommu.attachDevice(domain, fn0)).failsWith(EINVAL);
 * assertThat(group).isInDefaultDomain().hasOwnerCount(0);
 * assertThat(platform).satisfiesInvariants().hasNoWarnings();
 * }</pre>
 *
 * <p>For soft assertions use {@link IommuSoftAssertions}, which offers the same methods.
 */
public final class IommuAssertions {

  private IommuAssertions() {}

  /**
   * Returns assertions on {@code group}, read from one snapshot taken now ({@link
   * Group#state()}); later changes to the group do not affect them.
   */
  public static GroupAssert assertThat(@Nullable Group group) {
    return new GroupAssert(group == null ? null : group.state());
  }

  /** Returns assertions on {@code domain}. */
  public static DomainAssert assertThat(@Nullable IommuDomain domain) {
    return new DomainAssert(domain);
  }

  /** Returns assertions on {@code device}. */
  public static DeviceAssert assertThat(@Nullable Device device) {
    return new DeviceAssert(device);
  }

  /** Returns assertions on {@code platform}: invariants and kernel warnings. */
  public static PlatformAssert assertThat(@Nullable Platform platform) {
    return new PlatformAssert(platform);
  }

  /**
   * Returns assertions on {@code iotlb} (an instance's {@code iotlb()}): stale entries, entries
   * of a domain, hit and miss counters, read live when each check runs.
   */
  public static IotlbAssert assertThat(@Nullable Iotlb iotlb) {
    return new IotlbAssert(iotlb);
  }

  /** Returns assertions on {@code table} as the hardware walks it. */
  public static PageTableAssert assertThat(@Nullable IoPageTable table) {
    return new PageTableAssert(table);
  }

  /** Returns assertions on an iommufd context: its objects, their users, areas, pinned pages. */
  public static IommufdAssert assertThat(@Nullable Iommufd fd) {
    return new IommufdAssert(fd);
  }

  /** Returns assertions on an SVA bind handle: PASID, reference count, device and mm. */
  public static SvaHandleAssert assertThat(@Nullable SvaHandle handle) {
    return new SvaHandleAssert(handle);
  }

  /** Returns assertions on a recorded trace: events in order, levels, golden equality. */
  public static TraceAssert assertThat(@Nullable Trace trace) {
    return new TraceAssert(trace);
  }

  /**
   * Runs {@code call} once, now, and returns assertions on its outcome: {@code succeeds()} or
   * {@code failsWith(errno)}. For {@code leavesStateUnchanged()} pass the model too, with {@link
   * #assertThatIommu(Platform, ThrowingCallable)}.
   */
  public static ErrnoAssert assertThatIommu(ThrowingCallable call) {
    return new ErrnoAssert(IommuCall.run(call));
  }

  /**
   * Snapshots {@code platform}, runs {@code call} once, snapshots again and returns assertions on
   * the outcome, including {@code leavesStateUnchanged()}.
   */
  public static ErrnoAssert assertThatIommu(Platform platform, ThrowingCallable call) {
    return new ErrnoAssert(IommuCall.run(platform, call));
  }

  /**
   * Snapshots {@code iommu}, runs {@code call} once, snapshots again and returns assertions on the
   * outcome, including {@code leavesStateUnchanged()}. Devices outside every group are not in the
   * snapshot; pass the {@link Platform} to include them.
   */
  public static ErrnoAssert assertThatIommu(IommuCore iommu, ThrowingCallable call) {
    return new ErrnoAssert(IommuCall.run(iommu, call));
  }
}
