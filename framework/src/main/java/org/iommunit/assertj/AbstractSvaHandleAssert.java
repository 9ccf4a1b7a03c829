package org.iommunit.assertj;

import static org.iommunit.assertj.error.ShouldBind.shouldBind;
import static org.iommunit.assertj.error.ShouldHavePasid.shouldHavePasid;
import static org.iommunit.assertj.error.ShouldHaveUsers.shouldHaveUsers;

import java.util.Objects;
import org.iommunit.device.Device;
import org.iommunit.mm.Mm;
import org.iommunit.sva.SvaHandle;
import org.jspecify.annotations.Nullable;

/**
 * Assertions on an SVA bind handle ({@code struct iommu_sva}): its PASID, its reference count,
 * and the device and mm it binds.
 *
 * <pre>{@code
 * SvaHandle first = sva.bindDevice(acc0, proc1);
 * SvaHandle second = sva.bindDevice(acc0, proc1);
 * assertThat(second).isSameAs(first).hasPasid(1).hasUsers(2).bindsDevice(acc0).bindsMm(proc1);
 * sva.unbindDevice(second);
 * assertThat(first).hasUsers(2);               // fails: one unbind dropped it to 1
 * }</pre>
 *
 * @param <SELF> the concrete assertion type
 */
public abstract class AbstractSvaHandleAssert<SELF extends AbstractSvaHandleAssert<SELF>>
    extends AbstractIommuAssert<SELF, SvaHandle> {

  /**
   * Creates an assertion on an SVA handle.
   *
   * @param actual the handle; null fails every check
   * @param selfType the concrete assertion class
   */
  protected AbstractSvaHandleAssert(@Nullable SvaHandle actual, Class<?> selfType) {
    super(actual, selfType);
  }

  /**
   * Verifies the PASID the device's DMA is tagged with for this bind: the mm's global PASID
   * ({@code iommu_sva_get_pasid()}).
   */
  public SELF hasPasid(int expected) {
    return check(() -> {
      isNotNull();
      int pasid = actual.mm().pasid();
      if (pasid == expected) {
        return;
      }
      throw failureComparing(shouldHavePasid(actual, expected, pasid), expected, pasid);
    });
  }

  /** Verifies the handle's reference count: binds of this device and mm not yet unbound. */
  public SELF hasUsers(int expected) {
    return check(() -> {
      isNotNull();
      int users = actual.users();
      if (users == expected) {
        return;
      }
      throw failureComparing(shouldHaveUsers(actual, expected, users), expected, users);
    });
  }

  /** Verifies the bound device ({@code handle->dev}). */
  public SELF bindsDevice(Device expected) {
    Objects.requireNonNull(expected, "expected device");
    return check(() -> {
      isNotNull();
      if (actual.device() == expected) {
        return;
      }
      throw failureComparing(shouldBind(actual, "device", expected, actual.device()), expected,
          actual.device());
    });
  }

  /** Verifies the bound process address space. */
  public SELF bindsMm(Mm expected) {
    Objects.requireNonNull(expected, "expected mm");
    return check(() -> {
      isNotNull();
      if (actual.mm() == expected) {
        return;
      }
      throw failureComparing(shouldBind(actual, "mm", expected, actual.mm()), expected,
          actual.mm());
    });
  }
}
