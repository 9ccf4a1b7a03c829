package org.iommunit.assertj;

import static org.iommunit.assertj.error.ShouldBeWalkable.shouldBeWalkable;
import static org.iommunit.assertj.error.ShouldHavePageSize.shouldHavePageSize;
import static org.iommunit.assertj.error.ShouldHavePermissions.shouldHavePermissions;

import org.iommunit.assertj.error.Hex;
import org.iommunit.base.Prot;
import org.iommunit.core.IommuDomain;
import org.iommunit.pgtable.Translation;
import org.iommunit.pgtable.WalkResult;
import org.jspecify.annotations.Nullable;

/**
 * Assertions on the hardware walk of one IOVA: the output address, the permissions and the size
 * of the leaf that maps it. Obtain one from {@link AbstractPageTableAssert#maps(long)}.
 *
 * <pre>{@code
 * table.mapPages(0x1000, 0x8000_0000L, PageSizes.SZ_4K, 1, Prot.READ | Prot.WRITE);
 * assertThat(table).maps(0x1abc).to(0x8000_0abcL)
 *     .withPermissions(Prot.READ, Prot.WRITE).withPageSize(PageSizes.SZ_4K);
 * }</pre>
 */
public class TranslationAssert extends MappingAssert {
  private final String table;
  private final @Nullable WalkResult walk;
  private final String domain; // non-empty for a domain's translation

  /**
   * Creates the assertion; {@link AbstractPageTableAssert#maps(long)} does this.
   *
   * @param parent the assertion whose checks this one runs through
   * @param table names the page table, e.g. {@code ARM_64_LPAE_S1 page table}
   * @param walk the walk of the IOVA, made with no access bits
   */
  TranslationAssert(AbstractIommuAssert<?, ?> parent, String table, WalkResult walk) {
    super(parent, "the " + table, walk.iova(), walk.outputAddress(), walk.ok(), walk.toString());
    this.table = table;
    this.walk = walk;
    this.domain = "";
  }

  /**
   * Creates the assertion for a domain; {@link AbstractDomainAssert#maps(long)} does this. The
   * translation comes from {@code iommu_iova_to_phys()}; {@code walk} is the hardware walk of the
   * domain's page table, null when the domain has none.
   */
  TranslationAssert(AbstractIommuAssert<?, ?> parent, IommuDomain domain, long iova, long pa,
      boolean mapped, @Nullable WalkResult walk) {
    super(parent, "domain " + domain, iova, pa, mapped, walk == null ? "" : walk.toString());
    this.table = "page table of domain " + domain;
    this.walk = walk;
    this.domain = domain.toString();
  }

  private void requireWalk(String check) {
    if (walk == null) {
      parent().check(() -> {
        throw parent().failure(shouldBeWalkable(domain, check));
      });
    }
  }

  @Override
  public TranslationAssert to(long expected) {
    super.to(expected);
    return this;
  }

  /**
   * Verifies that the leaf grants exactly what a mapping made with {@code prot} grants: read for
   * {@link Prot#READ}, write for {@link Prot#WRITE}, execute unless {@link Prot#NOEXEC},
   * unprivileged access unless {@link Prot#PRIV}. Flags are ORed, so {@code withPermissions(READ,
   * WRITE)} equals {@code withPermissions(READ | WRITE)}. A format that cannot express a flag
   * fails here, which is the point: it shows what the hardware really allows.
   *
   * @param prot {@link Prot} flags; CACHE and MMIO do not change permissions
   */
  public TranslationAssert withPermissions(int... prot) {
    int flags = 0;
    for (int p : prot) {
      flags |= p;
    }
    if ((flags & ~Prot.DEFINED) != 0) {
      throw new IllegalArgumentException("withPermissions(" + Prot.toString(flags) + "): only"
          + " the IOMMU_* flags READ to PRIV have a meaning; drop the undefined bits");
    }
    int wanted = permissionsOf(flags);
    int requested = flags;
    requireWalk("withPermissions");
    WalkResult walk = this.walk;
    if (walk == null) {
      return this;
    }
    parent().check(() -> {
      if (!mapped() || walk.permissions() == wanted) {
        return;
      }
      throw parent().failureComparing(shouldHavePermissions(table, requested, wanted, walk),
          Translation.permissionsToString(wanted),
          Translation.permissionsToString(walk.permissions()));
    });
    return this;
  }

  /** Verifies the size of the leaf that maps the IOVA, e.g. {@code PageSizes.SZ_2M}. */
  public TranslationAssert withPageSize(long expected) {
    requireWalk("withPageSize");
    WalkResult walk = this.walk;
    if (walk == null) {
      return this;
    }
    parent().check(() -> {
      if (!mapped() || walk.pageSize() == expected) {
        return;
      }
      throw parent().failureComparing(shouldHavePageSize(table, expected, walk),
          Hex.size(expected), Hex.size(walk.pageSize()));
    });
    return this;
  }

  // What a mapping made with these IOMMU_* flags lets a device do.
  private static int permissionsOf(int prot) {
    int perms = 0;
    if ((prot & Prot.READ) != 0) {
      perms |= Translation.PERM_READ;
    }
    if ((prot & Prot.WRITE) != 0) {
      perms |= Translation.PERM_WRITE;
    }
    if ((prot & Prot.NOEXEC) == 0) {
      perms |= Translation.PERM_EXEC;
    }
    if ((prot & Prot.PRIV) == 0) {
      perms |= Translation.PERM_UNPRIV;
    }
    return perms;
  }
}
