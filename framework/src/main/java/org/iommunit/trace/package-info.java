/**
 * Traces: what a test made the simulated IOMMU do, one line of kernel vocabulary per event. A
 * {@link org.iommunit.trace.Trace} is the slice a test produced, written and read back by {@link
 * org.iommunit.trace.TraceFormat} and compared by {@link org.iommunit.trace.TraceDiff}; its
 * events are {@link org.iommunit.trace.TraceEvent}s. The recorder that produces traces lives in
 * {@code org.iommunit.trace.internal}. Start with {@link org.iommunit.trace.Trace}. Kernel
 * counterpart: none; the events name the functions of drivers/iommu/iommu.c and the vendor ops.
 */
@NullMarked
package org.iommunit.trace;

import org.jspecify.annotations.NullMarked;
