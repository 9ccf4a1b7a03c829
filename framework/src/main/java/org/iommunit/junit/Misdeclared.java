package org.iommunit.junit;

import java.lang.annotation.Annotation;
import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.iommunit.core.DomainType;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.jspecify.annotations.Nullable;

/**
 * Renders declarations for messages and builds the {@code ExtensionConfigurationException}s that
 * reject them. Every message has one shape: the declaration and where it sits, what is wrong with
 * its value, then the fix after a semicolon, e.g. {@code @DeviceAt("0000:03:00.2") on parameter 0
 * (Device) of attach(): device 0000:03:00.2 is not on the platform (it has 0000:03:00.0); fix the
 * name or add the device to the platform}.
 *
 * <p>Annotations are rendered here, never with {@code Annotation.toString()}, whose format changed
 * between JDK releases.
 */
final class Misdeclared {
  private Misdeclared() {}

  /** Returns an exception for {@code declaration}: what is wrong, then the fix. */
  static ExtensionConfigurationException of(String declaration, String problem, String fix) {
    return new ExtensionConfigurationException(declaration + ": " + problem + "; " + fix);
  }

  /** Returns an exception for {@code declaration} that keeps the model's failure as its cause. */
  static ExtensionConfigurationException of(String declaration, String problem, String fix,
      Throwable cause) {
    return new ExtensionConfigurationException(declaration + ": " + problem + "; " + fix, cause);
  }

  /** Renders an IOMMUnit annotation as it is written in source. */
  static String render(Annotation a) {
    if (a instanceof DeviceAt) {
      return "@DeviceAt(" + quote(((DeviceAt) a).value()) + ")";
    }
    if (a instanceof DmaApiFor) {
      return "@DmaApiFor(" + quote(((DmaApiFor) a).value()) + ")";
    }
    if (a instanceof IommuGroup) {
      return "@IommuGroup(devices = " + quoteAll(((IommuGroup) a).devices()) + ")";
    }
    if (a instanceof Domain) {
      return render((Domain) a);
    }
    if (a instanceof VendorOps) {
      String name = ((VendorOps) a).value();
      return name.isEmpty() ? "@VendorOps" : "@VendorOps(" + quote(name) + ")";
    }
    if (a instanceof AddressSpace) {
      return "@AddressSpace(" + quote(((AddressSpace) a).value()) + ")";
    }
    if (a instanceof SvaBind) {
      SvaBind b = (SvaBind) a;
      return "@SvaBind(device = " + quote(b.device()) + ", mm = " + quote(b.mm()) + ")";
    }
    if (a instanceof InjectFault) {
      InjectFault f = (InjectFault) a;
      return "@InjectFault(op = " + quote(f.op()) + ", errno = " + f.errno() + ", times = "
          + f.times() + ", after = " + f.after() + ")";
    }
    if (a instanceof AllowLeaks) {
      return "@AllowLeaks(reason = " + quote(((AllowLeaks) a).reason()) + ")";
    }
    if (a instanceof AllowWarnings) {
      return "@AllowWarnings(reason = " + quote(((AllowWarnings) a).reason()) + ")";
    }
    if (a instanceof Simulated) {
      return "@Simulated";
    }
    return "@" + a.annotationType().getSimpleName();
  }

  private static String render(Domain d) {
    List<String> attributes = new ArrayList<>();
    if (!d.attachTo().isEmpty()) {
      attributes.add("attachTo = " + quote(d.attachTo()));
    }
    if (d.flags() != 0) {
      attributes.add("flags = " + d.flags());
    }
    if (attributes.isEmpty()) {
      return d.value() == DomainType.UNMANAGED ? "@Domain" : "@Domain(" + d.value() + ")";
    }
    return "@Domain(value = " + d.value() + ", " + String.join(", ", attributes) + ")";
  }

  /** Renders one attribute of the declaration, e.g. {@code @SimulatedIommu(vendor = "x")}. */
  static String simulatedIommu(String attribute, Object value) {
    String text = value instanceof String ? quote((String) value) : String.valueOf(value);
    return "@SimulatedIommu(" + attribute + " = " + text + ")";
  }

  /** Names a method as a message shows it: {@code attach_x()}. */
  static String method(Method m) {
    return m.getName() + "()";
  }

  /** Names an executable: a method as {@code name()}, a constructor as {@code constructor X()}. */
  static String executable(Executable e) {
    return e instanceof Method ? method((Method) e)
        : "constructor " + className(e.getDeclaringClass()) + "()";
  }

  /** Names a class without its package, nested classes joined by dots: {@code Outer.Inner}. */
  static String className(Class<?> c) {
    String name = c.getName();
    return name.substring(name.lastIndexOf('.') + 1).replace('$', '.');
  }

  /** Names the element a context belongs to: {@code method x()} or {@code class Outer.Inner}. */
  static String element(@Nullable Method method, Class<?> testClass) {
    return method != null ? "method " + method(method) : "class " + className(testClass);
  }

  static String quote(String s) {
    return "\"" + s + "\"";
  }

  static String quoteAll(String[] values) {
    List<String> quoted = new ArrayList<>();
    for (String v : values) {
      quoted.add(quote(v));
    }
    return "{" + String.join(", ", quoted) + "}";
  }
}
