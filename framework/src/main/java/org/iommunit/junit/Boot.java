package org.iommunit.junit;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.iommunit.base.IommuException;
import org.iommunit.core.IommuInstance;
import org.iommunit.platform.Platform;
import org.iommunit.platform.PlatformBuilder;
import org.iommunit.platform.Platforms;
import org.iommunit.semantics.Semantics;
import org.iommunit.trace.TraceHeader;
import org.iommunit.trace.TraceLevel;
import org.iommunit.trace.internal.TraceRecorder;
import org.jspecify.annotations.Nullable;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ReflectionSupport;

/**
 * Boots the platform a {@link Declaration} asks for: a factory's, a ready-made one or the
 * built-in one, with the boot options applied and the driver ops instrumented before the first
 * probe.
 */
final class Boot {
  private Boot() {}

  /**
   * Boots a platform for the context {@code ownerId}.
   *
   * @param declaration the effective {@code @SimulatedIommu}
   * @param points every declaration the platform must satisfy
   * @param faultLabel the first {@link InjectFault} the platform must serve, rendered with where
   *     it sits; null if none
   * @throws org.junit.jupiter.api.extension.ExtensionConfigurationException for a factory that
   *     does not exist or cannot serve the declarations, or a platform that fails to boot
   */
  static PlatformHandle boot(String ownerId, Declaration declaration, List<InjectionPoint> points,
      @Nullable String faultLabel) {
    String spyLabel = faultLabel;
    for (InjectionPoint p : points) {
      if (p.kind() == Injectable.VENDOR_OPS) {
        spyLabel = p.label();
        break;
      }
    }
    boolean spies = spyLabel != null;
    PlatformBuilder builder;
    String origin;
    boolean factory = !declaration.factory().isEmpty();
    if (factory) {
      Method method = factoryMethod(declaration);
      origin = "factory " + Misdeclared.method(method);
      if (method.getReturnType() == Platform.class) {
        return booted(ownerId, declaration, method, origin, spyLabel);
      }
      builder = (PlatformBuilder) invoke(method, declaration);
    } else if (!declaration.platform().isEmpty()) {
      origin = "ready-made platform " + declaration.platform();
      try {
        builder = Platforms.named(declaration.platform());
      } catch (IllegalArgumentException e) {
        throw Misdeclared.of(declaration.sourceOrigin(), "there is no ready-made platform "
            + Misdeclared.quote(declaration.platform()), "use one of "
                + String.join(", ", Platforms.NAMES) + ", or build your own with factory =", e);
      }
    } else {
      origin = "the built-in platform";
      builder = BuiltInPlatform.builder(points, declaration.vendor());
    }
    if (!factory && !declaration.platform().isEmpty()) { // ready-made machines take the vendor
      builder.iommu(declaration.vendor());
    }
    // Declaration checked the name; a factory's builder keeps its own profile unless one is named
    Semantics semantics = Profiles.resolve(declaration.semantics());
    if (!factory || !semantics.equals(Semantics.MAINLINE) || declaration.semanticsCompared()) {
      builder.semantics(semantics);
    }
    if (!factory || !declaration.defaultDomainOrigin().isEmpty()) {
      declaration.defaultDomain().applyTo(builder);
    }
    OpsInstrumentation ops = new OpsInstrumentation(spies, faultLabel != null);
    TraceRecorder recorder = new TraceRecorder();
    if (spies || faultLabel != null) {
      // the recorder sits next to the driver, so spies and faults see its wrappers as the driver
      builder.wrapIommuOps((name, real) -> ops.wrap(name, recorder.wrap(name, real)));
    } else {
      // nothing to intercept: the instrumentation only learns where each domain was made
      builder.wrapIommuOps(recorder::wrap);
      recorder.onDomainAllocated(ops::allocated);
    }
    builder.coreFactory(recorder::core); // records the core API; replaces a factory's own
    Platform platform;
    try {
      platform = builder.build();
    } catch (IllegalArgumentException | IllegalStateException | IommuException e) {
      throw Misdeclared.of(declaration.sourceOrigin().isEmpty() ? origin
          : declaration.sourceOrigin(), origin + " failed to boot: " + e.getMessage(),
          "fix the topology or the boot options", e);
    }
    if (!factory && declaration.platform().isEmpty()) {
      BuiltInPlatform.verify(platform, points);
    }
    ops.booted();
    recorder.start(platform);
    return new PlatformHandle(ownerId, platform, ops, origin, recorder,
        header(declaration, platform, factory));
  }

