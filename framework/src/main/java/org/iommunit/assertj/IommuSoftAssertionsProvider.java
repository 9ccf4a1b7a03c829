package org.iommunit.assertj;

import org.assertj.core.api.SoftAssertionsProvider;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.iommunit.core.Group;
import org.iommunit.core.GroupState;
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
 * The IOMMU assertions in soft form: every method returns a proxy that collects failures instead
 * of throwing them. Implement it in your own soft-assertions class to mix it with AssertJ's:
 *
 * <pre>{@code
 * public class MySoftAssertions extends SoftAssertions implements IommuSoftAssertionsProvider {}
 * }</pre>
 *
 * <p>{@link IommuSoftAssertions} is the ready-made implementation.
 */
public interface IommuSoftAssertionsProvider extends SoftAssertionsProvider {

  /** Returns soft assertions on one snapshot of {@code group}, taken now. */
  default GroupAssert assertThat(@Nullable Group group) {
    return proxy(GroupAssert.class, GroupState.class, group == null ? null : group.state());
  }

  /** Returns soft assertions on {@code domain}. */
  default DomainAssert assertThat(@Nullable IommuDomain domain) {
    return proxy(DomainAssert.class, IommuDomain.class, domain);
  }

  /** Returns soft assertions on {@code device}. */
  default DeviceAssert assertThat(@Nullable Device device) {
    return proxy(DeviceAssert.class, Device.class, device);
  }

  /** Returns soft assertions on {@code platform}. */
  default PlatformAssert assertThat(@Nullable Platform platform) {
    return proxy(PlatformAssert.class, Platform.class, platform);
  }

  /** Returns soft assertions on {@code iotlb}, read live when each check runs. */
  default IotlbAssert assertThat(@Nullable Iotlb iotlb) {
    return proxy(IotlbAssert.class, Iotlb.class, iotlb);
  }

  /** Returns soft assertions on {@code table} as the hardware walks it. */
  default PageTableAssert assertThat(@Nullable IoPageTable table) {
    return proxy(PageTableAssert.class, IoPageTable.class, table);
  }

  /** Returns soft assertions on an iommufd context. */
  default IommufdAssert assertThat(@Nullable Iommufd fd) {
    return proxy(IommufdAssert.class, Iommufd.class, fd);
  }

  /** Returns soft assertions on an SVA bind handle. */
  default SvaHandleAssert assertThat(@Nullable SvaHandle handle) {
    return proxy(SvaHandleAssert.class, SvaHandle.class, handle);
  }

  /** Returns soft assertions on a recorded trace. */
  default TraceAssert assertThat(@Nullable Trace trace) {
    return proxy(TraceAssert.class, Trace.class, trace);
  }

  /** Runs {@code call} once, now, and returns soft assertions on its outcome. */
  default ErrnoAssert assertThatIommu(ThrowingCallable call) {
    return proxy(ErrnoAssert.class, IommuCall.class, IommuCall.run(call));
  }

  /** Runs {@code call} once between two snapshots of {@code platform}; see the hard form. */
  default ErrnoAssert assertThatIommu(Platform platform, ThrowingCallable call) {
    return proxy(ErrnoAssert.class, IommuCall.class, IommuCall.run(platform, call));
  }

  /** Runs {@code call} once between two snapshots of {@code iommu}; see the hard form. */
  default ErrnoAssert assertThatIommu(IommuCore iommu, ThrowingCallable call) {
    return proxy(ErrnoAssert.class, IommuCall.class, IommuCall.run(iommu, call));
  }
}
