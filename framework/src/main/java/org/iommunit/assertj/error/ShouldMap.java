package org.iommunit.assertj.error;

import org.assertj.core.error.ErrorMessageFactory;
import org.iommunit.core.IommuDomain;
import org.iommunit.pgtable.WalkResult;

/** An IOVA the test expects to be mapped is not. */
public final class ShouldMap extends IommuMessageFactory {

  /**
   * Returns the message for an IOVA that {@code iommu_iova_to_phys()} finds unmapped.
   *
   * @param domain the domain
   * @param iova the address
   */
  public static ErrorMessageFactory shouldMap(IommuDomain domain, long iova) {
    return new ShouldMap("%nExpecting domain %s to map IOVA %s%nbut iommu_iova_to_phys() finds"
        + " no mapping there.", domain, hex(iova));
  }

  /**
   * Returns the message for an IOVA whose hardware walk faults.
   *
   * @param table names the page table, e.g. {@code ARM_64_LPAE_S1 page table}
   * @param walk the failed walk
   */
  public static ErrorMessageFactory shouldMap(String table, WalkResult walk) {
    return new ShouldMap("%nExpecting the %s to map IOVA %s%nbut the hardware walk faults:%n  %s",
        text(table), hex(walk.iova()), text(walk.toString()));
  }

  private ShouldMap(String format, Object... arguments) {
    super(format, arguments);
  }
}
