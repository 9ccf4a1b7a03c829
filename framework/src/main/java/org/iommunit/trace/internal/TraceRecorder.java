package org.iommunit.trace.internal;

import static net.bytebuddy.matcher.ElementMatchers.isDeclaredBy;
import static net.bytebuddy.matcher.ElementMatchers.isFinal;
import static net.bytebuddy.matcher.ElementMatchers.isPrimitive;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.isToString;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import java.lang.invoke.MethodHandles;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.TypeCache;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.modifier.FieldManifestation;
import net.bytebuddy.description.modifier.Visibility;
import net.bytebuddy.dynamic.loading.ClassLoadingStrategy;
import net.bytebuddy.dynamic.scaffold.subclass.ConstructorStrategy;
import net.bytebuddy.implementation.FieldAccessor;
import net.bytebuddy.implementation.InvocationHandlerAdapter;
import net.bytebuddy.implementation.MethodCall;
import net.bytebuddy.implementation.SuperMethodCall;
import net.bytebuddy.matcher.ElementMatcher;
import org.iommunit.base.IotlbGather;
import org.iommunit.base.KernelLog;
import org.iommunit.core.BootOptions;
import org.iommunit.core.DmaOwner;
import org.iommunit.core.DomainOps;
import org.iommunit.core.Group;
import org.iommunit.core.IommuCore;
import org.iommunit.core.IommuDomain;
import org.iommunit.core.IommuInstance;
import org.iommunit.core.IommuOps;
import org.iommunit.core.StateChange;
import org.iommunit.core.StateListener;
import org.iommunit.device.Device;
import org.iommunit.dma.DmaListener;
import org.iommunit.dma.DmaResult;
import org.iommunit.dma.IommuFault;
import org.iommunit.iotlb.Invalidation;
import org.iommunit.iotlb.InvalidationKind;
import org.iommunit.iotlb.IotlbListener;
import org.iommunit.platform.Platform;
import org.iommunit.semantics.Semantics;
import org.iommunit.trace.Trace;
import org.iommunit.trace.TraceEvent;
import org.iommunit.trace.TraceHeader;
import org.iommunit.trace.TraceLevel;
import org.jspecify.annotations.Nullable;

