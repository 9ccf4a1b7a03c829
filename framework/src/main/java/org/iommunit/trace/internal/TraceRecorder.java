package org.iommunit.trace.internal;

import java.lang.reflect.Constructor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.iommunit.base.KernelLog;
import org.iommunit.core.BootOptions;
import org.iommunit.core.DomainOps;
import org.iommunit.core.IommuCore;
import org.iommunit.core.IommuInstance;
import org.iommunit.core.IommuOps;
import org.iommunit.platform.Platform;
import org.iommunit.semantics.Semantics;
import org.iommunit.trace.Trace;
import org.iommunit.trace.TraceEvent;
import org.iommunit.trace.TraceHeader;
import org.iommunit.trace.TraceLevel;
import org.jspecify.annotations.Nullable;

/*
 * Records one platform's events; this class keeps the tapes and merges them, RecordingClasses
 * generates the recording classes, PlatformListeners and OpsSink turn reports into events.
 * Driver ops are recorded by ByteBuddy-generated classes that
 * implement IommuOps or DomainOps and delegate to the real ops. The IommuOps calls the core makes
 * (probe, allocation, the static domains: rare) call the real ops with RecordingAdvice.IommuOp
 * around the call, which hands them to an IommuOpsSink that records them and gives the core a
 * recording wrapper of each DomainOps they return; the DomainOps calls (attach, map, unmap, sync, free:
 * the busy ones) call the real ops directly with RecordingAdvice around the call (the advice of
 * the call's shape of arguments); every other method (queries such as iotlbTag or walker, on
 * hot paths) is a plain delegating call. The classes are generated once per interface, defined
 * through a MethodHandles.Lookup in
 * this package (no agent, no Unsafe, no class injection) and kept in a TypeCache. State changes
 * and WARN_ONs come from the fixtures' own listeners. Nothing in the recorded code knows.
 *
 * Recording starts with start(): what happens during boot is not recorded, but the DomainOps the
 * drivers hand out at boot (default and static domains) are already wrapped. Static domains are
 * wrapped once each, because the core recognises them by identity.
 *
 * Core API calls are recorded by a generated subclass of IommuCore (core(BootOptions, Semantics)
 * installed with PlatformBuilder.coreFactory) whose public methods call the real method with
 * RecordingAdvice.Api around it, which hands the call to ApiCalls.
 *
 * The ioctls of iommufd and VFIO reach the recorder through the platform's ioctl listeners
 * (PlatformListeners.IoctlEvents): an ioctl's line is opened on the tape when it starts, like a
 * core call's, and the tape is not committed until the outermost ioctl of the thread ends, so
 * the core calls it made stay after its line and become readable with it.
 *
 * Events are appended to a Tape as their parts (kinds, call-site numbers, primitives, domain ids
 * and types, and the few objects that are no number), frozen so their text cannot change, and
 * written as text only when a trace is read: recording an event allocates nothing. The first
 * thread that reaches the recorder (in a test, the test's own) owns the recorder's tape: it
 * appends with no lock and makes a call's events readable with one release store when the
 * outermost call returns. Any other thread appends to a tape of its own and, when its call
 * returns, writes its events as text and adds them under the lock after the owner's events
 * committed so far; readers merge the two under the lock. So a call's lines stay together and
 * events of different threads keep the order in which their calls completed, as before.
 *
 * The model accessors that are no kernel function
 * (bootOptions, defDomainType, log, groups, domains, the state listener registration) and the
 * final semantics() are not intercepted.
 */

/**
 * Records the events of one {@link Platform}: core API calls and driver ops (when the recorder
 * was installed before boot), group state changes, IOTLB invalidations, device DMA and faults,
 * and {@code WARN_ON}s. Install {@link #wrap} with {@code
 * PlatformBuilder.wrapIommuOps}, then call {@link #start(Platform)} after boot; {@link #trace}
 * returns the events from a {@link #mark()} on. Thread-safe.
 */
public final class TraceRecorder {
  /** The IOMMUnit version written into trace headers. */
  public static final String VERSION = Version.read();

