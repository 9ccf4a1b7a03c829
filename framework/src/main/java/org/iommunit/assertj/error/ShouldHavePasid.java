package org.iommunit.assertj.error;

import org.assertj.core.error.ErrorMessageFactory;
import org.iommunit.sva.SvaHandle;

/** An SVA bind uses another PASID than expected, or none. */
public final class ShouldHavePasid extends IommuMessageFactory {

  /**
   * Returns the message for a bind whose mm has another PASID.
   *
   * @param handle the bind
   * @param expected the PASID wanted
   * @param actual the mm's PASID; {@code -1} ({@code IOMMU_PASID_INVALID}) for none
   */
  public static ErrorMessageFactory shouldHavePasid(SvaHandle handle, int expected, int actual) {
    return new ShouldHavePasid(handle, expected, actual);
  }

  private ShouldHavePasid(SvaHandle handle, int expected, int actual) {
    super("%nExpecting SVA handle %s to use PASID %s%nbut its mm has %s.%nAn mm keeps one global"
        + " PASID from its first bind until the mm struct dies, whatever device it binds.",
        handle, expected,
        text(actual < 0 ? "no PASID (IOMMU_PASID_INVALID)" : "PASID " + actual));
  }
}
