/**
 * AssertJ assertions for the simulated IOMMU: groups, domains, devices, page tables, errno results
 * and the model's invariants. Start with {@link org.iommunit.assertj.IommuAssertions}, the one
 * entry point; {@link org.iommunit.assertj.IommuSoftAssertions} collects failures instead of
 * stopping at the first. Each failure message states the broken rule in words and shows the state
 * that broke it; the messages themselves live in {@link org.iommunit.assertj.error}. Kernel
 * counterpart: the checks a reviewer makes by hand against {@code drivers/iommu/iommu.c}.
 */
@NullMarked
package org.iommunit.assertj;

import org.jspecify.annotations.NullMarked;