  /**
   * Guards what readers share: the events of other threads than the owner, the events written
   * as text so far and where the owner's tape was read up to.
   */
  private final Object lock = new Object();
  /** The owner thread's events, appended without a lock (see frame()). */
  private final Tape tape = new Tape();
  /** Events written as text, in order, from the start or the last clear. Guarded by lock. */
  private final List<TraceEvent> resolved = new ArrayList<>();
  /** Where the owner's tape was read up to. Guarded by lock. */
  private final Tape.Cursor cursor = new Tape.Cursor();
  /** Where the owner's tape was read up to, a tape position. Guarded by lock. */
  private int decoded;
  /** Other threads' events not yet merged, in order. Guarded by lock. */
  private final List<Foreign> foreign = new ArrayList<>();
  private int foreignNext;
  /** Other threads' events added since the start or the last clear. Guarded by lock. */
  private int foreignTotal;
  /** Told of each allocated domain's wrapper; set before the platform boots. */
  private volatile @Nullable Consumer<DomainOps> onDomainAllocated;
  private final Map<DomainOps, DomainOps> statics =
      Collections.synchronizedMap(new IdentityHashMap<>()); // never iterated
  private final Set<TraceLevel> levels;
  private final boolean api;
  private final boolean ops;
  private final boolean state;
  final boolean iotlb;
  final boolean dma;
  /** The tapes of other threads than the owner; made when the first of them records. */
  private volatile @Nullable ThreadLocal<Tape> frames;
  // Plain fields, read on every event: a volatile read there costs a few nanoseconds each (the
  // JIT may keep nothing across it). The owner thread is written once, under the lock; a thread
  // that reads a stale null takes the slow path, which reads it again under the lock, and no
  // thread can read another's Thread object as its own. Recording is switched on by start()
  // before the platform is used (threads the test starts later see it through Thread.start or
  // their executor's queue) and off
  // by stop(), which the calling thread sees at once and other threads at their next
  // synchronization.
  private @Nullable Thread owner;
  boolean recording;
  // recording and the level, one field each: the test on every event is one load
  boolean apiOn;
  boolean opsOn;
  boolean stateOn;

  /**
   * An event of another thread than the owner: it follows the owner's events up to tape position
   * {@code at}.
   */
  private record Foreign(int at, TraceEvent event) {}

  /** Creates a recorder of every level that records nothing until {@link #start(Platform)}. */
  public TraceRecorder() {
    this(EnumSet.allOf(TraceLevel.class));
  }

  /**
   * Creates a recorder of {@code levels} only, which records nothing until {@link
   * #start(Platform)}. Without {@link TraceLevel#IOTLB} and {@link TraceLevel#DMA} it does not
   * listen to the IOTLBs and the DMA engine at all.
   */
  public TraceRecorder(Set<TraceLevel> levels) {
    this.levels = levels.isEmpty() ? EnumSet.noneOf(TraceLevel.class) : EnumSet.copyOf(levels);
    this.api = levels.contains(TraceLevel.API);
    this.ops = levels.contains(TraceLevel.OPS);
    this.state = levels.contains(TraceLevel.STATE);
    this.iotlb = levels.contains(TraceLevel.IOTLB);
    this.dma = levels.contains(TraceLevel.DMA);
  }

  /**
   * Calls {@code hook} with the recording wrapper of every domain a driver allocates (not the
   * static ones) through ops this recorder wrapped, as the core will hold it: for a caller that
   * keeps facts about domains without a wrapper of its own around the driver.
   */
  public void onDomainAllocated(Consumer<DomainOps> hook) {
    onDomainAllocated = hook;
  }

  /**
   * Returns ops that record every driver op call on {@code real} and delegate to it; the shape
   * {@code PlatformBuilder.wrapIommuOps} takes.
   *
   * @param iommu the IOMMU instance name, the prefix of each ops event
   * @param real the driver's ops, a vendor's or the user's own
   */
  public IommuOps wrap(String iommu, IommuOps real) {
    try {
      return (IommuOps) Made.IOMMU_OPS.newInstance(real, new IommuOpsSink(this, iommu));
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("the generated recorder of IommuOps cannot be"
          + " instantiated", e);
    }
  }

  /**
   * Returns a new core that records every public API call made on it while recording, in the
   * shape {@code PlatformBuilder.coreFactory} takes. The core is a generated subclass of {@link
   * IommuCore} that forwards each call to the real method and records it as an {@link
   * TraceEvent.Api} line, e.g. {@code api iommu_attach_device(D2:UNMANAGED, 0000:03:00.0) =
   * -EINVAL}. Calls the core makes on itself are internal and not recorded.
   *
   * @param boot the boot options of the platform
   * @param semantics the semantics profile the core follows
   */
  public IommuCore core(BootOptions boot, Semantics semantics) {
    try {
      return (IommuCore) Made.CORE.newInstance(boot, semantics, new ApiCalls(this));
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("the generated recording core cannot be instantiated", e);
    }
  }

