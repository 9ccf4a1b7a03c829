package org.iommunit.junit;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.iommunit.core.DomainOps;
import org.iommunit.core.IommuDomain;
import org.iommunit.core.IommuOps;
import org.jspecify.annotations.Nullable;
import org.mockito.MockMakers;
import org.mockito.Mockito;
import org.mockito.stubbing.Answer;

/*
 * Sits between one platform's IOMMU core and its vendor drivers, installed before boot through
 * PlatformBuilder.wrapIommuOps, and does three jobs there:
 *
 * - records where each paging domain was allocated (the test's stack frame), keyed by the
 *   DomainOps the core keeps in IommuDomain.ops(), so a leak report can say where a leaked
 *   domain came from without a hook in the core;
 * - when a test asks for @VendorOps or @InjectFault, presents the driver as a Mockito mock of the
 *   IommuOps interface whose default answer comes here: unstubbed calls reach the real driver,
 *   stubs in the test body override them, verify() counts them. The subclass mock maker is used
 *   (an interface needs no inline instrumentation); otherwise a plain JDK proxy does the job and
 *   Mockito is never initialised;
 * - while a test method runs, applies its FaultPlan to driver calls. Faults on per-domain ops
 *   (attach_dev, map_pages, ...) need the DomainOps wrapped too; only then are they wrapped, so
 *   a test without faults maps pages at full speed. Static domains (identity, blocked, release)
 *   are wrapped once each: the core recognises them by identity.
 */
final class OpsInstrumentation {
  /** The site of a domain the platform allocated while it booted. */
  static final String BOOT = "the platform's boot";

  private final boolean spies;
  private final boolean wrapDomains;
  private volatile boolean booted;
  private final AtomicReference<@Nullable FaultPlan> armed = new AtomicReference<>();
  /** Spies by IOMMU instance name, in registration order; guarded by itself. */
  private final Map<String, IommuOps> spiesByInstance = new LinkedHashMap<>();
  /**
   * Allocation sites by the domain ops the core holds, each {@link #BOOT} or the captured stack
   * of the allocation, written as text only when asked for; never iterated.
   */
  private final Map<DomainOps, Object> sites =
      Collections.synchronizedMap(new IdentityHashMap<>());
  /** One wrapper per static domain of a driver; never iterated. */
  private final Map<DomainOps, DomainOps> staticWrappers =
      Collections.synchronizedMap(new IdentityHashMap<>());

  /**
   * Creates the instrumentation of one platform.
   *
   * @param spies present each driver as a Mockito spy
   * @param wrapDomains wrap the domain ops too, so faults reach per-domain ops
   */
  OpsInstrumentation(boolean spies, boolean wrapDomains) {
    this.spies = spies;
    this.wrapDomains = wrapDomains;
  }

  /** Returns the ops the core is given for instance {@code instance} in place of {@code real}. */
  IommuOps wrap(String instance, IommuOps real) {
    if (spies) {
      Answer<Object> forward = invocation ->
          dispatch(real, invocation.getMethod(), invocation.getArguments());
      IommuOps spy = Mockito.mock(IommuOps.class, Mockito.withSettings()
          .name("vendorOps(" + instance + ")")
          .mockMaker(MockMakers.SUBCLASS)
          .defaultAnswer(forward));
      synchronized (spiesByInstance) {
        spiesByInstance.put(instance, spy);
      }
      return spy;
    }
    return (IommuOps) Proxy.newProxyInstance(IommuOps.class.getClassLoader(),
        new Class<?>[] {IommuOps.class}, (proxy, method, args) ->
            method.getDeclaringClass() == Object.class ? objectMethod(proxy, real, method, args)
                : dispatch(real, method, args));
  }

  /**
   * Records where {@code ops}, a domain a driver just allocated, was made: for a platform whose
   * drivers this instrumentation does not wrap (no spies, no faults).
   */
  void allocated(DomainOps ops) {
    sites.put(ops, site());
  }

  // where a domain allocated now comes from: the boot, else the stack of the test's call
  private Object site() {
    return booted ? Sites.capture() : BOOT;
  }

  /** Marks the end of the boot: from now on each domain's allocation site is recorded. */
  void booted() {
    booted = true;
  }

  /** Returns true if the drivers are presented as spies. */
  boolean hasSpies() {
    return spies;
  }

  /** Returns true if faults can reach per-domain ops. */
  boolean wrapsDomains() {
    return wrapDomains;
  }

  /** Returns the spy of {@code instance}, or null. */
  @Nullable IommuOps spy(String instance) {
    synchronized (spiesByInstance) {
      return spiesByInstance.get(instance);
    }
  }

  /** Returns where {@code domain} was allocated, or null if it was not allocated by a driver. */
  @Nullable String siteOf(IommuDomain domain) {
    Object site = sites.get(domain.ops());
    return site instanceof Sites.Capture ? Sites.format((Sites.Capture) site) : (String) site;
  }

  /** Applies {@code plan} to driver calls until {@link #disarm()}. */
  void arm(FaultPlan plan) {
    armed.set(plan.isEmpty() ? null : plan);
  }

  /** Stops applying faults. */
  void disarm() {
    armed.set(null);
  }

  private @Nullable Object dispatch(IommuOps real, Method method, @Nullable Object[] args)
      throws Throwable {
    FaultPlan plan = armed.get();
    if (plan != null) {
      plan.beforeCall(method, args);
    }
    Object result = invoke(real, method, args);
    return result instanceof DomainOps ? adopt(method, (DomainOps) result) : result;
  }

  private DomainOps adopt(Method method, DomainOps ops) {
    String name = method.getName();
    if (name.equals("domainAllocPagingFlags") || name.equals("domainAllocIdentity")
        || name.equals("domainAllocSva")) {
      DomainOps held = wrapDomains ? wrapDomain(ops) : ops;
      // a domain of the boot (a default domain) is the platform's: capture no stack for it
      sites.put(held, site());
      return held;
    }
    // identityDomain(), blockedDomain(), releaseDomain(): the same object on every call
    return wrapDomains ? staticWrappers.computeIfAbsent(ops, this::wrapDomain) : ops;
  }

  private DomainOps wrapDomain(DomainOps real) {
    return (DomainOps) Proxy.newProxyInstance(DomainOps.class.getClassLoader(),
        new Class<?>[] {DomainOps.class}, (proxy, method, args) -> {
          if (method.getDeclaringClass() == Object.class) {
            return objectMethod(proxy, real, method, args);
          }
          FaultPlan plan = armed.get();
          if (plan != null) {
            plan.beforeCall(method, args);
          }
          return invoke(real, method, args);
        });
  }

  // equals and hashCode keep proxy identity; toString shows the driver's own text
  private static Object objectMethod(Object proxy, Object real, Method method,
      @Nullable Object[] args) {
    switch (method.getName()) {
      case "equals":
        return args != null && proxy == args[0];
      case "hashCode":
        return System.identityHashCode(proxy);
      default:
        return real.toString();
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
}
