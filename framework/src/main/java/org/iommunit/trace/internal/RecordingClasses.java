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
import java.util.Set;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.TypeCache;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.modifier.FieldManifestation;
import net.bytebuddy.description.modifier.Visibility;
import net.bytebuddy.dynamic.loading.ClassLoadingStrategy;
import net.bytebuddy.dynamic.scaffold.subclass.ConstructorStrategy;
import net.bytebuddy.implementation.FieldAccessor;
import net.bytebuddy.implementation.MethodCall;
import net.bytebuddy.implementation.SuperMethodCall;
import net.bytebuddy.matcher.ElementMatcher;
import org.iommunit.base.IotlbGather;
import org.iommunit.core.BootOptions;
import org.iommunit.core.DmaOwner;
import org.iommunit.core.DomainOps;
import org.iommunit.core.Group;
import org.iommunit.core.IommuCore;
import org.iommunit.core.IommuDomain;
import org.iommunit.core.IommuOps;
import org.iommunit.device.Device;
import org.iommunit.semantics.Semantics;

/**
 * Generates, once per class loader, the recording classes a {@link TraceRecorder} installs: a
 * subclass of {@link IommuCore} whose public API methods carry {@link RecordingAdvice}, a {@link
 * DomainOps} wrapper that calls the real ops with the advice around the busy ones, and an {@link
 * IommuOps} wrapper that calls the real ops with the advice around the recorded ones. Defined through a
 * {@link MethodHandles.Lookup} of this package (no agent, no Unsafe, no class injection) and
 * kept in a {@link TypeCache}, which holds no test state.
 */
final class RecordingClasses {
  /** Generated ops classes by interface; holds no test state. */
  private static final TypeCache<Class<?>> TYPES = new TypeCache<>(TypeCache.Sort.STRONG);

  static final Set<String> IOMMU_OPS = Set.of("probeDevice", "releaseDevice",
      "domainAllocPagingFlags", "domainAllocSva", "domainAllocIdentity", "identityDomain",
      "blockedDomain", "releaseDomain");
  static final Set<String> STATIC_DOMAINS = Set.of("identityDomain", "blockedDomain",
      "releaseDomain");
  private static final Set<String> DOMAIN_OPS = Set.of("attachDev", "setDevPasid", "mapPages",
      "unmapPages", "iotlbSyncMap", "iotlbSync", "flushIotlbAll", "free");

  /** Core methods that are model accessors, not kernel functions: never recorded. */
  private static final Set<String> NOT_API = Set.of("bootOptions", "defDomainType", "log",
      "groups", "domains", "addStateListener", "removeStateListener");

  private RecordingClasses() {}

  /** Returns the recording subclass of {@link IommuCore}. */
  static Class<?> coreClass() {
    return TYPES.findOrInsert(TraceRecorder.class.getClassLoader(), IommuCore.class,
        RecordingClasses::defineCore, TYPES);
  }

  /** Returns the recording wrapper of {@link DomainOps}. */
  static Class<?> domainOpsClass() {
    return TYPES.findOrInsert(TraceRecorder.class.getClassLoader(), DomainOps.class,
        RecordingClasses::defineDomainOps, TYPES);
  }

  /** Returns the recording wrapper of {@link IommuOps}. */
  static Class<?> iommuOpsClass() {
    return TYPES.findOrInsert(TraceRecorder.class.getClassLoader(), IommuOps.class,
        RecordingClasses::defineIommuOps, TYPES);
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
        .method(api.and(named("iovaToPhys")).and(takesArguments(IommuDomain.class, long.class))
            .and(returns(long.class)))
        .intercept(RecordingAdvice.api(RecordingAdvice.ApiIovaToPhys.class)
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

  // IommuOps: every method calls the real ops directly; the recorded ones (IOMMU_OPS, rare: probe,
  // release, allocation, the static domains) carry RecordingAdvice.IommuOp around that call,
  // which hands the call to the IommuOpsSink field and returns the DomainOps the sink gives back
  // (the recording wrapper of the driver's domain) in place of the driver's.
  private static Class<?> defineIommuOps() throws NoSuchMethodException {
    String[] names = IOMMU_OPS.stream().sorted().toArray(String[]::new);
    ElementMatcher.Junction<MethodDescription> recorded = isDeclaredBy(IommuOps.class)
        .and(namedOneOf(names));
    MethodCall delegate = MethodCall.invokeSelf().onField("delegate").withAllArguments();
    return new ByteBuddy()
        .subclass(Object.class)
        .name(TraceRecorder.class.getPackageName() + ".RecordingIommuOps")
        .implement(IommuOps.class)
        .defineField("delegate", IommuOps.class, Visibility.PRIVATE, FieldManifestation.FINAL)
        .defineField("sink", IommuOpsSink.class, Visibility.PRIVATE, FieldManifestation.FINAL)
        .defineConstructor(Visibility.PUBLIC)
        .withParameters(IommuOps.class, IommuOpsSink.class)
        .intercept(MethodCall.invoke(Object.class.getConstructor())
            .andThen(FieldAccessor.ofField("delegate").setsArgumentAt(0))
            .andThen(FieldAccessor.ofField("sink").setsArgumentAt(1)))
        .method(isDeclaredBy(IommuOps.class).and(not(namedOneOf(names))))
        .intercept(delegate)
        .method(recorded.and(returns(void.class)))
        .intercept(RecordingAdvice.to(RecordingAdvice.IommuOpVoid.class).wrap(delegate))
        .method(recorded.and(not(returns(void.class))))
        .intercept(RecordingAdvice.to(RecordingAdvice.IommuOp.class).wrap(delegate))
        .method(isToString())
        .intercept(MethodCall.invoke(Object.class.getMethod("toString")).onField("delegate"))
        .make()
        .load(TraceRecorder.class.getClassLoader(),
            ClassLoadingStrategy.UsingLookup.of(MethodHandles.lookup()))
        .getLoaded();
  }
}