  /**
   * Starts recording {@code platform}: state changes, WARN_ONs, the ops wrapped by {@link #wrap},
   * every IOMMU instance's IOTLB invalidations and completion waits, and the DMA engine's
   * transfers, faults and flush-queue flushes.
   */
  public void start(Platform platform) {
    if (iotlb) {
      for (IommuInstance instance : platform.iommus()) {
        instance.iotlb().addListener(new PlatformListeners.IotlbEvents(this, instance.name()));
      }
    }
    if (iotlb || dma) {
      platform.dma().addListener(new PlatformListeners.DmaEvents(this));
    }
    Consumer<KernelLog.Entry> warnings = entry -> {
      if (entry.level() == KernelLog.Level.WARN_ON) {
        record(new TraceEvent.Warn(entry.function() + ": " + entry.message()));
      }
    };
    platform.iommu().addStateListener(new PlatformListeners.StateEvents(this));
    platform.ioctls().addListener(new PlatformListeners.IoctlEvents(this));
    platform.log().addListener(warnings);
    recording = true;
    apiOn = api;
    opsOn = ops;
    stateOn = state;
  }

  /**
   * Stops recording; events recorded so far stay. Calls the calling thread makes from now on are
   * not recorded; another thread still inside a call, or not synchronized with this one since,
   * may record a few more.
   */
  public void stop() {
    recording = false;
    apiOn = false;
    opsOn = false;
    stateOn = false;
  }

  /** Appends {@code event} if recording and its level is recorded. */
  public void record(TraceEvent event) {
    if (recording && levels.contains(event.level())) {
      Tape f = frame();
      f.event(event);
      done(f);
    }
  }

  /** Returns true if API calls are being recorded. */
  boolean recordsApi() {
    return apiOn;
  }

  /** Makes the event just appended to {@code f} readable unless a core call is running. */
  void done(Tape f) {
    if (!f.inCore) {
      commit(f);
    }
  }

  /**
   * Returns the calling thread's tape, which also says whether the thread is inside a core call.
   * The first thread to ask (in a test, the test's own) owns the recorder's tape: a plain field
   * names it, so finding the tape is one compare with no thread-local lookup, and it appends
   * with no lock. Any other thread appends to a tape of its own, merged under the lock.
   */
  Tape frame() {
    return owner == Thread.currentThread() ? tape : otherFrame();
  }

  private Tape otherFrame() {
    if (owner == null) { // a stale null only leads here, where the lock settles it
      synchronized (lock) {
        if (owner == null) {
          owner = Thread.currentThread();
          return tape;
        }
      }
    }
    ThreadLocal<Tape> others = frames;
    if (others == null) {
      synchronized (lock) {
        others = frames;
        if (others == null) {
          others = ThreadLocal.withInitial(Tape::new);
          frames = others;
        }
      }
    }
    return others.get();
  }

  /**
   * Makes the events {@code t} holds readable, in order: the owner's by committing its tape,
   * another thread's by writing them as text and adding them after the owner's events committed
   * so far, under the lock.
   */
  void commit(Tape t) {
    if (t.ioctlDepth != 0) {
      return; // an ioctl's events become readable together, when it ends
    }
    if (t == tape) {
      t.commit();
    } else if (!t.isEmpty()) {
      commitForeign(t);
    }
  }

  private void commitForeign(Tape t) {
    List<TraceEvent> out = new ArrayList<>();
    t.decodeAll(out);
    t.reset();
    synchronized (lock) {
      int at = tape.committed();
      for (TraceEvent e : out) {
        foreign.add(new Foreign(at, e));
      }
      foreignTotal += out.size();
    }
  }

  /**
   * Forgets every event recorded so far, for a benchmark that records millions of them; marks
   * taken before become meaningless. Only while no recorded call is running.
   */
  void clear() {
    synchronized (lock) {
      tape.reset();
      cursor.reset();
      decoded = 0;
      resolved.clear();
      foreign.clear();
      foreignNext = 0;
      foreignTotal = 0;
    }
  }