  private static PlatformHandle booted(String ownerId, Declaration declaration, Method method,
      String origin, @Nullable String spyLabel) {
    if (spyLabel != null) {
      throw Misdeclared.of(spyLabel, origin + " returns a Platform that has already booted, so"
          + " no spy can be installed before the driver's first call", "return a"
          + " PlatformBuilder from " + Misdeclared.method(method));
    }
    if (!declaration.defaultDomainOrigin().isEmpty()) {
      throw Misdeclared.of(declaration.defaultDomainOrigin(), origin + " returns a Platform"
          + " that has already booted, so its default domain type cannot change", "return a"
          + " PlatformBuilder from " + Misdeclared.method(method) + ", or remove defaultDomain");
    }
    Platform platform = (Platform) invoke(method, declaration);
    Semantics declared = Profiles.resolve(declaration.semantics());
    if (!declared.equals(Semantics.MAINLINE) && !platform.iommu().semantics().equals(declared)) {
      throw Misdeclared.of(Misdeclared.simulatedIommu("semantics", declared.name()), origin
          + " returns a Platform that has already booted with " + platform.iommu().semantics()
          + ", so it cannot follow " + declared, "call .semantics(" + (Semantics.names().contains(
          declared.name()) ? "Semantics." : "the profile ") + declared.name()
          + ") in " + Misdeclared.method(method) + ", or return a PlatformBuilder");
    }
    TraceRecorder recorder = new TraceRecorder(); // a booted platform: no ops to wrap
    recorder.start(platform);
    return new PlatformHandle(ownerId, platform, null, origin, recorder,
        header(declaration, platform, true));
  }

  // A factory's platform names its IOMMU instances; the others run the declared vendor.
  private static TraceHeader header(Declaration declaration, Platform platform, boolean factory) {
    String vendor = factory ? platform.iommus().stream().map(IommuInstance::name)
        .collect(Collectors.joining("+")) : declaration.vendor().name();
    String semantics = platform.iommu().semantics().name();
    return new TraceHeader(vendor, semantics, TraceRecorder.VERSION, LEVELS);
  }

  private static final List<TraceLevel> LEVELS = List.of(TraceLevel.values());

  private static Object invoke(Method method, Declaration declaration) {
    Object made;
    try {
      made = ReflectionSupport.invokeMethod(method, null);
    } catch (RuntimeException e) {
      throw Misdeclared.of(declaration.sourceOrigin(), "factory " + Misdeclared.method(method)
          + " failed: " + e, "fix the factory", e);
    }
    if (made == null) {
      throw Misdeclared.of(declaration.sourceOrigin(), "factory " + Misdeclared.method(method)
          + " returned null", "return a new platform on every call");
    }
    return made;
  }

  // Found as @MethodSource finds its method: "name" in the home class or its superclasses, or
  // "fully.qualified.Class#name".
  private static Method factoryMethod(Declaration declaration) {
    String label = declaration.sourceOrigin();
    String spec = declaration.factory();
    int hash = spec.indexOf('#');
    Class<?> home = declaration.factoryHome();
    String name = spec;
    if (hash >= 0) {
      String className = spec.substring(0, hash);
      name = spec.substring(hash + 1);
      Optional<Class<?>> loaded = ReflectionSupport.tryToLoadClass(className).toOptional();
      if (loaded.isEmpty()) {
        throw Misdeclared.of(label, "class " + className + " cannot be loaded",
            "write the class's fully qualified name, e.g. \"com.example.Machines#twoCards\"");
      }
      home = loaded.get();
    }
    String methodName = name;
    List<Method> found = ReflectionSupport.findMethods(home,
        m -> m.getName().equals(methodName), HierarchyTraversalMode.BOTTOM_UP);
    String in = Misdeclared.className(home);
    if (found.isEmpty()) {
      throw Misdeclared.of(label, "there is no method " + methodName + "() in " + in
          + (hash < 0 ? " or its superclasses" : ""), "declare a static method " + methodName
              + "() returning Platform or PlatformBuilder, or name one in another class as"
              + " \"fully.qualified.Class#method\"");
    }
    Method method = found.stream().filter(m -> m.getParameterCount() == 0).findFirst()
        .orElseThrow(() -> Misdeclared.of(label, "method " + methodName + "() in " + in
            + " takes parameters", "a platform factory takes none"));
    if (!Modifier.isStatic(method.getModifiers())) {
      throw Misdeclared.of(label, "method " + methodName + "() in " + in + " is not static",
          "make it static");
    }
    Class<?> returned = method.getReturnType();
    if (returned != Platform.class && returned != PlatformBuilder.class) {
      throw Misdeclared.of(label, "method " + methodName + "() in " + in + " returns "
          + returned.getSimpleName(), "a platform factory returns Platform or PlatformBuilder");
    }
    return method;
  }
}
