package org.iommunit.junit;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Answers that depend only on a context's test class and test method (what their annotations and
 * those of the enclosing classes say), remembered for the run in the engine's store: every test
 * of a suite asks them again. An answer that throws is not remembered, so every test it concerns
 * fails with it.
 */
final class RunMemo {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(RunMemo.class);

  private RunMemo() {}

  /** One question about one class and method. */
  private record Key(String question, Class<?> testClass, @Nullable Method method) {}

  /**
   * Returns the answer to {@code question} for {@code context}'s test class and method, computing
   * it with {@code compute} the first time.
   */
  @SuppressWarnings({"unchecked", "deprecation"}) // getOrComputeIfAbsent: JUnit 5.10's API
  static <T> T get(ExtensionContext context, String question,
      Function<ExtensionContext, T> compute) {
    Map<Key, Object> answers = context.getRoot().getStore(NAMESPACE)
        .getOrComputeIfAbsent(RunMemo.class, k -> new ConcurrentHashMap<Key, Object>(),
            Map.class);
    Key key = new Key(question, context.getRequiredTestClass(),
        context.getTestMethod().orElse(null));
    Object known = answers.get(key); // a plain get first: computeIfAbsent may lock
    return (T) (known != null ? known : answers.computeIfAbsent(key, k -> compute.apply(context)));
  }
}
