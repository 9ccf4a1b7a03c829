package org.iommunit.junit.trace;

import static net.bytebuddy.matcher.ElementMatchers.isDeclaredBy;
import static net.bytebuddy.matcher.ElementMatchers.isFinal;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.isToString;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;

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
import net.bytebuddy.description.modifier.FieldManifestation;
import net.bytebuddy.description.modifier.Visibility;
import net.bytebuddy.dynamic.loading.ClassLoadingStrategy;
import net.bytebuddy.dynamic.scaffold.subclass.ConstructorStrategy;
import net.bytebuddy.implementation.FieldAccessor;
import net.bytebuddy.implementation.InvocationHandlerAdapter;
import net.bytebuddy.implementation.MethodCall;
import net.bytebuddy.implementation.SuperMethodCall;
import org.iommunit.core.BootOptions;
import org.iommunit.core.IommuCore;
import org.iommunit.core.IommuDomain;
import org.iommunit.core.IommuInstance;
import org.iommunit.core.IommuException;
import org.iommunit.core.KernelLog;
import org.iommunit.core.StateChange;
import org.iommunit.device.Device;
import org.iommunit.core.StateListener;
import org.iommunit.dma.DmaListener;
import org.iommunit.dma.DmaResult;
import org.iommunit.dma.IommuFault;
import org.iommunit.driver.DomainOps;
import org.iommunit.driver.IommuOps;
import org.iommunit.iotlb.Invalidation;
import org.iommunit.iotlb.IotlbListener;
import org.iommunit.platform.Platform;
import org.iommunit.semantics.Semantics;
import org.jspecify.annotations.Nullable;

