package org.iommunit.assertj;

import static org.iommunit.assertj.error.ShouldAccess.shouldAccess;
import static org.iommunit.assertj.error.ShouldBeAttachedTo.shouldBeAttachedTo;
import static org.iommunit.assertj.error.ShouldBeInGroup.shouldBeInGroup;
import static org.iommunit.assertj.error.ShouldBeUnbound.shouldBeUnbound;
import static org.iommunit.assertj.error.ShouldFaultOn.shouldFaultOn;
import static org.iommunit.assertj.error.ShouldHaveDriver.shouldHaveDriver;

import java.util.Objects;
import org.iommunit.core.DevIommu;
import org.iommunit.core.Group;
import org.iommunit.core.IommuDomain;
import org.iommunit.device.Device;
import org.iommunit.device.Driver;
import org.iommunit.dma.DeviceDma;
import org.iommunit.dma.DmaAccess;
import org.iommunit.dma.DmaTranslation;
import org.iommunit.dma.IommuFault;
import org.iommunit.iotlb.Iotlb;
import org.jspecify.annotations.Nullable;

/**
 * Assertions on one device: the driver bound to it, its IOMMU group, the domain its hardware
 * is attached to, and what its DMA reaches.
 *
 * <p>{@link #canRead}, {@link #canWrite} and {@link #faultsOn} issue a probe DMA: one access of
 * the device, without PASID, translated by {@link org.iommunit.dma.DeviceDma#translate} exactly
 * as a real access is. No data moves, but the probe is otherwise a real access: it fills or hits
 * the IOTLB (and the device's ATS TLB), counts in {@link Iotlb#stats()}, and a fault goes to the
 * domain's fault handler and the platform's fault log. Probe before you assert on IOTLB counters
 * or faults, or account for the probe.
 *
 * <pre>{@code
 * platform.bindDriver(nic, Driver.dmaApi("igb"));
 * assertThat(nic).hasDriver(Driver.dmaApi("igb")).isInGroup(group)
 *     .isAttachedTo(group.defaultDomain());
 * assertThat(nic).isUnbound();                      // fails: it is bound to igb
 * }</pre>
 *
 * @param <SELF> the concrete assertion type
 */
public abstract class AbstractDeviceAssert<SELF extends AbstractDeviceAssert<SELF>>
    extends AbstractIommuAssert<SELF, Device> {

  /**
   * Creates an assertion on a device.
   *
   * @param actual the device; null fails every check
   * @param selfType the concrete assertion class
   */
  protected AbstractDeviceAssert(@Nullable Device actual, Class<?> selfType) {
    super(actual, selfType);
  }

  /** Verifies that {@code expected} (name and {@code driver_managed_dma}) is bound. */
  public SELF hasDriver(Driver expected) {
    Objects.requireNonNull(expected, "expected driver");
    return check(() -> {
      isNotNull();
      Driver bound = actual.driver();
      if (expected.equals(bound)) {
        return;
      }
      throw failureComparing(shouldHaveDriver(actual, expected), expected, bound);
    });
  }

  /** Verifies that no driver is bound. */
  public SELF isUnbound() {
    return check(() -> {
      isNotNull();
      if (actual.driver() == null) {
        return;
      }
      throw failure(shouldBeUnbound(actual));
    });
  }

  /** Verifies the device's IOMMU group ({@code iommu_group_get()}). */
  public SELF isInGroup(Group expected) {
    Objects.requireNonNull(expected, "expected group");
    return check(() -> {
      isNotNull();
      Group group = Group.of(actual);
      if (group == expected) {
        return;
      }
      throw failureComparing(shouldBeInGroup(actual, expected), expected, group);
    });
  }

  /**
   * Verifies that the driver last attached the device's requests without PASID to {@code
   * expected}: the hardware side, which can differ from the group's domain when an attach failed
   * half-way or is deferred.
   */
  public SELF isAttachedTo(IommuDomain expected) {
    Objects.requireNonNull(expected, "expected domain");
    return check(() -> {
      isNotNull();
      DevIommu data = DevIommu.of(actual);
      IommuDomain hw = data == null ? null : data.hwDomain();
      if (hw == expected) {
        return;
      }
      Group group = Group.of(actual);
      throw failureComparing(shouldBeAttachedTo(actual, expected, hw,
          group == null ? null : group.domain()), expected, hw);
    });
  }

  /**
   * Verifies that a DMA read of the device at {@code iova} is translated, by a probe DMA (see the
   * class comment: it warms the IOTLB and a fault is logged). Fails naming the fault.
   */
  public SELF canRead(long iova) {
    return probeSucceeds(iova, DmaAccess.READ);
  }

  /**
   * Verifies that a DMA write of the device at {@code iova} is translated, by a probe DMA that
   * moves no data (see the class comment). Fails naming the fault.
   */
  public SELF canWrite(long iova) {
    return probeSucceeds(iova, DmaAccess.WRITE);
  }

  /**
   * Verifies that a DMA read of the device at {@code iova} faults, by a probe DMA whose fault is
   * raised and logged like any other (see the class comment). Fails with the physical address the
   * read reached and the domain that translated it.
   */
  public SELF faultsOn(long iova) {
    return faultsOn(iova, DmaAccess.READ);
  }

  /**
   * Verifies that a DMA {@code access} of the device at {@code iova} faults, for instance a
   * write to a read-only page; see {@link #faultsOn(long)}.
   */
  public SELF faultsOn(long iova, DmaAccess access) {
    Objects.requireNonNull(access, "access");
    return check(() -> {
      isNotNull();
      DmaTranslation t = new DmaTranslation();
      long pa = DeviceDma.of(actual).translate(Iotlb.NO_PASID, iova, access, t);
      if (pa == -1L) {
        return;
      }
      throw failure(shouldFaultOn(actual, access, iova, pa, t.domain(), t.stale()));
    });
  }

  private SELF probeSucceeds(long iova, DmaAccess access) {
    return check(() -> {
      isNotNull();
      DmaTranslation t = new DmaTranslation();
      if (DeviceDma.of(actual).translate(Iotlb.NO_PASID, iova, access, t) != -1L) {
        return;
      }
      IommuFault fault = Objects.requireNonNull(t.faultRecord(), "a fault without a record");
      throw failure(shouldAccess(actual, access, iova, fault));
    });
  }
}
