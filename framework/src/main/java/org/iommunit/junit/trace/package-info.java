/**
 * Traces: what a test made the simulated IOMMU do, one line of kernel vocabulary per event. A
 * {@link TraceRecorder} records API calls, driver ops, group state changes and WARN_ONs of one
 * platform; a {@link Trace} is the slice a test produced, written and read back by {@link
 * TraceFormat} and compared by {@link TraceDiff}. Start with {@link Trace}. Kernel counterpart:
 * none; the events name the functions of drivers/iommu/iommu.c and the vendor ops.
 */
@NullMarked
package org.iommunit.junit.trace;

import org.jspecify.annotations.NullMarked;