/*
 * Records one platform's events. Driver ops are recorded by ByteBuddy-generated classes that
 * implement IommuOps or DomainOps and delegate to the real ops. The IommuOps calls the core makes
 * (probe, allocation, the static domains: rare) go through an InvocationHandler that records
 * them and wraps the DomainOps they return; the DomainOps calls (attach, map, unmap, sync, free:
 * the busy ones) call the real ops directly with RecordingAdvice.Ops around the call; every
 * other method (queries such as iotlbTag or walker, on hot paths) is a plain delegating call. The classes are generated once per interface, defined through a MethodHandles.Lookup in
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
 * Events are kept as Deferred objects (the call's arguments, frozen so their text cannot change)
 * and written as text only when a trace is read: recording a call costs an object or two, not a
 * string. The model accessors that are no kernel function
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
   * Events in order, each a TraceEvent, a StateChange or a Deferred one not yet written as text
   * (an API call still running among them). Guarded by itself.
   */
  private final List<Object> events = new ArrayList<>();
  private final Map<DomainOps, DomainOps> statics =
      Collections.synchronizedMap(new IdentityHashMap<>()); // never iterated
  private final Set<TraceLevel> levels;
  private final ThreadLocal<Frame> frames = ThreadLocal.withInitial(Frame::new);
  private volatile @Nullable Frame ownerFrame;
  private volatile boolean recording;

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
    if (levels.contains(TraceLevel.IOTLB)) {
      for (IommuInstance instance : platform.iommus()) {
        instance.iotlb().addListener(new IotlbEvents(instance.name()));
      }
    }
    if (levels.contains(TraceLevel.IOTLB) || levels.contains(TraceLevel.DMA)) {
      platform.dma().addListener(new DmaEvents());
    }
    StateListener states = change -> {
      if (recording && levels.contains(TraceLevel.STATE)) {
        add(Deferred.StateLine.of(change));
      }
    };
    Consumer<KernelLog.Entry> warnings = entry -> {
      if (entry.level() == KernelLog.Level.WARN_ON) {
        record(new TraceEvent.Warn(entry.function() + ": " + entry.message()));
      }
    };
    platform.iommu().addStateListener(states);
    platform.log().addListener(warnings);
    recording = true;
  }

  /** Stops recording; events recorded so far stay. */
  public void stop() {
    recording = false;
  }

  /** Appends {@code event} if recording and its level is recorded. */
  public void record(TraceEvent event) {
    if (recording && levels.contains(event.level())) {
      add(event);
    }
  }

  /**
   * Reserves the next line for a call of core method {@code method}, completed when the call
   * returns; returns null if API calls are not being recorded.
   */
  Deferred.@Nullable ApiLine reserve(String name, boolean isVoid) {
    if (!recording || !levels.contains(TraceLevel.API)) {
      return null;
    }
    Deferred.ApiLine line = new Deferred.ApiLine(name, isVoid);
    add(line);
    return line;
  }

  // Inside an outermost core call the thread's events wait in its frame, in order, and are
  // published together when the call returns (one lock per call, not per event).
  private void add(Object event) {
    Frame f = frame();
    if (f.inCore) {
      f.pending.add(event);
      return;
    }
    synchronized (events) {
      events.add(event);
    }
  }

  /**
   * Returns the calling thread's frame. The first thread to ask (in a test, the test's own) keeps
   * its frame in a field, so it needs no thread-local lookup.
   */
  Frame frame() {
    Thread current = Thread.currentThread();
    Frame f = ownerFrame;
    if (f != null && f.thread == current) {
      return f;
    }
    f = frames.get();
    if (ownerFrame == null) {
      ownerFrame = f; // racy: any thread's frame may win, each stays correct for its thread
    }
    return f;
  }

  /** Appends the events {@code f} holds, in order, and empties it. */
  void publish(Frame f) {
    if (!f.pending.isEmpty()) {
      List<Object> pending = f.pending;
      synchronized (events) {
        for (int i = 0; i < pending.size(); i++) { // addAll would copy the list to an array
          events.add(pending.get(i));
        }
      }
      f.pending.clear();
    }
  }

  /** What one thread is doing in the recorded core: inside a call or not, and its events. */
  static final class Frame {
    /** The thread the frame belongs to. */
    final Thread thread = Thread.currentThread();
    /** True while the thread is inside an outermost core call. */
    boolean inCore;
    /** The events of that call so far, its API line first. */
    final List<Object> pending = new ArrayList<>();
  }

  /**
   * Forgets every event recorded so far, for a benchmark that records millions of them; marks
   * taken before become meaningless. Only while no recorded call is running.
   */
  void clear() {
    synchronized (events) {
      events.clear();
    }
  }

  /** Returns the number of events recorded so far: a mark for {@link #trace}. */
  public int mark() {
    synchronized (events) {
      return events.size();
    }
  }

  /** Returns a live trace of the events from {@code from} on, at the header's levels. */
  public Trace trace(TraceHeader header, int from) {
    return new Trace(header, () -> slice(from, Integer.MAX_VALUE));
  }

  /** Returns a fixed trace of the events from {@code from} up to {@code to}, exclusive. */
  public Trace trace(TraceHeader header, int from, int to) {
    return Trace.of(header, slice(from, to));
  }

  // Writes deferred events as text, once: the text replaces them in the list.
  private List<TraceEvent> slice(int from, int to) {
    synchronized (events) {
      List<TraceEvent> out = new ArrayList<>();
      int end = Math.min(to, events.size());
      for (int i = Math.min(from, events.size()); i < end; i++) {
        Object e = events.get(i);
        TraceEvent event;
        if (e instanceof StateChange) { // a state change that names no DMA domain
          event = new TraceEvent.State(e.toString());
          events.set(i, event);
        } else if (e instanceof Deferred) {
          event = ((Deferred) e).resolve();
          if (event == null) { // an API call still running has no line yet
            continue;
          }
          events.set(i, event);
        } else {
          event = (TraceEvent) e;
        }
        out.add(event);
      }
      return List.copyOf(out);
    }
  }

  /** One IOMMU instance's invalidations; the instance name prefixes each line. */
  private final class IotlbEvents implements IotlbListener {
    private final String iommu;

    IotlbEvents(String iommu) {
      this.iommu = iommu;
    }

    @Override
    public void invalidated(Invalidation invalidation) {
      if (recording) {
        add(new Deferred.IotlbLine(iommu, invalidation));
      }
    }

    @Override
    public void synced() {
      if (recording) {
        add(new Deferred.IotlbLine(iommu, null));
      }
    }
  }

  /** The platform's DMA: transfers and faults at DMA, flush-queue flushes at IOTLB. */
  private final class DmaEvents implements DmaListener {
    @Override
    public void transferred(DmaResult result) {
      if (recording && levels.contains(TraceLevel.DMA)) {
        add(new Deferred.TransferLine(result));
      }
    }

    @Override
    public void faulted(IommuFault fault) {
      if (recording && levels.contains(TraceLevel.DMA)) {
        record(new TraceEvent.Dma(HardwareText.fault(fault)));
      }
    }

    @Override
    public void flushQueueFlushing(IommuDomain domain, int pending) {
      if (recording && levels.contains(TraceLevel.IOTLB)) {
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
    private final String iommu;

    OpsSink(String iommu) {
      this.iommu = iommu;
    }

    /** Records an {@code attach_dev} that returned or threw {@code thrown}. */
    void attachDev(IommuDomain domain, Device dev, @Nullable IommuDomain old,
        @Nullable Throwable thrown) {
      if (recording && levels.contains(TraceLevel.OPS)) {
        add(new Deferred.AttachDevLine(iommu, domain, dev, old, failure(thrown)));
      }
    }

    /** Records one op that returned {@code result} or threw {@code thrown}. */
    void op(String name, String descriptor, @Nullable Object[] args, @Nullable Object result,
        @Nullable Throwable thrown) {
      if (!recording || !levels.contains(TraceLevel.OPS)) {
        return;
      }
      add(new Deferred.OpsLine(iommu, name, descriptor.endsWith(")V"), args, result,
          failure(thrown)));
    }

    private @Nullable String failure(@Nullable Throwable thrown) {
      return thrown == null ? null : thrown instanceof IommuException
          ? ((IommuException) thrown).errno().asReturnValue()
          : "!" + thrown.getClass().getSimpleName();
    }
  }

  private @Nullable Object recorded(String iommu, Object real, Method method,
      @Nullable Object[] args) throws Throwable {
    Object result;
    try {
      result = invoke(real, method, args);
    } catch (IommuException e) {
      recordOp(iommu, method, args, null, e.errno().asReturnValue());
      throw e;
    } catch (RuntimeException | Error e) {
      recordOp(iommu, method, args, null, "!" + e.getClass().getSimpleName());
      throw e;
    }
    recordOp(iommu, method, args, result, null);
    return result;
  }

  private void recordOp(String iommu, Method method, @Nullable Object[] args,
      @Nullable Object result, @Nullable String failure) {
    if (recording && levels.contains(TraceLevel.OPS)) {
      add(new Deferred.OpsLine(iommu, method.getName(), method.getReturnType() == void.class,
          args, result, failure));
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

  private static Class<?> defineCore() throws NoSuchMethodException {
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
        .method(isDeclaredBy(IommuCore.class).and(isPublic()).and(not(isStatic()))
            .and(not(isFinal())).and(not(namedOneOf(NOT_API.toArray(String[]::new)))))
        .intercept(Advice.to(RecordingAdvice.Api.class).wrap(SuperMethodCall.INSTANCE))
        .make()
        .load(TraceRecorder.class.getClassLoader(),
            ClassLoadingStrategy.UsingLookup.of(MethodHandles.lookup()))
        .getLoaded();
  }

  // DomainOps: every method calls the real ops directly; the recorded ones (DOMAIN_OPS) carry
  // RecordingAdvice.Ops around that call, which hands the call to the OpsSink field.
  private static Class<?> defineDomainOps() throws NoSuchMethodException {
    String[] names = DOMAIN_OPS.stream().sorted().toArray(String[]::new);
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
        .method(isDeclaredBy(DomainOps.class).and(namedOneOf(names))
            .and(not(named("attachDev"))))
        .intercept(Advice.to(RecordingAdvice.Ops.class)
            .wrap(MethodCall.invokeSelf().onField("delegate").withAllArguments()))
        .method(isDeclaredBy(DomainOps.class).and(named("attachDev")))
        .intercept(Advice.to(RecordingAdvice.AttachDev.class)
            .wrap(MethodCall.invokeSelf().onField("delegate").withAllArguments()))
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
