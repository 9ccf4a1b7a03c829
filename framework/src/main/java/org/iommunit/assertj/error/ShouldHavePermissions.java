package org.iommunit.assertj.error;

import org.assertj.core.error.ErrorMessageFactory;
import org.iommunit.base.Prot;
import org.iommunit.pgtable.Translation;
import org.iommunit.pgtable.WalkResult;

/** The leaf that maps an IOVA grants other permissions than a mapping with given flags should. */
public final class ShouldHavePermissions extends IommuMessageFactory {

  /**
   * Returns the message for a leaf whose permissions differ.
   *
   * @param table names the page table
   * @param prot the {@link Prot} flags the mapping was expected to be made with
   * @param expected the {@link Translation} {@code PERM_*} bits those flags grant
   * @param walk the walk that found the leaf
   */
  public static ErrorMessageFactory shouldHavePermissions(String table, int prot, int expected,
      WalkResult walk) {
    return new ShouldHavePermissions(table, prot, expected, walk);
  }

  private ShouldHavePermissions(String table, int prot, int expected, WalkResult walk) {
    super("%nExpecting IOVA %s of the %s to grant %s, as a mapping with %s does,%nbut the leaf"
        + " grants %s:%n  %s%nPermissions read R, W, X (execute) and U (unprivileged access).",
        hex(walk.iova()), text(table), text(Translation.permissionsToString(expected)),
        text(Prot.toString(prot)), text(Translation.permissionsToString(walk.permissions())),
        text(walk.toString()));
  }
}
