package org.iommunit.assertj.error;

import org.assertj.core.error.ErrorMessageFactory;
import org.iommunit.iommufd.Iommufd;

/** An iommufd context keeps another number of pages pinned than expected. */
public final class ShouldHavePinnedPages extends IommuMessageFactory {

  /**
   * Returns the message for a context pinning another number of pages.
   *
   * @param fd the context
   * @param expected the count wanted
   * @param actual the context's count
   */
  public static ErrorMessageFactory shouldHavePinnedPages(Iommufd fd, long expected,
      long actual) {
    return new ShouldHavePinnedPages(fd, expected, actual);
  }

  private ShouldHavePinnedPages(Iommufd fd, long expected, long actual) {
    super("%nExpecting iommufd context %s to keep %s page(s) pinned%nbut it keeps %s.%nAn IOAS"
        + " pins the pages under its areas, once however many domains map them, only while it has"
        + " a domain; an access pins what it asks for until it unpins or an unmap takes it away.",
        fd, expected, actual);
  }
}
