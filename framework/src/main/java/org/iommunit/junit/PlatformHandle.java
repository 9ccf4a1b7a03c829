package org.iommunit.junit;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.iommunit.base.KernelLog;
import org.iommunit.core.IommuDomain;
import org.iommunit.platform.Platform;
import org.iommunit.trace.TraceHeader;
import org.iommunit.trace.internal.TraceRecorder;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Owns one booted {@link Platform} for the extension context that made it (a test, or a class
 * with a per-class lifecycle), kept in that context's store. It remembers which domains the
 * extension owns and which kernel log entries were already reported, so a per-class platform
 * charges each {@code WARN_ON} to one test only.
 *
 * <p>It is both an {@link AutoCloseable}, which the store closes from JUnit 5.13 on, and a
 * {@code CloseableResource}, which the store closes on JUnit 5.10 to 5.12 (deprecated since 5.13,
 * hence the suppression: users' builds show no warning). {@link #close} is idempotent, so
 * however many of JUnit and the extension's own teardown call it, it runs once.
 */
@SuppressWarnings("deprecation") // Store.CloseableResource: the JUnit 5.10-5.12 close contract
final class PlatformHandle implements AutoCloseable, ExtensionContext.Store.CloseableResource {
  private final String ownerId;
  private final Platform platform;
  private final @Nullable OpsInstrumentation instrumentation;
  private final String origin;
  private final TraceRecorder recorder;
  private final TraceHeader header;
  private final Set<IommuDomain> owned = Collections.synchronizedSet(
      Collections.newSetFromMap(new IdentityHashMap<>()));
  private final BitSet reported = new BitSet(); // guarded by this; bit n = log entry n reported
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * Wraps a booted platform.
   *
   * @param ownerId the unique id of the extension context that owns it
   * @param platform the machine
   * @param instrumentation the ops instrumentation installed at boot; null for a platform a
   *     factory booted itself
   * @param origin how the platform was made, for messages, e.g. {@code factory twoCards()}
   * @param recorder the trace recorder, started after boot
   * @param header what traces of this platform are recorded on, at every level
   */
  PlatformHandle(String ownerId, Platform platform, @Nullable OpsInstrumentation instrumentation,
      String origin, TraceRecorder recorder, TraceHeader header) {
    this.recorder = recorder;
    this.header = header;
    this.ownerId = ownerId;
    this.platform = platform;
    this.instrumentation = instrumentation;
    this.origin = origin;
  }

  /** Returns the unique id of the owning extension context. */
  String ownerId() {
    return ownerId;
  }

  /** Returns the machine. */
  Platform platform() {
    return platform;
  }

  /** Returns the instrumentation; null for a platform a factory booted itself. */
  @Nullable OpsInstrumentation instrumentation() {
    return instrumentation;
  }

  /** Returns the trace recorder. */
  TraceRecorder recorder() {
    return recorder;
  }

  /** Returns the header of this platform's traces, at every level. */
  TraceHeader traceHeader() {
    return header;
  }

  /** Returns how the platform was made. */
  String origin() {
    return origin;
  }

  /** Records that the extension made {@code domain}; leak checks leave it to its scope. */
  void adopt(IommuDomain domain) {
    owned.add(domain);
  }

  /** Returns true if the extension made {@code domain}. */
  boolean owns(IommuDomain domain) {
    return owned.contains(domain);
  }

  /** Returns the sequence number of the newest kernel log entry; 0 for an empty log. */
  int lastLogSequence() {
    return platform.log().size();
  }

  /** Returns the WARN_ONs logged after entry {@code after} not reported yet, and marks them. */
  synchronized List<KernelLog.Entry> takeWarnings(int after) {
    List<KernelLog.Entry> out = new ArrayList<>();
    for (KernelLog.Entry e : platform.warnings()) {
      if (e.sequence() > after && !reported.get(e.sequence())) {
        reported.set(e.sequence());
        out.add(e);
      }
    }
    return out;
  }

  /** Stops fault injection; idempotent, as afterEach and the store may both call it. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true) && instrumentation != null) {
      instrumentation.disarm();
    }
  }
}
