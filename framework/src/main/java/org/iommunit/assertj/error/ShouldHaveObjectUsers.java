package org.iommunit.assertj.error;

import org.assertj.core.error.ErrorMessageFactory;
import org.iommunit.iommufd.Iommufd;

/** An iommufd object has another users count than expected. */
public final class ShouldHaveObjectUsers extends IommuMessageFactory {

  /**
   * Returns the message for an object with another users count.
   *
   * @param fd the context
   * @param object the object
   * @param expected the count wanted
   * @param actual the object's count
   */
  public static ErrorMessageFactory shouldHaveObjectUsers(Iommufd fd, Object object, int expected,
      int actual) {
    return new ShouldHaveObjectUsers(fd, object, expected, actual);
  }

  private ShouldHaveObjectUsers(Iommufd fd, Object object, int expected, int actual) {
    super("%nExpecting %s of iommufd context %s to have %s user(s)%nbut it has %s.%nThe table"
        + " holds one; each object built on it (a HWPT on its IOAS), each attached device and"
        + " each kernel holder (a bound device's driver, an access's creator) holds another, and"
        + " IOMMU_DESTROY refuses with EBUSY until only the table's is left.", object, fd,
        expected, actual);
  }
}