/*
 * Records one platform's events. Driver ops are recorded by ByteBuddy-generated classes that
 * implement IommuOps or DomainOps and delegate to the real ops. The IommuOps calls the core makes
 * (probe, allocation, the static domains: rare) go through an InvocationHandler that records
 * them and wraps the DomainOps they return; the DomainOps calls (attach, map, unmap, sync, free:
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

  /** Generated ops classes by interface; holds no test state. */
  private static final TypeCache<Class<?>> TYPES = new TypeCache<>(TypeCache.Sort.STRONG);

  private static final Set<String> IOMMU_OPS = Set.of("probeDevice", "releaseDevice",
      "domainAllocPagingFlags", "domainAllocSva", "domainAllocIdentity", "identityDomain",
      "blockedDomain", "releaseDomain");
  private static final Set<String> STATIC_DOMAINS = Set.of("identityDomain", "blockedDomain",
      "releaseDomain");
  private static final Set<String> DOMAIN_OPS = Set.of("attachDev", "setDevPasid", "mapPages",
      "unmapPages", "iotlbSyncMap", "iotlbSync", "flushIotlbAll", "free");

  /** Core methods that are model accessors, not kernel functions: never recorded. */
  private static final Set<String> NOT_API = Set.of("bootOptions", "defDomainType", "log",
      "groups", "domains", "addStateListener", "removeStateListener");

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
  private final Map<DomainOps, DomainOps> statics =
      Collections.synchronizedMap(new IdentityHashMap<>()); // never iterated
  private final Set<TraceLevel> levels;
  private final boolean api;
  private final boolean ops;
  private final boolean state;
  private final boolean iotlb;
  private final boolean dma;
  private final ThreadLocal<Tape> frames = ThreadLocal.withInitial(Tape::new);
  // Plain fields, read on every event: a volatile read there costs a few nanoseconds each (the
  // JIT may keep nothing across it). The owner thread is written once, under the lock; a thread
  // that reads a stale null takes the slow path, which reads it again under the lock, and no
  // thread can read another's Thread object as its own. Recording is switched on by start() before the platform is used
  // (threads the test starts later see it through Thread.start or their executor's queue) and off
  // by stop(), which the calling thread sees at once and other threads at their next
  // synchronization.
  private @Nullable Thread owner;
  private boolean recording;
  // recording and the level, one field each: the test on every event is one load
  private boolean apiOn;
  private boolean opsOn;
  private boolean stateOn;

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
   * Returns ops that record every driver op call on {@code real} and delegate to it; the shape
   * {@code PlatformBuilder.wrapIommuOps} takes.
   *
   * @param iommu the IOMMU instance name, the prefix of each ops event
   * @param real the driver's ops, a vendor's or the user's own
   */
  public IommuOps wrap(String iommu, IommuOps real) {
    return generate(IommuOps.class, IOMMU_OPS, real,
        (proxy, method, args) -> iommuOp(iommu, real, method, args));
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
    Class<?> type = TYPES.findOrInsert(TraceRecorder.class.getClassLoader(), IommuCore.class,
        TraceRecorder::defineCore, TYPES);
    try {
      return (IommuCore) type.getConstructor(BootOptions.class, Semantics.class, ApiCalls.class)
          .newInstance(boot, semantics, new ApiCalls(this));
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
        instance.iotlb().addListener(new IotlbEvents(instance.name()));
      }
    }
    if (iotlb || dma) {
      platform.dma().addListener(new DmaEvents());
    }
    Consumer<KernelLog.Entry> warnings = entry -> {
      if (entry.level() == KernelLog.Level.WARN_ON) {
        record(new TraceEvent.Warn(entry.function() + ": " + entry.message()));
      }
    };
    platform.iommu().addStateListener(new StateEvents());
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
  private void done(Tape f) {
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
    return frames.get();
  }

  /**
   * Makes the events {@code t} holds readable, in order: the owner's by committing its tape,
   * another thread's by writing them as text and adding them after the owner's events committed
   * so far, under the lock.
   */
  void commit(Tape t) {
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

  /** Returns the number of events recorded so far: a mark for {@link #trace}. */
  public int mark() {
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

  // Writes the events as text, once: later reads reuse the text.
  private List<TraceEvent> slice(int from, int to) {
    synchronized (lock) {
      advance();
      int end = Math.min(to, resolved.size());
      int start = Math.min(from, end);
      return List.copyOf(resolved.subList(start, end));
    }
  }

  /**
   * Group state changes: domain and owner changes as their parts (no object per change), any
   * other change as the {@link StateChange} itself.
   */
  final class StateEvents implements StateListener {
    @Override
    public void stateChanged(StateChange change) {
      // the core reports domain and owner changes through the typed methods below; one that
      // arrives as an object is written the same way, so its domains keep their types of now
      if (change instanceof StateChange.DomainChanged) {
        StateChange.DomainChanged d = (StateChange.DomainChanged) change;
        domainChanged(d.group(), d.from(), d.to());
      } else if (change instanceof StateChange.DefaultDomainChanged) {
        StateChange.DefaultDomainChanged d = (StateChange.DefaultDomainChanged) change;
        defaultDomainChanged(d.group(), d.from(), d.to());
      } else if (change instanceof StateChange.BlockingDomainChanged) {
        StateChange.BlockingDomainChanged d = (StateChange.BlockingDomainChanged) change;
        blockingDomainChanged(d.group(), d.from(), d.to());
      } else if (change instanceof StateChange.OwnerChanged) {
        StateChange.OwnerChanged o = (StateChange.OwnerChanged) change;
        ownerChanged(o.group(), o.from(), o.fromCount(), o.to(), o.toCount());
      } else if (stateOn) {
        Tape f = frame();
        f.state(change);
        done(f);
      }
    }

    @Override
    public void domainChanged(Group group, @Nullable IommuDomain from,
        @Nullable IommuDomain to) {
      domain(Tape.DOMAIN, group, from, to);
    }

    @Override
    public void defaultDomainChanged(Group group, @Nullable IommuDomain from,
        @Nullable IommuDomain to) {
      domain(Tape.DEFAULT_DOMAIN, group, from, to);
    }

    @Override
    public void blockingDomainChanged(Group group, @Nullable IommuDomain from,
        @Nullable IommuDomain to) {
      domain(Tape.BLOCKING_DOMAIN, group, from, to);
    }

    private void domain(int which, Group group, @Nullable IommuDomain from,
        @Nullable IommuDomain to) {
      if (stateOn) {
        Tape f = frame();
        f.stateDomain(which, group, from, to);
        done(f);
      }
    }

    @Override
    public void ownerChanged(Group group, DmaOwner from, int fromCount, DmaOwner to,
        int toCount) {
      if (stateOn) {
        Tape f = frame();
        f.stateOwner(group, from, fromCount, to, toCount);
        done(f);
      }
    }
  }

  /** One IOMMU instance's invalidations; the instance name prefixes each line. */
  private final class IotlbEvents implements IotlbListener {
    private final int iommu;

    IotlbEvents(String iommu) {
      this.iommu = Sites.id(iommu, "");
    }

    @Override
    public void invalidated(Invalidation invalidation) {
      invalidated(invalidation.kind(), invalidation.tag(), invalidation.pasid(),
          invalidation.address(), invalidation.size(), invalidation.leaf(),
          invalidation.device());
    }

    @Override
    public void invalidated(InvalidationKind kind, int tag, int pasid, long address, long size,
        boolean leaf, String device) {
      if (recording) {
        Tape f = frame();
        f.iotlb(iommu, kind, tag, pasid, address, size, leaf, device);
        done(f);
      }
    }

    @Override
    public void synced() {
      if (recording) {
        Tape f = frame();
        f.iotlbSync(iommu);
        done(f);
      }
    }
  }

  /** The platform's DMA: transfers and faults at DMA, flush-queue flushes at IOTLB. */
  private final class DmaEvents implements DmaListener {
    @Override
    public void transferred(DmaResult result) {
      if (recording && dma) {
        Tape f = frame();
        f.transfer(result);
        done(f);
      }
    }

    @Override
    public void faulted(IommuFault fault) {
      if (recording && dma) {
        record(new TraceEvent.Dma(HardwareText.fault(fault)));
      }
    }

    @Override
    public void flushQueueFlushing(IommuDomain domain, int pending) {
      if (recording && iotlb) {
        record(new TraceEvent.Iotlb(HardwareText.flushQueue(domain, pending)));
      }
    }
  }

  private @Nullable Object iommuOp(String iommu, IommuOps real, Method method,
      @Nullable Object[] args) throws Throwable {
    Object result = STATIC_DOMAINS.contains(method.getName()) ? invoke(real, method, args)
        : recorded(iommu, real, method, args);
    if (result instanceof DomainOps) {
      DomainOps ops = (DomainOps) result;
      if (STATIC_DOMAINS.contains(method.getName())) {
        return statics.computeIfAbsent(ops, o -> wrapDomain(iommu, o));
      }
      return wrapDomain(iommu, ops);
    }
    return result;
  }

  private DomainOps wrapDomain(String iommu, DomainOps real) {
    Class<?> type = TYPES.findOrInsert(TraceRecorder.class.getClassLoader(), DomainOps.class,
        TraceRecorder::defineDomainOps, TYPES);
    try {
      return (DomainOps) type.getConstructor(DomainOps.class, OpsSink.class)
          .newInstance(real, new OpsSink(iommu));
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("the generated recorder of DomainOps cannot be"
          + " instantiated", e);
    }
  }

  /** Where the generated domain-ops wrappers of one IOMMU instance hand their calls. */
  final class OpsSink {
    private final int iommu;

    OpsSink(String iommu) {
      this.iommu = Sites.id(iommu, "");
    }

    // Each method appends one op: its site (the Sites number of its name and descriptor) is a
    // constant of the generated code; primitive arguments and results come unboxed.

    /** Returns the frame to record an op on, or null if ops are not being recorded. */
    private @Nullable Tape open() {
      return opsOn ? frame() : null;
    }

    /** Records an op of one reference argument. */
    void op1(int site, @Nullable Object a0, @Nullable Object result,
        @Nullable Throwable thrown) {
      Tape f = open();
      if (f != null) {
        f.ops(iommu, site, a0, result, thrown);
        done(f);
      }
    }

    /** Records an op of two reference arguments. */
    void op2(int site, @Nullable Object a0, @Nullable Object a1,
        @Nullable Object result, @Nullable Throwable thrown) {
      Tape f = open();
      if (f != null) {
        f.ops(iommu, site, a0, a1, result, thrown);
        done(f);
      }
    }

    /** Records an op of three reference arguments, such as {@code attach_dev}. */
    void op3(int site, @Nullable Object a0, @Nullable Object a1,
        @Nullable Object a2, @Nullable Object result, @Nullable Throwable thrown) {
      Tape f = open();
      if (f != null) {
        f.ops(iommu, site, a0, a1, a2, result, thrown);
        done(f);
      }
    }

    /** Records an {@code attach_dev}. */
    void attachDev(int site, @Nullable IommuDomain domain, @Nullable Device dev,
        @Nullable IommuDomain old, @Nullable Throwable thrown) {
      Tape f = open();
      if (f != null) {
        f.opsAttachDev(iommu, site, domain, dev, old, thrown);
        done(f);
      }
    }

    /** Records a {@code map_pages}. */
    void mapPages(int site, @Nullable IommuDomain domain, long iova, long paddr,
        long pgsize, long pgcount, int prot, long result, @Nullable Throwable thrown) {
      Tape f = open();
      if (f != null) {
        f.opsMapPages(iommu, site, domain, iova, paddr, pgsize,
            pgcount, prot, result, thrown);
        done(f);
      }
    }

    /** Records an {@code unmap_pages}. */
    void unmapPages(int site, @Nullable IommuDomain domain, long iova,
        long pgsize, long pgcount, @Nullable IotlbGather gather, long result,
        @Nullable Throwable thrown) {
      Tape f = open();
      if (f != null) {
        f.opsUnmapPages(iommu, site, domain, iova, pgsize, pgcount,
            gather, result, thrown);
        done(f);
      }
    }

    /** Records an op of a domain and two longs, such as {@code iotlb_sync_map}. */
    void opDomainLongs(int site, @Nullable IommuDomain domain, long a1, long a2,
        @Nullable Throwable thrown) {
      Tape f = open();
      if (f != null) {
        f.opsDomainLongs(iommu, site, domain, a1, a2, thrown);
        done(f);
      }
    }

    /** Records an op of a domain and a gather, such as {@code iotlb_sync}. */
    void opDomainGather(int site, @Nullable IommuDomain domain, @Nullable IotlbGather gather,
        @Nullable Throwable thrown) {
      Tape f = open();
      if (f != null) {
        f.opsDomainGather(iommu, site, domain, gather, thrown);
        done(f);
      }
    }

    /** Records any op with its arguments as an array. */
    void opArgs(int site, @Nullable Object @Nullable [] args,
        @Nullable Object result, @Nullable Throwable thrown) {
      Tape f = open();
      if (f != null) {
        f.opsArgs(iommu, site, args, result, thrown);
        done(f);
      }
    }
  }

  private @Nullable Object recorded(String iommu, Object real, Method method,
      @Nullable Object[] args) throws Throwable {
    Object result;
    try {
      result = invoke(real, method, args);
    } catch (RuntimeException | Error e) {
      recordOp(iommu, method, args, null, e);
      throw e;
    }
    recordOp(iommu, method, args, result, null);
    return result;
  }

  private void recordOp(String iommu, Method method, @Nullable Object[] args,
      @Nullable Object result, @Nullable Throwable thrown) {
    if (opsOn) {
      Tape f = frame();
      f.opsArgs(Sites.id(iommu, ""), Sites.id(method.getName(),
          method.getReturnType() == void.class ? ")V" : ")L"), args, result, thrown);
      done(f);
    }
  }

  private static @Nullable Object invoke(Object target, Method method, @Nullable Object[] args)
      throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException || cause instanceof Error) {
        throw cause;
      }
      throw new UndeclaredThrowableException(cause);
    }
  }

  private static <T> T generate(Class<T> iface, Set<String> routed, T delegate,
      InvocationHandler handler) {
    Class<?> type = TYPES.findOrInsert(TraceRecorder.class.getClassLoader(), iface,
        () -> define(iface, routed), TYPES);
    try {
      return iface.cast(type.getConstructor(iface, InvocationHandler.class)
          .newInstance(delegate, handler));
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("the generated recorder of " + iface.getName()
          + " cannot be instantiated", e);
    }
  }

  /** Methods of {@code n} parameters, none of them primitive. */
  private static ElementMatcher.Junction<MethodDescription> refArgs(int n) {
    ElementMatcher.Junction<MethodDescription> m = takesArguments(n);
    for (int i = 0; i < n; i++) {
      m = m.and(takesArgument(i, not(isPrimitive())));
    }
    return m;
  }

  // Later .method() registrations take precedence: the generic advice (an argument array) is
  // the fallback, the advice of a shape (no array, no boxing) is used where the shape fits.
  private static Class<?> defineCore() throws NoSuchMethodException {
    ElementMatcher.Junction<MethodDescription> api = isDeclaredBy(IommuCore.class)
        .and(isPublic()).and(not(isStatic())).and(not(isFinal()))
        .and(not(namedOneOf(NOT_API.toArray(String[]::new))));
    return new ByteBuddy()
        .subclass(IommuCore.class, ConstructorStrategy.Default.NO_CONSTRUCTORS)
        .name(TraceRecorder.class.getPackageName() + ".RecordingIommuCore")
        .defineField("api", ApiCalls.class, Visibility.PRIVATE, FieldManifestation.FINAL)
        .defineConstructor(Visibility.PUBLIC)
        .withParameters(BootOptions.class, Semantics.class, ApiCalls.class)
        .intercept(MethodCall.invoke(IommuCore.class.getConstructor(BootOptions.class,
                Semantics.class))
            .withArgument(0, 1)
            .andThen(FieldAccessor.ofField("api").setsArgumentAt(2)))
        .method(api)
        .intercept(RecordingAdvice.api(RecordingAdvice.Api.class).wrap(SuperMethodCall.INSTANCE))
        .method(api.and(refArgs(0)))
        .intercept(RecordingAdvice.api(RecordingAdvice.Api0.class).wrap(SuperMethodCall.INSTANCE))
        .method(api.and(refArgs(1)))
        .intercept(RecordingAdvice.api(RecordingAdvice.Api1.class).wrap(SuperMethodCall.INSTANCE))
        .method(api.and(refArgs(2)))
        .intercept(RecordingAdvice.api(RecordingAdvice.Api2.class).wrap(SuperMethodCall.INSTANCE))
        .method(api.and(refArgs(3)))
        .intercept(RecordingAdvice.api(RecordingAdvice.Api3.class).wrap(SuperMethodCall.INSTANCE))
        .method(api.and(returns(void.class)).and(takesArguments(IommuDomain.class,
            Group.class)))
        .intercept(RecordingAdvice.api(RecordingAdvice.ApiDomainGroup.class)
            .wrap(SuperMethodCall.INSTANCE))
        .method(api.and(returns(void.class)).and(takesArguments(Group.class,
            DmaOwner.User.class)))
        .intercept(RecordingAdvice.api(RecordingAdvice.ApiGroupOwner.class)
            .wrap(SuperMethodCall.INSTANCE))
        .method(api.and(returns(void.class)).and(takesArguments(Group.class)))
        .intercept(RecordingAdvice.api(RecordingAdvice.ApiGroup.class)
            .wrap(SuperMethodCall.INSTANCE))
        .method(api.and(named("map")).and(returns(void.class)).and(takesArguments(
            IommuDomain.class, long.class, long.class, long.class, int.class)))
        .intercept(RecordingAdvice.api(RecordingAdvice.ApiMap.class).wrap(SuperMethodCall.INSTANCE))
        .method(api.and(named("unmap")).and(takesArguments(IommuDomain.class, long.class,
            long.class)).and(returns(long.class)))
        .intercept(RecordingAdvice.api(RecordingAdvice.ApiUnmap.class)
            .wrap(SuperMethodCall.INSTANCE))
        .make()
        .load(TraceRecorder.class.getClassLoader(),
            ClassLoadingStrategy.UsingLookup.of(MethodHandles.lookup()))
        .getLoaded();
  }

  // DomainOps: every method calls the real ops directly; the recorded ones (DOMAIN_OPS) carry
  // RecordingAdvice around that call (Ops, or the advice of the op's shape), which hands the call
  // to the OpsSink field.
  private static Class<?> defineDomainOps() throws NoSuchMethodException {
    String[] names = DOMAIN_OPS.stream().sorted().toArray(String[]::new);
    ElementMatcher.Junction<MethodDescription> recorded = isDeclaredBy(DomainOps.class)
        .and(namedOneOf(names));
    MethodCall delegate = MethodCall.invokeSelf().onField("delegate").withAllArguments();
    return new ByteBuddy()
        .subclass(Object.class)
        .name(TraceRecorder.class.getPackageName() + ".RecordingDomainOps")
        .implement(DomainOps.class)
        .defineField("delegate", DomainOps.class, Visibility.PRIVATE, FieldManifestation.FINAL)
        .defineField("sink", OpsSink.class, Visibility.PRIVATE, FieldManifestation.FINAL)
        .defineConstructor(Visibility.PUBLIC)
        .withParameters(DomainOps.class, OpsSink.class)
        .intercept(MethodCall.invoke(Object.class.getConstructor())
            .andThen(FieldAccessor.ofField("delegate").setsArgumentAt(0))
            .andThen(FieldAccessor.ofField("sink").setsArgumentAt(1)))
        .method(isDeclaredBy(DomainOps.class).and(not(namedOneOf(names))))
        .intercept(MethodCall.invokeSelf().onField("delegate").withAllArguments())
        .method(recorded)
        .intercept(RecordingAdvice.to(RecordingAdvice.Ops.class).wrap(delegate))
        .method(recorded.and(refArgs(1)))
        .intercept(RecordingAdvice.to(RecordingAdvice.Ops1.class).wrap(delegate))
        .method(recorded.and(refArgs(2)))
        .intercept(RecordingAdvice.to(RecordingAdvice.Ops2.class).wrap(delegate))
        .method(recorded.and(refArgs(3)))
        .intercept(RecordingAdvice.to(RecordingAdvice.Ops3.class).wrap(delegate))
        .method(recorded.and(named("attachDev")).and(returns(void.class))
            .and(takesArguments(IommuDomain.class, Device.class, IommuDomain.class)))
        .intercept(RecordingAdvice.to(RecordingAdvice.OpsAttachDev.class).wrap(delegate))
        .method(recorded.and(named("iotlbSyncMap")).and(returns(void.class))
            .and(takesArguments(IommuDomain.class, long.class, long.class)))
        .intercept(RecordingAdvice.to(RecordingAdvice.OpsDomainLongs.class).wrap(delegate))
        .method(recorded.and(named("iotlbSync")).and(returns(void.class))
            .and(takesArguments(IommuDomain.class, IotlbGather.class)))
        .intercept(RecordingAdvice.to(RecordingAdvice.OpsDomainGather.class).wrap(delegate))
        .method(recorded.and(named("mapPages")).and(takesArguments(IommuDomain.class,
            long.class, long.class, long.class, long.class, int.class)).and(returns(long.class)))
        .intercept(RecordingAdvice.to(RecordingAdvice.OpsMapPages.class).wrap(delegate))
        .method(recorded.and(named("unmapPages")).and(takesArguments(IommuDomain.class,
            long.class, long.class, long.class, IotlbGather.class)).and(returns(long.class)))
        .intercept(RecordingAdvice.to(RecordingAdvice.OpsUnmapPages.class).wrap(delegate))
        .method(isToString())
        .intercept(MethodCall.invoke(Object.class.getMethod("toString")).onField("delegate"))
        .make()
        .load(TraceRecorder.class.getClassLoader(),
            ClassLoadingStrategy.UsingLookup.of(MethodHandles.lookup()))
        .getLoaded();
  }

  private static Class<?> define(Class<?> iface, Set<String> routed) throws NoSuchMethodException {
    String[] names = routed.stream().sorted().toArray(String[]::new);
    return new ByteBuddy()
        .subclass(Object.class)
        .name(TraceRecorder.class.getPackageName() + ".Recording" + iface.getSimpleName())
        .implement(iface)
        .defineField("delegate", iface, Visibility.PRIVATE, FieldManifestation.FINAL)
        .defineField("handler", InvocationHandler.class, Visibility.PRIVATE,
            FieldManifestation.FINAL)
        .defineConstructor(Visibility.PUBLIC)
        .withParameters(iface, InvocationHandler.class)
        .intercept(MethodCall.invoke(Object.class.getConstructor())
            .andThen(FieldAccessor.ofField("delegate").setsArgumentAt(0))
            .andThen(FieldAccessor.ofField("handler").setsArgumentAt(1)))
        .method(isDeclaredBy(iface).and(not(namedOneOf(names))))
        .intercept(MethodCall.invokeSelf().onField("delegate").withAllArguments())
        .method(isDeclaredBy(iface).and(namedOneOf(names)))
        .intercept(InvocationHandlerAdapter.toField("handler"))
        .method(isToString())
        .intercept(MethodCall.invoke(Object.class.getMethod("toString")).onField("delegate"))
        .make()
        .load(TraceRecorder.class.getClassLoader(),
            ClassLoadingStrategy.UsingLookup.of(MethodHandles.lookup()))
        .getLoaded();
  }
}
