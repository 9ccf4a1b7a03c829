package org.iommunit.junit;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.iommunit.trace.Trace;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;
import org.jspecify.annotations.Nullable;
import org.opentest4j.AssertionFailedError;

/*
 * The extension behind @SimulatedIommu. It holds no state: everything lives in the JUnit store
 * of the context it serves, under NAMESPACE, as values the store closes when the context ends
 * (AutoCloseable for JUnit 5.13+, CloseableResource for 5.10-5.12) and that afterEach/afterAll
 * also remove and release explicitly.
 *
 * - PLATFORM: the PlatformHandle, in the store of the context that owns the platform: the test
 *   method's, or the class's with @TestInstance(PER_CLASS). A context shares the platform of the
 *   nearest enclosing class context that owns one, unless a declaration nearer to it (on the
 *   test method, or on a class in between) asks for its own.
 * - SCOPE: the Scope of injected objects, in the store of the test or per-class class it serves.
 *
 * - a @CompareSemantics template: SemanticsComparison keeps its profiles and traces.
 * - FAILURE_TRACKER: in the store of every class and test context below the engine's, a
 *   FailureTracker that JUnit closes when that context ends; if the context or one of its
 *   children failed, it tells its parent context's tracker (TempDirectory's scheme), so a
 *   per-class platform reports no leaks after a test that already failed.
 *
 * Stores are hierarchical: get() also finds an ancestor's value, so ownership is told by the
 * owner id each value carries, and remove() (local only) takes exactly this context's values.
 * Only the JUnit 5.10+ API is used (no Store.computeIfAbsent, which is JUnit 6 only).
 */
