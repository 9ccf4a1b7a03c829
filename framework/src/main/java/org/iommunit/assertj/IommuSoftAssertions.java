package org.iommunit.assertj;

import org.assertj.core.api.AbstractSoftAssertions;

/**
 * Collects IOMMU assertion failures and reports them together. Use it with AssertJ's {@code
 * SoftAssertionsExtension}, which injects a fresh instance and calls {@code assertAll()} after the
 * test:
 *
 * <pre>{@code
 * @ExtendWith(SoftAssertionsExtension.class)
 * class OwnershipTest {
 *   @Test
 *   void groupClaimDmaOwner_freeGroup_blocksIt(IommuSoftAssertions softly) {
 *     iommu.groupClaimDmaOwner(group, DmaOwner.user("vfio#1"));
 *     softly.assertThat(group).isBlocked().hasOwnerCount(1);
 *     softly.assertThat(platform).satisfiesInvariants();
 *   }
 * }
 * }</pre>
 *
 * <p>Or by hand: {@code SoftAssertionsProvider.assertSoftly(IommuSoftAssertions.class, softly ->
 * ...)}.
 */
public class IommuSoftAssertions extends AbstractSoftAssertions
    implements IommuSoftAssertionsProvider {

  /** Creates an empty collector. */
  public IommuSoftAssertions() {}
}
