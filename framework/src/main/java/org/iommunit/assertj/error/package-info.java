/**
 * The failure messages of the IOMMU assertions, one class per message in the style of AssertJ's
 * {@code org.assertj.core.error}: each has a static {@code shouldXxx(...)} factory and a format
 * that states the expected state, the actual state and the rule in words. Model objects are passed
 * as arguments and rendered by the assertion's representation; only addresses and sizes arrive
 * pre-rendered, in hex, because the kernel prints them so. Start with {@link
 * org.iommunit.assertj.error.ShouldBeInDefaultDomain}.
 */
@NullMarked
package org.iommunit.assertj.error;

import org.jspecify.annotations.NullMarked;
