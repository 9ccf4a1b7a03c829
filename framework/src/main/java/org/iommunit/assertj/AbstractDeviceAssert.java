package org.iommunit.assertj;

import static org.iommunit.assertj.error.ShouldBeAttachedTo.shouldBeAttachedTo;
import static org.iommunit.assertj.error.ShouldBeInGroup.shouldBeInGroup;
import static org.iommunit.assertj.error.ShouldBeUnbound.shouldBeUnbound;
import static org.iommunit.assertj.error.ShouldHaveDriver.shouldHaveDriver;

import java.util.Objects;
import org.iommunit.core.DevIommu;
import org.iommunit.core.Group;
import org.iommunit.core.IommuDomain;
import org.iommunit.device.Device;
import org.iommunit.device.Driver;
import org.jspecify.annotations.Nullable;

/**
 * Assertions on one device: the driver bound to it, its IOMMU group, and the domain its hardware
 * is attached to, which is what the device's DMA goes through.
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
      Group group = actual.group();
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
      DevIommu data = actual.iommu();
      IommuDomain hw = data == null ? null : data.hwDomain();
      if (hw == expected) {
        return;
      }
      Group group = actual.group();
      throw failureComparing(shouldBeAttachedTo(actual, expected, hw,
          group == null ? null : group.domain()), expected, hw);
    });
  }
}
