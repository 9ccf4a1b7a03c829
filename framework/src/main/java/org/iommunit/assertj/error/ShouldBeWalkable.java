package org.iommunit.assertj.error;

import org.assertj.core.error.ErrorMessageFactory;

/** A permission or page-size check on a domain that has no hardware page table to walk. */
public final class ShouldBeWalkable extends IommuMessageFactory {

  /**
   * Returns the message for a leaf check on a domain without a walker.
   *
   * @param domain names the domain, e.g. {@code D1:IDENTITY}
   * @param check what was asked, e.g. {@code withPermissions}
   */
  public static ErrorMessageFactory shouldBeWalkable(String domain, String check) {
    return new ShouldBeWalkable(domain, check);
  }

  private ShouldBeWalkable(String domain, String check) {
    super("%nExpecting domain %s to have a hardware page table for %s%nbut it has none (an"
        + " identity or blocked domain, or a driver that keeps its mappings in software);"
        + " only its translation (to) can be checked.", text(domain), text(check));
  }
}