  // Writes the events committed so far as text, in order. Under lock.
  private void advance() {
    int committed = tape.committed();
    while (true) {
      if (foreignNext < foreign.size() && foreign.get(foreignNext).at() <= decoded) {
        resolved.add(foreign.get(foreignNext++).event());
      } else if (decoded < committed) {
        int until = foreignNext < foreign.size()
            ? Math.min(committed, foreign.get(foreignNext).at()) : committed;
        tape.decode(cursor, until, resolved);
        decoded = until;
      } else {
        break;
      }
    }
    if (foreignNext == foreign.size()) {
      foreign.clear();
      foreignNext = 0;
    }
  }

  /**
   * Returns the number of events recorded so far: a mark for {@link #trace}. The owner thread
   * counts them without writing them as text: its committed events (the tape counts them) and
   * every other thread's, which were added after events of the owner it had committed already.
   */
  public int mark() {
    if (owner == Thread.currentThread()) {
      synchronized (lock) {
        return tape.committedEvents() + foreignTotal;
      }
    }
    synchronized (lock) {
      advance();
      return resolved.size();
    }
  }

  /** Returns a live trace of the events from {@code from} on, at the header's levels. */
  public Trace trace(TraceHeader header, int from) {
    return Trace.live(header, () -> slice(from, Integer.MAX_VALUE));
  }

  /** Returns a fixed trace of the events from {@code from} up to {@code to}, exclusive. */
  public Trace trace(TraceHeader header, int from, int to) {
    return Trace.of(header, slice(from, to));
  }

  /**
   * Returns the trace of the events from {@code from} up to {@code to}, exclusive, written as
   * text only when it is first read: the same events as {@link #trace(TraceHeader, int, int)} on
   * every read, for a caller that usually reads none (a passing test that keeps no files).
   */
  public Trace traceWhenRead(TraceHeader header, int from, int to) {
    return Trace.live(header, () -> slice(from, to));
  }

  // Writes the events as text, once: later reads reuse the text.
  private List<TraceEvent> slice(int from, int to) {
    synchronized (lock) {
      advance();
      int end = Math.min(to, resolved.size());
      int start = Math.min(from, end);
      return List.copyOf(resolved.subList(start, end));
    }
  }

  // One recorded IommuOps call has returned (result) or thrown: records it, unless it fetched a
  // static domain, and returns what the core gets back: a domain's recording wrapper, made once
  // per static domain (the core recognises those by identity).
  @Nullable Object iommuOp(String iommu, int iommuSite, int site, @Nullable Object @Nullable [] args,
      @Nullable Object result, @Nullable Throwable thrown) {
    boolean isStatic = RecordingClasses.STATIC_DOMAINS.contains(Sites.site(site).name());
    if (!isStatic && opsOn) {
      Tape f = frame();
      f.opsArgs(iommuSite, site, args, result, thrown);
      done(f);
    }
    if (!(result instanceof DomainOps) || thrown != null) {
      return result;
    }
    DomainOps ops = (DomainOps) result;
    if (isStatic) {
      return statics.computeIfAbsent(ops, o -> wrapDomain(iommu, o));
    }
    DomainOps wrapped = wrapDomain(iommu, ops);
    Consumer<DomainOps> hook = onDomainAllocated;
    if (hook != null) {
      hook.accept(wrapped);
    }
    return wrapped;
  }

  private DomainOps wrapDomain(String iommu, DomainOps real) {
    try {
      return (DomainOps) Made.DOMAIN_OPS.newInstance(real, new OpsSink(this, iommu));
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("the generated recorder of DomainOps cannot be"
          + " instantiated", e);
    }
  }

  /**
   * The constructors of the generated classes, looked up once per JVM when first used (the
   * classes themselves are made once too): a platform boots per test, and each makes a core and
   * a wrapper per IOMMU instance and per domain.
   */
  private static final class Made {
    static final Constructor<?> CORE = constructor(RecordingClasses.coreClass(),
        BootOptions.class, Semantics.class, ApiCalls.class);
    static final Constructor<?> DOMAIN_OPS = constructor(RecordingClasses.domainOpsClass(),
        DomainOps.class, OpsSink.class);
    static final Constructor<?> IOMMU_OPS = constructor(RecordingClasses.iommuOpsClass(),
        IommuOps.class, IommuOpsSink.class);

    private Made() {}

    private static Constructor<?> constructor(Class<?> type, Class<?>... parameters) {
      try {
        return type.getConstructor(parameters);
      } catch (NoSuchMethodException e) {
        throw new IllegalStateException("the generated " + type.getName() + " has no"
            + " constructor it was made with", e);
      }
    }
  }
}
