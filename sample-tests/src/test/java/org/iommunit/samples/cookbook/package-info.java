/**
 * Cookbook: seven recipes written as a downstream user writes them, one class per recipe. A
 * DMA-API driver ({@link org.iommunit.samples.cookbook.DmaApiDriverTest}), a VFIO-like user owner
 * ({@link org.iommunit.samples.cookbook.VfioUserOwnerTest}), an SVA accelerator with several
 * queues ({@link org.iommunit.samples.cookbook.SvaAcceleratorTest}), the lazy-mode stale IOTLB
 * window ({@link org.iommunit.samples.cookbook.LazyIotlbWindowTest}), fault injection ({@link
 * org.iommunit.samples.cookbook.FaultInjectionTest}), a reviewer's own proposal written as a
 * rule ({@link org.iommunit.samples.cookbook.TryYourOwnProposalTest}) and a VMM passing a card
 * through iommufd ({@link org.iommunit.samples.cookbook.IommufdPassthroughTest}). Start with {@link
 * org.iommunit.samples.cookbook.DmaApiDriverTest}; docs/cookbook.md walks through each.
 */
@NullMarked
package org.iommunit.samples.cookbook;

import org.jspecify.annotations.NullMarked;