final class IommuExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
    AfterEachCallback, ParameterResolver, InvocationInterceptor,
    TestTemplateInvocationContextProvider {
  private static final Namespace NAMESPACE = Namespace.create(IommuExtension.class);
  private static final String PLATFORM = "platform";
  private static final String SCOPE = "scope";
  private static final String FAILURE_TRACKER = "failure.tracker";

  IommuExtension() {}

  @Override
  public void beforeAll(ExtensionContext context) {
    installFailureTracker(context);
    Settings settings = Settings.read(context);
    Declaration declaration = Declaration.of(context, settings);
    Relaxations.of(context);
    Class<?> testClass = context.getRequiredTestClass();
    if (!isPerClass(context)) {
      List<InjectionPoint> statics = Scan.staticFields(testClass);
      if (!statics.isEmpty()) {
        throw Misdeclared.of(statics.get(0).label(), "a static field lives as long as the"
            + " class, but this class boots one platform per test", "make it an instance field,"
                + " or give the class @TestInstance(PER_CLASS)");
      }
      return;
    }
    PlatformHandle handle = sharedHandle(context);
    Scope parent = handle == null ? null : parentScope(context, handle);
    if (handle == null) {
      handle = Boot.boot(context.getUniqueId(), declaration, Scan.union(testClass),
          firstFault(Scan.faults(context), Scan.anyFaults(testClass)));
      context.getStore(NAMESPACE).put(PLATFORM, handle);
    }
    Scan.Declarations declared = Scan.forClass(testClass, context.getTestInstance().orElse(null));
    Scope scope = new Scope(context.getUniqueId(), handle, parent, declared.points(),
        declared.fields(), FaultPlan.NONE, settings);
    context.getStore(NAMESPACE).put(SCOPE, scope);
    scope.open();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    installFailureTracker(context);
    Settings settings = Settings.read(context);
    Declaration declaration = Declaration.of(context, settings);
    Relaxations.of(context);
    List<FaultPlan.Declared> faults = Scan.faults(context);
    FaultPlan plan = FaultPlan.of(faults);
    List<Object> all = context.getRequiredTestInstances().getAllInstances();
    List<Object> perTest = new ArrayList<>();
    for (Object instance : all) {
      if (!injectedPerClass(context, instance)) {
        perTest.add(instance);
      }
    }
    Scan.Declarations declared = Scan.forTest(context.getRequiredTestMethod(), all, perTest);
    PlatformHandle handle = sharedHandle(context);
    Scope parent = handle == null ? null : parentScope(context, handle);
    if (handle == null) {
      handle = Boot.boot(context.getUniqueId(), declaration, declared.points(),
          firstFault(faults, false));
      context.getStore(NAMESPACE).put(PLATFORM, handle);
    } else if (!plan.isEmpty() && (handle.instrumentation() == null
        || !handle.instrumentation().wrapsDomains())) {
      FaultPlan.Declared first = faults.get(0);
      throw Misdeclared.of(Misdeclared.render(first.fault()) + " on " + first.where(),
          "the test shares " + handle.origin() + ", which was booted without fault injection",
          "declare the fault on a test of the class that owns the platform");
    }
    Scope scope = new Scope(context.getUniqueId(), handle, parent, declared.points(),
        declared.fields(), plan, settings);
    context.getStore(NAMESPACE).put(SCOPE, scope);
    scope.open();
  }

  @Override
  public boolean supportsTestTemplate(ExtensionContext context) {
    return SemanticsComparison.supports(context);
  }

  @Override
  public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(
      ExtensionContext context) {
    return SemanticsComparison.invocations(context);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return InjectionPoint.ofParameter(parameter.getParameter(), parameter.getIndex()) != null;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    InjectionPoint point = InjectionPoint.ofParameter(parameter.getParameter(),
        parameter.getIndex());
    if (point == null) {
      throw new IllegalStateException("IOMMUnit was asked to resolve "
          + parameter.getParameter() + ", which it does not support");
    }
    Scope scope = context.getStore(NAMESPACE).get(SCOPE, Scope.class);
    if (scope == null) {
      throw Misdeclared.of(point.label(), "no platform exists yet when it is resolved: this"
          + " class boots one platform per test", "inject into @BeforeEach or test methods, or"
              + " give the class @TestInstance(PER_CLASS)");
    }
    return scope.resolve(point);
  }

  @Override
  public void interceptTestMethod(Invocation<@Nullable Void> invocation,
      ReflectiveInvocationContext<Method> invocationContext, ExtensionContext context)
      throws Throwable {
    proceedWithFaults(invocation, context);
  }

  @Override
  public void interceptTestTemplateMethod(Invocation<@Nullable Void> invocation,
      ReflectiveInvocationContext<Method> invocationContext, ExtensionContext context)
      throws Throwable {
    proceedWithFaults(invocation, context);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    ExtensionContext.Store store = context.getStore(NAMESPACE);
    Scope scope = store.remove(SCOPE, Scope.class);
    PlatformHandle owned = store.remove(PLATFORM, PlatformHandle.class);
    List<Teardown.Problem> problems = new ArrayList<>();
    Golden.Outcome golden = null;
    Trace recorded = null;
    String kept = "";
    try {
      if (scope != null) {
        scope.disarmFaults();
        recorded = scope.recorded();
        golden = TraceReports.checkGolden(context, recorded);
        SemanticsComparison.record(context, recorded);
        // the picture shows the platform as the test left it, before teardown releases anything
        kept = context.getExecutionException().isPresent()
            || golden != null && golden.failure() != null ? "failed"
            : TraceReports.keptWhenPassing(context, golden, scope.settings());
        if (!kept.isEmpty()) {
          TraceReports.write(context, scope, recorded, golden);
        }
        problems.addAll(check(scope, owned != null));
      }
    } finally {
      close(scope, owned);
    }
    AssertionFailedError goldenFailure = golden == null ? null : golden.failure();
    try {
      report(context, problems);
    } catch (AssertionFailedError e) {
      if (goldenFailure != null) {
        e.addSuppressed(goldenFailure);
      }
      if (scope != null && recorded != null && kept.isEmpty()) {
        kept = "failed"; // failed at teardown: the picture is the platform after it
        TraceReports.write(context, scope, recorded, golden);
      }
      throw e;
    } finally {
      if (scope != null) {
        TraceReports.cover(context, scope, golden, kept);
      }
    }
    if (goldenFailure != null) {
      throw goldenFailure;
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    ExtensionContext.Store store = context.getStore(NAMESPACE);
    Scope scope = store.remove(SCOPE, Scope.class);
    PlatformHandle owned = store.remove(PLATFORM, PlatformHandle.class);
    List<Teardown.Problem> problems = new ArrayList<>();
    try {
      if (scope != null) {
        problems.addAll(check(scope, owned != null));
      }
    } finally {
      close(scope, owned);
    }
    report(context, problems);
  }

  // Releases the scope's domains, then checks: leaks only where the platform ends, warnings
  // logged while the scope was open (all of them for the platform's owner), invariants always.
  private static List<Teardown.Problem> check(Scope scope, boolean ownsPlatform) {
    List<Teardown.Problem> problems = new ArrayList<>();
    for (String released : scope.release()) {
      problems.add(new Teardown.Problem(Teardown.Kind.LEAK, released));
    }
    PlatformHandle handle = scope.handle();
    if (ownsPlatform) {
      problems.addAll(Teardown.leaks(handle));
      problems.addAll(Teardown.staleIotlbEntries(handle.platform()));
    }
    problems.addAll(Teardown.warnings(handle, ownsPlatform ? 0 : scope.firstLogSequence()));
    problems.addAll(Teardown.invariants(handle.platform()));
    return problems;
  }

  // the subject is the test method in afterEach, the class in afterAll
  private static void report(ExtensionContext context, List<Teardown.Problem> problems) {
    if (problems.isEmpty()) {
      return;
    }
    String subject = context.getTestMethod().map(m -> "method " + Misdeclared.method(m))
        .orElseGet(() -> "class " + Misdeclared.className(context.getRequiredTestClass()));
    boolean failed = selfOrChildFailed(context);
    Relaxations relaxed = Relaxations.of(context);
    boolean failOnLeaks = Settings.read(context).failOnLeaks();
    List<Teardown.Problem> failing = new ArrayList<>();
    List<Teardown.Problem> warned = new ArrayList<>();
    for (Teardown.Problem p : problems) {
      switch (p.kind()) {
        case LEAK:
          if (!failed && !relaxed.leaks()) {
            (failOnLeaks ? failing : warned).add(p);
          }
          break;
        case WARNING:
          if (!relaxed.warnings()) {
            failing.add(p);
          }
          break;
        default:
          failing.add(p);
          break;
      }
    }
    if (!warned.isEmpty()) {
      context.publishReportEntry(Settings.LEAKS, Teardown.message(subject, warned));
    }
    if (!failing.isEmpty()) {
      throw new AssertionFailedError(Teardown.message(subject, failing));
    }
  }

  private static void proceedWithFaults(Invocation<@Nullable Void> invocation,
      ExtensionContext context) throws Throwable {
    Scope scope = context.getStore(NAMESPACE).get(SCOPE, Scope.class);
    if (scope == null || !scope.ownerId().equals(context.getUniqueId())) {
      invocation.proceed();
      return;
    }
    scope.armFaults();
    try {
      invocation.proceed();
    } finally {
      scope.disarmFaults();
      scope.endTrace();
    }
  }

  private static void close(@Nullable Scope scope, @Nullable PlatformHandle owned) {
    try {
      if (scope != null) {
        scope.close();
      }
    } finally {
      if (owned != null) {
        owned.close();
      }
    }
  }

  private static void installFailureTracker(ExtensionContext context) {
    ExtensionContext parent = context.getParent().orElse(null);
    if (parent != null) { // a class or test: its failures go to the nearest enclosing tracker
      context.getStore(NAMESPACE).put(FAILURE_TRACKER, new FailureTracker(context,
          parent.getStore(NAMESPACE).get(FAILURE_TRACKER, FailureTracker.class)));
    }
  }

  // the tracker of exactly this context (the store's get also finds an ancestor's), or null
  private static @Nullable FailureTracker tracker(ExtensionContext context) {
    FailureTracker t = context.getStore(NAMESPACE).get(FAILURE_TRACKER, FailureTracker.class);
    return t != null && t.context == context ? t : null;
  }

  // the context failed, or a test or class below it did (recorded when the child ended)
  private static boolean selfOrChildFailed(ExtensionContext context) {
    if (context.getExecutionException().isPresent()) {
      return true;
    }
    FailureTracker t = tracker(context);
    return t != null && t.childFailed;
  }

  /**
   * Tells the parent context's tracker that this context failed, when JUnit closes this
   * context's store. A CloseableResource for JUnit 5.10 to 5.12, an AutoCloseable for 5.13 and
   * later, as JUnit's own TempDirectory does; JUnit closes it once.
   */
  @SuppressWarnings("deprecation")
  private static final class FailureTracker
      implements ExtensionContext.Store.CloseableResource, AutoCloseable {
    private final ExtensionContext context;
    private final @Nullable FailureTracker parent;
    /** Set when a test or class below the context failed; children may end on other threads. */
    private volatile boolean childFailed;

    FailureTracker(ExtensionContext context, @Nullable FailureTracker parent) {
      this.context = context;
      this.parent = parent;
    }

    @Override
    public void close() {
      if (parent != null && (childFailed || context.getExecutionException().isPresent())) {
        parent.childFailed = true;
      }
    }
  }

  private static boolean isPerClass(ExtensionContext context) {
    return context.getTestInstanceLifecycle().orElse(TestInstance.Lifecycle.PER_METHOD)
        == TestInstance.Lifecycle.PER_CLASS;
  }

  // The platform of the nearest enclosing class context that owns one, unless a declaration
  // between here and there (on this element included) asks for a platform of its own.
  private static @Nullable PlatformHandle sharedHandle(ExtensionContext context) {
    if (context.getElement().map(Declaration::declaredOn).orElse(false)) {
      return null;
    }
    for (ExtensionContext c = context.getParent().orElse(null); c != null;
        c = c.getParent().orElse(null)) {
      PlatformHandle h = c.getStore(NAMESPACE).get(PLATFORM, PlatformHandle.class);
      if (h != null && h.ownerId().equals(c.getUniqueId())) {
        return h;
      }
      AnnotatedElement e = c.getElement().orElse(null);
      if (e instanceof Class && Declaration.declaredOn(e)) {
        return null;
      }
    }
    return null;
  }

  private static @Nullable Scope parentScope(ExtensionContext context, PlatformHandle handle) {
    ExtensionContext parent = context.getParent().orElse(null);
    Scope s = parent == null ? null : parent.getStore(NAMESPACE).get(SCOPE, Scope.class);
    return s != null && s.handle() == handle ? s : null;
  }

  // An instance of a per-class test class was filled by that class's own scope in beforeAll.
  private static boolean injectedPerClass(ExtensionContext context, Object instance) {
    for (ExtensionContext c = context.getParent().orElse(null); c != null;
        c = c.getParent().orElse(null)) {
      if (c.getTestClass().orElse(null) == instance.getClass()) {
        Scope s = c.getStore(NAMESPACE).get(SCOPE, Scope.class);
        return s != null && s.ownerId().equals(c.getUniqueId());
      }
    }
    return false;
  }

  private static @Nullable String firstFault(List<FaultPlan.Declared> faults, boolean more) {
    if (!faults.isEmpty()) {
      FaultPlan.Declared f = faults.get(0);
      FaultPlan.of(faults);
      return Misdeclared.render(f.fault()) + " on " + f.where();
    }
    return more ? "an @InjectFault on a test of the class" : null;
  }
}
