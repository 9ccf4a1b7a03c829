package org.iommunit.junit;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.iommunit.driver.Vendor;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.jspecify.annotations.Nullable;

/**
 * The effective {@link SimulatedIommu} of a test or class: the declarations on the method, its
 * class and the enclosing classes, merged attribute by attribute with the nearest winning, then
 * completed from the configuration parameters.
 *
 * @param platform the ready-made platform's name; empty for none
 * @param factory the factory method's name; empty for none
 * @param sourceOrigin where the platform or factory choice was declared; empty if nowhere
 * @param factoryHome the class a simple factory name is looked up in
 * @param defaultDomain the boot default domain; DEFAULT for the kernel default
 * @param defaultDomainOrigin where it was declared; empty when it comes from configuration
 * @param vendor the vendor driver
 * @param vendorOrigin where it was declared; empty when it comes from configuration
 * @param semantics the semantics profile
 * @param semanticsCompared true if a {@link CompareSemantics} invocation chose the profile, which
 *     then applies to a factory's builder even when it is MAINLINE
 */
record Declaration(String platform, String factory, String sourceOrigin, Class<?> factoryHome,
    DefaultDomain defaultDomain, String defaultDomainOrigin, Vendor vendor, String vendorOrigin,
    String semantics, boolean semanticsCompared) {

  /** One {@code @SimulatedIommu} found on an element, with where it sits. */
  private record Found(SimulatedIommu annotation, String where, Class<?> home) {}

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(Declaration.class);

  /**
   * Returns the declaration in force for {@code context}: a test method's context or a class's.
   *
   * @throws org.junit.jupiter.api.extension.ExtensionConfigurationException for a value that is
   *     not allowed or two choices that contradict each other
   */
  static Declaration of(ExtensionContext context, Settings settings) {
    // a class declares the same for each of its methods that declares nothing itself: merge once
    // per class and run (and once per method that has an annotation of its own); the store's
    // getOrComputeIfAbsent is the JUnit 5.10 API, deprecated in 6 for computeIfAbsent
    @SuppressWarnings({"unchecked", "deprecation"})
    Map<List<Object>, Declaration> merged = context.getRoot().getStore(NAMESPACE)
        .getOrComputeIfAbsent(Declaration.class, k -> new ConcurrentHashMap<>(), Map.class);
    List<Object> key = List.of(context.getRequiredTestClass(), context.getTestMethod()
        .filter(m -> Annotations.isAnnotated(m, SimulatedIommu.class))
        .<Object>map(m -> m).orElse(Declaration.class));
    Declaration d = merged.get(key);
    if (d == null) {
      d = merge(context, settings);
      merged.put(key, d);
    }
    String compared = SemanticsComparison.profileOf(context); // wins over every other choice
    return compared == null ? d : new Declaration(d.platform, d.factory, d.sourceOrigin,
        d.factoryHome, d.defaultDomain, d.defaultDomainOrigin, d.vendor, d.vendorOrigin, compared,
        true);
  }

  private static Declaration merge(ExtensionContext context, Settings settings) {
    List<Found> found = new ArrayList<>();
    Optional<Method> method = context.getTestMethod();
    if (method.isPresent()) {
      Annotations.find(method.get(), SimulatedIommu.class).ifPresent(a -> found.add(
          new Found(a, "method " + Misdeclared.method(method.get()), context
              .getRequiredTestClass())));
    }
    for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
      AnnotatedElement element = c.getElement().orElse(null);
      if (element instanceof Class) {
        Class<?> type = (Class<?>) element;
        Annotations.find(type, SimulatedIommu.class).ifPresent(a -> found.add(
            new Found(a, "class " + Misdeclared.className(type), type)));
      }
    }
    return merge(found, settings, context.getRequiredTestClass());
  }

  /** Returns true if {@code element} (a test method or class) carries its own declaration. */
  static boolean declaredOn(AnnotatedElement element) {
    return Annotations.isAnnotated(element, SimulatedIommu.class);
  }

  private static Declaration merge(List<Found> found, Settings settings, Class<?> testClass) {
    Found source = null;
    Found defaultDomain = null;
    Found vendor = null;
    Found semantics = null;
    for (Found f : found) { // nearest first
      SimulatedIommu a = f.annotation();
      if (source == null && (!a.platform().isEmpty() || !a.factory().isEmpty())) {
        source = f;
      }
      if (defaultDomain == null && a.defaultDomain() != DefaultDomain.DEFAULT) {
        defaultDomain = f;
      }
      if (a.vendor().length > 1) {
        throw Misdeclared.of(Misdeclared.simulatedIommu("vendor", List.of(a.vendor())) + " on "
            + f.where(), "a platform boots one vendor driver",
            "name one vendor, or build a multi-vendor platform with factory =");
      }
      if (vendor == null && a.vendor().length == 1) {
        vendor = f;
      }
      if (!a.semantics().isEmpty() && a.semanticsFactory().length > 0) {
        throw Misdeclared.of(Misdeclared.simulatedIommu("semantics", a.semantics()) + " and "
            + Misdeclared.simulatedIommu("semanticsFactory", a.semanticsFactory()[0].getName())
            + " on " + f.where(), "they contradict each other, a test runs one profile",
            "keep one of them");
      }
      if (a.semanticsFactory().length > 1) {
        throw Misdeclared.of(Misdeclared.simulatedIommu("semanticsFactory",
            a.semanticsFactory()[0].getName()) + " on " + f.where(), "a test runs one profile",
            "name one factory class");
      }
      if (semantics == null && (!a.semantics().isEmpty() || a.semanticsFactory().length > 0)) {
        semantics = f;
      }
    }
    String platform = source == null ? "" : source.annotation().platform();
    String factory = source == null ? "" : source.annotation().factory();
    if (!platform.isEmpty() && !factory.isEmpty()) {
      throw Misdeclared.of(Misdeclared.simulatedIommu("platform", platform) + " and "
          + Misdeclared.simulatedIommu("factory", factory) + " on " + source.where(),
          "they contradict each other, a test boots one platform", "keep one of them");
    }
    String choice = platform.isEmpty() ? "factory" : "platform";
    DefaultDomain boot = defaultDomain == null ? settings.defaultDomain()
        : defaultDomain.annotation().defaultDomain();
    Declaration d = new Declaration(platform, factory,
        origin(source, choice, platform.isEmpty() ? factory : platform),
        source == null ? testClass : source.home(),
        boot, origin(defaultDomain, "defaultDomain", boot),
        vendor == null ? settings.vendor() : vendor.annotation().vendor()[0],
        origin(vendor, "vendor", vendor == null ? "" : vendor.annotation().vendor()[0]),
        semantics == null ? settings.semantics() : profileName(semantics.annotation()), false);
    d.check(semantics);
    return d;
  }

  // a factory class is recorded by its binary name, which Profiles resolves
  private static String profileName(SimulatedIommu a) {
    return a.semanticsFactory().length > 0 ? a.semanticsFactory()[0].getName() : a.semantics();
  }

  private static String origin(@Nullable Found f, String attribute, Object value) {
    return f == null ? "" : Misdeclared.simulatedIommu(attribute, value) + " on " + f.where();
  }

  private void check(@Nullable Found semanticsFound) {
    if (semanticsFound != null) {
      SimulatedIommu a = semanticsFound.annotation();
      String attribute = a.semanticsFactory().length > 0 ? "semanticsFactory" : "semantics";
      Object value = a.semanticsFactory().length > 0 ? a.semanticsFactory()[0].getName()
          : semantics;
      Profiles.check(semantics, Misdeclared.simulatedIommu(attribute, value) + " on "
          + semanticsFound.where());
    }
    if (!factory.isEmpty() && !vendorOrigin.isEmpty()) {
      throw Misdeclared.of(vendorOrigin + " and " + sourceOrigin, "they contradict each other,"
          + " a factory's platform brings its own IOMMU driver", "remove vendor");
    }
  }
}
