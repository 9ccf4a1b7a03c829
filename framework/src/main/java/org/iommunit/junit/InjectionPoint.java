package org.iommunit.junit;

import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.iommunit.core.DomainType;
import org.iommunit.device.PciAddress;
import org.jspecify.annotations.Nullable;

/**
 * A field or parameter the extension fills, with the IOMMUnit annotation that says what goes
 * there. Creating one checks everything that can be checked without a platform: one declaration
 * per element, a type the extension injects, the annotation that fits the type, well-formed
 * values. Platform-dependent checks (does the device exist?) are the {@link Scope}'s.
 *
 * @param element the {@link Field} or {@link Parameter}; the key under which its value is kept
 * @param kind what is injected
 * @param declaration the annotation naming the object; null for Platform and IommuCore
 * @param where where the element sits, e.g. {@code parameter 0 (Device) of attach()}
 * @param isStatic whether the element is a static field
 */
record InjectionPoint(AnnotatedElement element, Injectable kind, @Nullable Annotation declaration,
    String where, boolean isStatic) {

  /** The annotations that declare which object an element receives. */
  private static final List<Class<? extends Annotation>> DECLARATIONS =
      List.of(DeviceAt.class, DmaApiFor.class, IommuGroup.class, Domain.class, VendorOps.class,
          AddressSpace.class, SvaBind.class);

  /**
   * Returns the point for parameter {@code index}, or null when the extension has nothing to do
   * with it (no IOMMUnit annotation and not a Platform or IommuCore).
   *
   * @throws org.junit.jupiter.api.extension.ExtensionConfigurationException for a bad declaration
   */
  static @Nullable InjectionPoint ofParameter(Parameter p, int index) {
    Executable e = p.getDeclaringExecutable();
    // asked for every parameter of every test up to three times: remember the answer
    Map<ParameterKey, Optional<InjectionPoint>> known = PARAMETERS.get(e.getDeclaringClass());
    ParameterKey key = new ParameterKey(e, index);
    Optional<InjectionPoint> point = known.get(key); // a plain get: computeIfAbsent may lock
    return (point != null ? point : known.computeIfAbsent(key,
        k -> Optional.ofNullable(computeOfParameter(p, index)))).orElse(null);
  }

  private record ParameterKey(Executable executable, int index) {
    // JUnit hands the same Method object for every call: compare it by identity first
    @Override
    public boolean equals(Object o) {
      return o instanceof ParameterKey && ((ParameterKey) o).index == index
          && (((ParameterKey) o).executable == executable
              || ((ParameterKey) o).executable.equals(executable));
    }

    @Override
    public int hashCode() {
      return executable.hashCode() * 31 + index;
    }
  }

  /** The points of parameters, by declaring class; an absent point is Optional.empty(). */
  private static final ClassValue<Map<ParameterKey, Optional<InjectionPoint>>> PARAMETERS =
      new ClassValue<>() {
        @Override
        protected Map<ParameterKey, Optional<InjectionPoint>> computeValue(Class<?> type) {
          return new ConcurrentHashMap<>();
        }
      };

  private static @Nullable InjectionPoint computeOfParameter(Parameter p, int index) {
    String where = "parameter " + index + " (" + p.getType().getSimpleName() + ") of "
        + Misdeclared.executable(p.getDeclaringExecutable());
    List<Annotation> ours = ours(p);
    Injectable plain = Injectable.forType(p.getType());
    if (ours.isEmpty() && (plain == null || plain.declaration() != null)) {
      return null;
    }
    if (p.getDeclaringExecutable() instanceof Constructor) {
      throw Misdeclared.of(label(ours, where), "the platform boots after the test instance is"
          + " created", "inject into a field or a method parameter instead");
    }
    return of(p, p.getType(), ours, where, false);
  }

  /**
   * Returns the point for field {@code f}, or null when it carries no IOMMUnit annotation.
   *
   * @throws org.junit.jupiter.api.extension.ExtensionConfigurationException for a bad declaration
   */
  static @Nullable InjectionPoint ofField(Field f) {
    List<Annotation> ours = ours(f);
    if (ours.isEmpty()) {
      return null;
    }
    boolean isStatic = Modifier.isStatic(f.getModifiers());
    String where = (isStatic ? "static field " : "field ") + f.getName() + " ("
        + f.getType().getSimpleName() + ") of " + Misdeclared.className(f.getDeclaringClass());
    if (Modifier.isFinal(f.getModifiers())) {
      throw Misdeclared.of(label(ours, where), "the field is final, so it cannot be injected",
          "remove final");
    }
    return of(f, f.getType(), ours, where, isStatic);
  }

  /** Returns true if {@code field} carries an IOMMUnit annotation. */
  static boolean isDeclared(Field field) {
    return !ours(field).isEmpty();
  }

  private static InjectionPoint of(AnnotatedElement e, Class<?> type, List<Annotation> ours,
      String where, boolean isStatic) {
    List<Annotation> declarations = new ArrayList<>();
    for (Annotation a : ours) {
      if (!(a instanceof Simulated)) {
        declarations.add(a);
      }
    }
    if (declarations.size() > 1) {
      throw Misdeclared.of(Misdeclared.render(declarations.get(0)) + " and "
          + Misdeclared.render(declarations.get(1)) + " on " + where, "they contradict each other,"
          + " one element receives one object", "keep the one that matches its type");
    }
    Annotation declaration = declarations.isEmpty() ? null : declarations.get(0);
    String label = label(ours, where);
    Injectable kind = Injectable.forType(type);
    if (kind == null) {
      throw Misdeclared.of(label, "IOMMUnit cannot inject a " + type.getSimpleName(),
          "it injects " + Injectable.catalogue());
    }
    if (declaration != null && kind.declaration() != declaration.annotationType()) {
      Injectable declared = Injectable.forDeclaration(declaration.annotationType());
      throw Misdeclared.of(label, "@" + declaration.annotationType().getSimpleName()
          + " injects a " + declared.type().getSimpleName() + ", not a " + type.getSimpleName(),
          fixFor(kind));
    }
    if (declaration == null && kind.declaration() != null) {
      throw Misdeclared.of(label, "a " + type.getSimpleName() + " needs @"
          + kind.declaration().getSimpleName() + " to say which one", fixFor(kind));
    }
    InjectionPoint point = new InjectionPoint(e, kind, declaration, where, isStatic);
    point.checkValues();
    return point;
  }

  private static String fixFor(Injectable kind) {
    switch (kind) {
      case DEVICE:
        return "declare it as @DeviceAt(\"0000:03:00.0\") Device";
      case GROUP:
        return "declare it as @IommuGroup(devices = {...}) Group";
      case DOMAIN:
        return "declare it as @Domain(UNMANAGED) IommuDomain";
      case VENDOR_OPS:
        return "declare it as @VendorOps IommuOps";
      case MM:
        return "declare it as @AddressSpace(\"proc1\") Mm";
      case SVA_HANDLE:
        return "declare it as @SvaBind(device = \"acc0\", mm = \"proc1\") SvaHandle";
      default:
        return "declare it as @Simulated " + kind.type().getSimpleName()
            + ", or as a parameter without annotation";
    }
  }

  private static List<Annotation> ours(AnnotatedElement e) {
    List<Annotation> out = new ArrayList<>();
    for (Class<? extends Annotation> type : DECLARATIONS) {
      Annotation a = e.getAnnotation(type);
      if (a != null) {
        out.add(a);
      }
    }
    Simulated simulated = e.getAnnotation(Simulated.class);
    if (simulated != null) {
      out.add(simulated);
    }
    return out;
  }

  private static String label(List<Annotation> ours, String where) {
    return ours.isEmpty() ? where : Misdeclared.render(ours.get(0)) + " on " + where;
  }

  /** Returns the declaration and where it sits, e.g. {@code @DeviceAt("x") on parameter 0 ...}. */
  String label() {
    Annotation shown = declaration != null ? declaration : element.getAnnotation(Simulated.class);
    return shown == null ? where : Misdeclared.render(shown) + " on " + where;
  }

  /** Returns the names this declaration gives to devices, in declaration order. */
  List<String> deviceNames() {
    if (declaration instanceof DeviceAt) {
      return List.of(((DeviceAt) declaration).value());
    }
    if (declaration instanceof DmaApiFor) {
      return List.of(((DmaApiFor) declaration).value());
    }
    if (declaration instanceof IommuGroup) {
      return List.of(((IommuGroup) declaration).devices());
    }
    if (declaration instanceof Domain && !((Domain) declaration).attachTo().isEmpty()) {
      return List.of(((Domain) declaration).attachTo());
    }
    if (declaration instanceof SvaBind) {
      return List.of(((SvaBind) declaration).device());
    }
    return List.of();
  }

  private void checkValues() {
    if (declaration instanceof IommuGroup && ((IommuGroup) declaration).devices().length == 0) {
      throw Misdeclared.of(label(), "it names no device",
          "name the devices of the group, e.g. devices = {\"0000:03:00.0\", \"0000:03:00.1\"}");
    }
    for (String name : deviceNames()) {
      checkName(name);
    }
    String process = declaration instanceof AddressSpace ? ((AddressSpace) declaration).value()
        : declaration instanceof SvaBind ? ((SvaBind) declaration).mm() : null;
    if (process != null && process.isBlank()) {
      throw Misdeclared.of(label(), "the process name is blank",
          "name the process, e.g. \"proc1\"");
    }
    if (declaration instanceof Domain && ((Domain) declaration).value() != DomainType.UNMANAGED) {
      throw Misdeclared.of(label(), "a test can only be given UNMANAGED domains:"
          + " iommu_paging_domain_alloc_flags() allocates them, while " + ((Domain) declaration)
          .value() + " domains belong to the core and the driver", "declare @Domain(UNMANAGED),"
          + " or read the group's default or blocking domain from an injected Group");
    }
  }

  // A name with a colon is meant as a PCI address; labels and platform device names have none.
  private void checkName(String name) {
    if (name.isBlank()) {
      throw Misdeclared.of(label(), "the device name is blank",
          "name a PCI address such as 0000:03:00.0, a label or a platform device");
    }
    if (name.indexOf(':') >= 0 && !PciAddress.isPciAddress(name)) {
      throw Misdeclared.of(label(), Misdeclared.quote(name) + " is not a PCI address",
          "write SSSS:BB:DD.F in hex as lspci -D prints it, e.g. 0000:03:00.0");
    }
  }
}
