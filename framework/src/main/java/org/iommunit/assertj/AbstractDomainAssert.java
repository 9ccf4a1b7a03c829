package org.iommunit.assertj;

import static org.iommunit.assertj.error.ShouldBeFreed.shouldBeFreed;
import static org.iommunit.assertj.error.ShouldHaveAperture.shouldHaveAperture;
import static org.iommunit.assertj.error.ShouldHaveDomainUsers.shouldHaveDomainUsers;
import static org.iommunit.assertj.error.ShouldHaveType.shouldHaveType;
import static org.iommunit.assertj.error.ShouldMap.shouldMap;
import static org.iommunit.assertj.error.ShouldMapRange.shouldMapRange;
import static org.iommunit.assertj.error.ShouldNotBeFreed.shouldNotBeFreed;
import static org.iommunit.assertj.error.ShouldNotMap.shouldNotMap;

import java.util.Objects;
import org.iommunit.assertj.error.Hex;
import org.iommunit.core.DomainType;
import org.iommunit.core.IommuDomain;
import org.iommunit.pgtable.Translation;
import org.iommunit.pgtable.WalkResult;
import org.iommunit.pgtable.Walker;
import org.jspecify.annotations.Nullable;

/**
 * Assertions on one IOMMU domain ({@code struct iommu_domain}): its type, its lifetime, its
 * aperture and its mappings as {@code iommu_iova_to_phys()} reports them.
 *
 * <pre>{@code
 * iommu.map(domain, 0x1000, 0x8000_0000L, 0x2000, Prot.READ | Prot.WRITE);
 * assertThat(domain).hasType(DomainType.UNMANAGED).maps(0x1abc).to(0x8000_0abcL);
 * assertThat(domain).mapsRange(0x1000, 0x8000_0000L, 0x2000).hasNoMappingAt(0x3000);
 * assertThat(domain).hasNoMappingAt(0x1000);   // fails: it translates to 0x80000000
 * }</pre>
 *
 * <p>Permissions and page sizes are properties of the hardware walk: check them on the domain's
 * page table with {@link AbstractPageTableAssert#maps(long)}.
 *
 * @param <SELF> the concrete assertion type
 */
public abstract class AbstractDomainAssert<SELF extends AbstractDomainAssert<SELF>>
    extends AbstractIommuAssert<SELF, IommuDomain> {

  /**
   * Creates an assertion on a domain.
   *
   * @param actual the domain; null fails every check
   * @param selfType the concrete assertion class
   */
  protected AbstractDomainAssert(@Nullable IommuDomain actual, Class<?> selfType) {
    super(actual, selfType);
  }

  /** Verifies the domain's current type; DMA and DMA_FQ are different types. */
  public SELF hasType(DomainType expected) {
    Objects.requireNonNull(expected, "expected type");
    return check(() -> {
      isNotNull();
      if (actual.type() == expected) {
        return;
      }
      throw failureComparing(shouldHaveType(actual, expected), expected, actual.type());
    });
  }

  /**
   * Verifies the SVA domain's {@code domain->users}: how many device attachments share it.
   * {@code assertThat(svaDomain).hasUsers(2)} passes after two devices bound the same mm.
   */
  public SELF hasUsers(int expected) {
    return check(() -> {
      isNotNull();
      int users = actual.users();
      if (users == expected) {
        return;
      }
      throw failureComparing(shouldHaveDomainUsers(actual, expected, users), expected, users);
    });
  }

  /**
   * Verifies that {@code iova} is mapped and returns an assertion on its translation. An identity
   * domain maps every IOVA to itself; a blocked domain maps none. As in the kernel, a paging
   * domain's translation to physical address 0 cannot be told from no mapping.
   *
   * <p>Final, so that soft assertions collect a failure here and still return the sub-assertion.
   */
  public final TranslationAssert maps(long iova) {
    long pa = actual == null ? RangeCheck.UNMAPPED : iovaToPhys(actual, iova);
    check(() -> {
      isNotNull();
      if (pa == RangeCheck.UNMAPPED) {
        throw failure(shouldMap(actual, iova));
      }
    });
    if (actual == null) {
      return new TranslationAssert(this, "(null)", new Translation().toResult());
    }
    Walker walker = actual.ops().walker(actual);
    WalkResult walk = walker == null ? null : walker.walk(iova, 0);
    return new TranslationAssert(this, actual, iova, pa, pa != RangeCheck.UNMAPPED, walk);
  }

  /** Verifies that {@code iova} does not translate ({@code iommu_iova_to_phys()} returns 0). */
  public SELF hasNoMappingAt(long iova) {
    return check(() -> {
      isNotNull();
      long pa = iovaToPhys(actual, iova);
      if (pa == RangeCheck.UNMAPPED) {
        return;
      }
      throw failure(shouldNotMap("domain " + actual, iova, pa,
          actual.type() == DomainType.IDENTITY ? "an identity domain maps every IOVA to itself"
              : ""));
    });
  }

  /**
   * Verifies that every byte of {@code [iova, iova + size)} translates to the same offset in
   * {@code [pa, pa + size)}, checking once per smallest page of the domain. Fails listing the
   * first wrong addresses.
   *
   * @throws IllegalArgumentException for an empty range or one that wraps
   */
  public SELF mapsRange(long iova, long pa, long size) {
    return check(() -> {
      isNotNull();
      long bitmap = actual.pgsizeBitmap();
      long granule = bitmap == 0 ? 4096 : Long.lowestOneBit(bitmap);
      RangeCheck result = RangeCheck.run(iova, pa, size, granule,
          (at, pageSize) -> iovaToPhys(actual, at));
      if (result.ok()) {
        return;
      }
      throw failure(shouldMapRange("domain " + actual, iova, pa, size, result.problems,
          result.more));
    });
  }

  /**
   * Verifies the domain's aperture ({@code domain->geometry}): the first and the last IOVA a
   * device may use, inclusive.
   */
  public SELF hasAperture(long start, long end) {
    return check(() -> {
      isNotNull();
      if (actual.ops().apertureStart() == start && actual.ops().apertureEnd() == end) {
        return;
      }
      throw failureComparing(shouldHaveAperture(actual, start, end), Hex.closedRange(start, end),
          Hex.closedRange(actual.ops().apertureStart(), actual.ops().apertureEnd()));
    });
  }

  /** Verifies that {@code iommu_domain_free()} released the domain. */
  public SELF isFreed() {
    return check(() -> {
      isNotNull();
      if (actual.isFreed()) {
        return;
      }
      throw failure(shouldBeFreed(actual));
    });
  }

  /** Verifies that the domain has not been freed. */
  public SELF isNotFreed() {
    return check(() -> {
      isNotNull();
      if (!actual.isFreed()) {
        return;
      }
      throw failure(shouldNotBeFreed(actual));
    });
  }

  // iommu_iova_to_phys(): identity maps 1:1, blocked maps nothing, the driver answers the rest.
  // IommuCore.iovaToPhys() does the same but needs the core, which a domain does not reach.
  private static long iovaToPhys(IommuDomain domain, long iova) {
    if (domain.type() == DomainType.IDENTITY) {
      return iova;
    }
    if (domain.type() == DomainType.BLOCKED) {
      return RangeCheck.UNMAPPED;
    }
    long pa = domain.ops().iovaToPhys(domain, iova);
    return pa == 0 ? RangeCheck.UNMAPPED : pa;
  }
}
