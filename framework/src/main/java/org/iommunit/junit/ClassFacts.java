package org.iommunit.junit;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Answers that depend only on a context's test class and test method (what their annotations and
 * those of the enclosing classes say), remembered per class: every test of a suite asks them
 * again. Kept in a {@link ClassValue} of the test class, like {@link Annotations}, because the
 * answers are facts of the classes, the same in every run; a class loader that goes away takes
 * its entries with it. An answer that throws is not remembered, so every test it concerns fails
 * with it.
 */
final class ClassFacts {
  /** The questions asked. */
  enum Question {
    /** The test's {@code @AllowLeaks} and {@code @AllowWarnings}. */
    RELAXATIONS,
    /** The test's {@code @InjectFault}s. */
    FAULTS,
    /** The test's {@code @GoldenTrace}. */
    GOLDEN
  }

  private record Key(Question question, @Nullable Method method) {}

  private static final ClassValue<Map<Key, Object>> ANSWERS = new ClassValue<>() {
    @Override
    protected Map<Key, Object> computeValue(Class<?> type) {
      return new ConcurrentHashMap<>();
    }
  };

  private ClassFacts() {}

  /**
   * Returns the answer to {@code question} for {@code context}'s test class and method, computing
   * it with {@code compute} the first time.
   */
  @SuppressWarnings("unchecked")
  static <T> T get(ExtensionContext context, Question question,
      Function<ExtensionContext, T> compute) {
    Map<Key, Object> answers = ANSWERS.get(context.getRequiredTestClass());
    Key key = new Key(question, context.getTestMethod().orElse(null));
    Object known = answers.get(key); // a plain get first: computeIfAbsent may lock
    return (T) (known != null ? known : answers.computeIfAbsent(key, k -> compute.apply(context)));
  }
}
