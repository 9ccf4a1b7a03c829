/**
 * Internal to IOMMUnit: the trace recorder. {@link org.iommunit.trace.internal.TraceRecorder}
 * keeps each thread's event tape and merges other threads' tapes; {@link
 * org.iommunit.trace.internal.RecordingClasses} generates the recording subclasses of the core
 * and the driver interfaces with ByteBuddy; {@link org.iommunit.trace.internal.PlatformListeners}
 * turns the platform's state, IOTLB and DMA reports into events. Not part of the API; the
 * samples' architecture test keeps users' code out of every {@code internal} package. Kernel
 * counterpart: none.
 */
@NullMarked
package org.iommunit.trace.internal;

import org.jspecify.annotations.NullMarked;
