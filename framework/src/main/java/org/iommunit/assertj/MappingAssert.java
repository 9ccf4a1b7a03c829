package org.iommunit.assertj;

import static org.iommunit.assertj.error.ShouldMapTo.shouldMapTo;

import org.iommunit.assertj.error.Hex;

/**
 * Assertions on the translation of one IOVA, as {@code iommu_iova_to_phys()} reports it. Obtain
 * one from {@link AbstractDomainAssert#maps(long)}, which has already checked that the IOVA is
 * mapped.
 *
 * <p>Each check runs through the assertion that created this one, so soft assertions collect its
 * failures too. After a failed {@code maps(iova)} (collected softly) the checks here pass
 * silently: the missing mapping is reported once.
 */
public class MappingAssert {
  private final AbstractIommuAssert<?, ?> parent;
  private final String subject;
  private final long iova;
  private final long pa;
  private final boolean mapped;
  private final String detail;

  /**
   * Creates the assertion; {@link AbstractDomainAssert#maps(long)} does this.
   *
   * @param parent the assertion whose checks this one runs through
   * @param subject what translates, e.g. {@code domain D3:UNMANAGED}
   * @param iova the address
   * @param pa what it translates to; meaningless when not {@code mapped}
   * @param mapped whether the address translates at all
   * @param detail how the translation was found (a hardware walk), or empty
   */
  MappingAssert(AbstractIommuAssert<?, ?> parent, String subject, long iova, long pa,
      boolean mapped, String detail) {
    this.parent = parent;
    this.subject = subject;
    this.iova = iova;
    this.pa = pa;
    this.mapped = mapped;
    this.detail = detail;
  }

  /**
   * Verifies that the IOVA translates to {@code expected}, byte for byte: {@code maps(0x1abc)}
   * of a page mapped at {@code 0x8000_0000} translates to {@code 0x8000_0abc}.
   */
  public MappingAssert to(long expected) {
    parent.check(() -> {
      if (!mapped || pa == expected) {
        return;
      }
      throw parent.failureComparing(shouldMapTo(subject, iova, expected, pa, detail),
          Hex.hex(expected), Hex.hex(pa));
    });
    return this;
  }

  /** Returns the assertion this one runs its checks through, to check it further. */
  AbstractIommuAssert<?, ?> parent() {
    return parent;
  }

  /** Returns whether the IOVA translates; checks after a failed {@code maps} do nothing. */
  boolean mapped() {
    return mapped;
  }
}
