package org.iommunit.junit;

import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Member;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * JUnit's annotation search ({@link AnnotationSupport}, meta-annotations included) for a class or
 * a method, remembered per element: every test asks the same questions of its method and
 * classes. Kept per declaring class (a {@link ClassValue}), so a class loader that goes away
 * takes its entries with it.
 */
final class Annotations {
  private record Key(AnnotatedElement element, Class<?> type, boolean repeatable) {
    // a suite asks with the same Method and Class objects again: compare those by identity
    // first (Method.equals compares the parameter types each time)
    @Override
    public boolean equals(Object o) {
      return o instanceof Key && ((Key) o).type == type && ((Key) o).repeatable == repeatable
          && (((Key) o).element == element || ((Key) o).element.equals(element));
    }

    @Override
    public int hashCode() {
      return element.hashCode() * 31 + type.getName().hashCode();
    }
  }

  private static final ClassValue<Map<Key, Object>> CACHE = new ClassValue<>() {
    @Override
    protected Map<Key, Object> computeValue(Class<?> type) {
      return new ConcurrentHashMap<>();
    }
  };

  private Annotations() {}

  /** Returns {@code type} on {@code element}, as {@link AnnotationSupport#findAnnotation}. */
  @SuppressWarnings("unchecked")
  static <A extends Annotation> Optional<A> find(AnnotatedElement element, Class<A> type) {
    return (Optional<A>) cached(new Key(element, type, false),
        k -> AnnotationSupport.findAnnotation(element, type));
  }

  /** Returns true if {@code element} carries {@code type}, directly or as a meta-annotation. */
  static boolean isAnnotated(AnnotatedElement element, Class<? extends Annotation> type) {
    return find(element, type).isPresent();
  }

  /** Returns every {@code type} on {@code element}, as {@code findRepeatableAnnotations}. */
  @SuppressWarnings("unchecked")
  static <A extends Annotation> List<A> findRepeatable(AnnotatedElement element,
      Class<A> type) {
    return (List<A>) cached(new Key(element, type, true),
        k -> List.copyOf(AnnotationSupport.findRepeatableAnnotations(element, type)));
  }

  // A plain get first: computeIfAbsent locks the bin when the key is not its first node, and a
  // suite asks for the same few answers per test
  private static Object cached(Key key, Function<Key, Object> compute) {
    Map<Key, Object> cache = cache(key.element());
    Object known = cache.get(key);
    return known != null ? known : cache.computeIfAbsent(key, compute);
  }

  private static Map<Key, Object> cache(AnnotatedElement element) {
    Class<?> owner = element instanceof Class ? (Class<?>) element
        : element instanceof Member ? ((Member) element).getDeclaringClass() : Annotations.class;
    return CACHE.get(owner);
  }
}
