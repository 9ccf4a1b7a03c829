package org.iommunit.junit;

import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.jspecify.annotations.Nullable;

/**
 * The teardown checks a test or class relaxed with {@link AllowLeaks} and {@link AllowWarnings},
 * found on the test method, its class and the enclosing classes.
 *
 * @param leaks leaks do not fail
 * @param warnings WARN_ONs do not fail
 */
record Relaxations(boolean leaks, boolean warnings) {

  /**
   * Returns the relaxations in force for {@code context}.
   *
   * @throws org.junit.jupiter.api.extension.ExtensionConfigurationException for a blank reason
   */
  static Relaxations of(ExtensionContext context) {
    return ClassFacts.get(context, ClassFacts.Question.RELAXATIONS, Relaxations::find);
  }

  private static Relaxations find(ExtensionContext context) {
    AllowLeaks leaks = find(context, AllowLeaks.class);
    AllowWarnings warnings = find(context, AllowWarnings.class);
    return new Relaxations(leaks != null, warnings != null);
  }

  private static <A extends Annotation> @Nullable A find(ExtensionContext context, Class<A> type) {
    for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
      AnnotatedElement element = c.getElement().orElse(null);
      if (element == null) {
        continue;
      }
      Optional<A> found = Annotations.find(element, type);
      if (found.isPresent()) {
        checkReason(found.get(), element);
        return found.get();
      }
    }
    return null;
  }

  private static void checkReason(Annotation a, AnnotatedElement element) {
    String reason = a instanceof AllowLeaks ? ((AllowLeaks) a).reason()
        : ((AllowWarnings) a).reason();
    if (reason.isBlank()) {
      String where = element instanceof Class ? "class " + Misdeclared.className((Class<?>) element)
          : "method " + Misdeclared.method((Method) element);
      throw Misdeclared.of(Misdeclared.render(a) + " on " + where, "the reason is blank",
          "say why the test may end that way, e.g. reason = \"shows the leak the thread"
              + " reported\"");
    }
  }
}
