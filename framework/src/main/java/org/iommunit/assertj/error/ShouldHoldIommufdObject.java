package org.iommunit.assertj.error;

import org.assertj.core.error.ErrorMessageFactory;
import org.iommunit.iommufd.Iommufd;
import org.iommunit.iommufd.ObjectType;
import org.jspecify.annotations.Nullable;

/** An iommufd context holds another object under an id than expected, or one where none is. */
public final class ShouldHoldIommufdObject extends IommuMessageFactory {
  private static final String RULE = "%nAn object stays in the table until IOMMU_DESTROY (refused"
      + " with EBUSY while another object, a device or a kernel user holds it) or, for an"
      + " automatic HWPT, until its last device leaves; ids start at 1 and the lowest free one is"
      + " reused.";

  /**
   * Returns the message for a missing object or one of another type.
   *
   * @param fd the context
   * @param id the object id
   * @param expected the type wanted
   * @param actual what the context holds under {@code id}; null for nothing
   */
  public static ErrorMessageFactory shouldHoldObject(Iommufd fd, int id, ObjectType expected,
      @Nullable Object actual) {
    return new ShouldHoldIommufdObject("%nExpecting iommufd context %s to hold object %s of type"
        + " %s%nbut it holds %s under that id." + RULE, fd, id, text(expected.name()),
        orNone(actual));
  }

  /**
   * Returns the message for an object that should be gone.
   *
   * @param fd the context
   * @param id the object id
   * @param actual what the context still holds under {@code id}
   */
  public static ErrorMessageFactory shouldNotHoldObject(Iommufd fd, int id, Object actual) {
    return new ShouldHoldIommufdObject("%nExpecting iommufd context %s to hold no object %s%nbut"
        + " it holds %s." + RULE, fd, id, actual);
  }

  private ShouldHoldIommufdObject(String format, Object... arguments) {
    super(format, arguments);
  }
}
