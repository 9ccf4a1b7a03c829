package org.iommunit.assertj.error;

import org.assertj.core.error.ErrorMessageFactory;
import org.iommunit.sva.SvaHandle;

/** An SVA bind handle has another reference count than expected. */
public final class ShouldHaveUsers extends IommuMessageFactory {

  /**
   * Returns the message for a handle with another count of binds not yet unbound.
   *
   * @param handle the bind
   * @param expected the count wanted
   * @param actual the handle's count
   */
  public static ErrorMessageFactory shouldHaveUsers(SvaHandle handle, int expected, int actual) {
    return new ShouldHaveUsers(handle, expected, actual);
  }

  private ShouldHaveUsers(SvaHandle handle, int expected, int actual) {
    super("%nExpecting SVA handle %s to have %s user(s)%nbut it has %s.%nEach"
        + " iommu_sva_bind_device() of the same device and mm returns the same handle with one"
        + " more user; each iommu_sva_unbind_device() drops one, and the last detaches the PASID.",
        handle, expected, actual);
  }
}
