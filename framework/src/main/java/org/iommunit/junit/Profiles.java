package org.iommunit.junit;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.function.Supplier;
import org.iommunit.semantics.Semantics;
import org.jspecify.annotations.Nullable;

/**
 * Finds the semantics profile a declaration names: a profile IOMMUnit ships ({@link
 * Semantics#named(String)}), or the binary name of a user's class that implements {@code
 * Supplier<Semantics>} with a no-argument constructor (what {@code @SimulatedIommu(
 * semanticsFactory = ...)} records, and what {@code @CompareSemantics} and {@code
 * iommunit.semantics} accept as a name).
 */
final class Profiles {
  private Profiles() {
  }

  /** What a declaration naming an unknown profile is told to do. */
  static final String FIX = "use one of: " + String.join(", ", Semantics.names())
      + ", or the binary name of a class implementing Supplier<Semantics>";

  /**
   * Returns the profile {@code name} stands for.
   *
   * @throws IllegalArgumentException naming what is wrong with {@code name}
   */
  static Semantics resolve(String name) {
    try {
      return Semantics.named(name);
    } catch (IllegalArgumentException notBuiltIn) {
      if (!name.contains(".")) {
        throw new IllegalArgumentException("there is no semantics profile "
            + Misdeclared.quote(name), notBuiltIn);
      }
      return fromFactory(name);
    }
  }

  /**
   * Checks that {@code name} stands for a profile.
   *
   * @throws org.junit.jupiter.api.extension.ExtensionConfigurationException naming {@code
   *     declaration}, what is wrong and the names that exist
   */
  static void check(String name, String declaration) {
    try {
      resolve(name);
    } catch (IllegalArgumentException e) {
      throw Misdeclared.of(declaration, e.getMessage(), FIX, e);
    }
  }

  private static Semantics fromFactory(String className) {
    Class<?> type;
    try {
      ClassLoader loader = Thread.currentThread().getContextClassLoader();
      type = Class.forName(className, true, loader == null ? Profiles.class.getClassLoader()
          : loader);
    } catch (ClassNotFoundException | LinkageError e) {
      throw new IllegalArgumentException("there is no semantics profile or class "
          + Misdeclared.quote(className), e);
    }
    if (!Supplier.class.isAssignableFrom(type)) {
      throw new IllegalArgumentException("class " + className + " does not implement"
          + " Supplier<Semantics>; implement it and return the profile from get()");
    }
    Object made;
    try {
      Constructor<?> ctor = type.getDeclaredConstructor();
      ctor.setAccessible(true);
      made = ctor.newInstance();
    } catch (NoSuchMethodException e) {
      throw new IllegalArgumentException("class " + className + " has no constructor without"
          + " arguments; add one so the extension can create the factory", e);
    } catch (InstantiationException | IllegalAccessException | InvocationTargetException
        | RuntimeException e) {
      throw new IllegalArgumentException("class " + className + " could not be created: " + e,
          e);
    }
    Object profile = ((Supplier<?>) made).get();
    if (!(profile instanceof Semantics s)) {
      throw new IllegalArgumentException("class " + className + ".get() returned " + profile
          + " instead of a Semantics; return a profile such as Semantics.mainline().with(rule)");
    }
    return s;
  }
}
