package org.iommunit.junit;

import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.annotation.Testable;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ReflectionSupport;
import org.jspecify.annotations.Nullable;

/**
 * Finds the declarations a scope serves, by reflection over the test classes: annotated fields,
 * and the parameters of lifecycle and test methods. Lists follow JUnit's own deterministic order
 * of fields and methods, superclasses first.
 */
final class Scan {
  private Scan() {}

  /**
   * The declarations of one scope.
   *
   * @param points every declaration, fields first, then method parameters
   * @param fields the fields among them, with their instances
   */
  record Declarations(List<InjectionPoint> points, List<Scope.FieldTarget> fields) {}

  /**
   * Returns what one test needs: the instance fields of {@code perTest} (the test instances the
   * test owns), the parameters of the {@code @BeforeEach}/{@code @AfterEach} methods of every
   * instance's class, and the test method's parameters.
   */
  static Declarations forTest(Method test, List<Object> all, List<Object> perTest) {
    List<InjectionPoint> points = new ArrayList<>();
    List<Scope.FieldTarget> fields = new ArrayList<>();
    for (Object instance : perTest) {
      addFields(instance.getClass(), instance, false, points, fields);
    }
    for (Object instance : all) {
      addParameters(lifecycle(instance.getClass(), BeforeEach.class, AfterEach.class), points);
    }
    addParameters(List.of(test), points);
    return new Declarations(points, fields);
  }

  /**
   * Returns what a class with a per-class platform needs: its static fields, the instance fields
   * of {@code instance} and the parameters of its {@code @BeforeAll}/{@code @AfterAll} methods.
   */
  static Declarations forClass(Class<?> testClass, @Nullable Object instance) {
    List<InjectionPoint> points = new ArrayList<>();
    List<Scope.FieldTarget> fields = new ArrayList<>();
    addFields(testClass, null, true, points, fields);
    if (instance != null) {
      addFields(testClass, instance, false, points, fields);
    }
    addParameters(lifecycle(testClass, BeforeAll.class, AfterAll.class), points);
    return new Declarations(points, fields);
  }

  /** Returns the static fields of {@code testClass} that carry an IOMMUnit annotation. */
  static List<InjectionPoint> staticFields(Class<?> testClass) {
    List<InjectionPoint> points = new ArrayList<>();
    addFields(testClass, null, true, points, new ArrayList<>());
    return points;
  }

  /**
   * Returns every declaration a per-class platform of {@code testClass} must satisfy: the class's
   * own, those of all its lifecycle and test methods, and those of its {@code @Nested} classes
   * that share the platform (the ones without their own {@code @SimulatedIommu}).
   */
  static List<InjectionPoint> union(Class<?> testClass) {
    List<InjectionPoint> points = new ArrayList<>();
    for (Class<?> c : sharing(testClass)) {
      List<Scope.FieldTarget> ignored = new ArrayList<>();
      addFields(c, null, true, points, ignored);
      addFields(c, null, false, points, ignored);
      addParameters(lifecycle(c, BeforeAll.class, AfterAll.class), points);
      addParameters(lifecycle(c, BeforeEach.class, AfterEach.class), points);
      addParameters(ReflectionSupport.findMethods(c,
          m -> AnnotationSupport.isAnnotated(m, Testable.class), HierarchyTraversalMode.TOP_DOWN),
          points);
    }
    return points;
  }

  /** Returns true if a test of {@code testClass}, or of a nested class sharing it, has faults. */
  static boolean anyFaults(Class<?> testClass) {
    for (Class<?> c : sharing(testClass)) {
      if (!AnnotationSupport.findRepeatableAnnotations(c, InjectFault.class).isEmpty()) {
        return true;
      }
      for (Method m : ReflectionSupport.findMethods(c,
          x -> AnnotationSupport.isAnnotated(x, Testable.class), HierarchyTraversalMode.TOP_DOWN)) {
        if (!AnnotationSupport.findRepeatableAnnotations(m, InjectFault.class).isEmpty()) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Returns the faults in force for {@code context}: those on the test method, then on its class
   * and the enclosing classes.
   */
  static List<FaultPlan.Declared> faults(ExtensionContext context) {
    return ClassFacts.get(context, ClassFacts.Question.FAULTS, Scan::findFaults);
  }

  private static List<FaultPlan.Declared> findFaults(ExtensionContext context) {
    List<FaultPlan.Declared> out = new ArrayList<>();
    for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
      AnnotatedElement e = c.getElement().orElse(null);
      if (e instanceof Method) {
        for (InjectFault f : Annotations.findRepeatable(e, InjectFault.class)) {
          out.add(new FaultPlan.Declared(f, "method " + Misdeclared.method((Method) e)));
        }
      } else if (e instanceof Class) {
        for (InjectFault f : Annotations.findRepeatable(e, InjectFault.class)) {
          out.add(new FaultPlan.Declared(f, "class " + Misdeclared.className((Class<?>) e)));
        }
      }
    }
    return List.copyOf(out);
  }

  // The class and the @Nested classes inside it that share its platform, outermost first.
  private static Set<Class<?>> sharing(Class<?> testClass) {
    Set<Class<?>> out = new LinkedHashSet<>();
    out.add(testClass);
    for (Class<?> nested : ReflectionSupport.findNestedClasses(testClass,
        c -> AnnotationSupport.isAnnotated(c, Nested.class) && !Declaration.declaredOn(c))) {
      out.addAll(sharing(nested));
    }
    return out;
  }

  // a class's @BeforeEach/@AfterEach methods, found once per class: every test asks again
  private static final ClassValue<List<Method>> EACH = new ClassValue<>() {
    @Override
    protected List<Method> computeValue(Class<?> c) {
      return List.copyOf(find(c, BeforeEach.class, AfterEach.class));
    }
  };

  private static List<Method> lifecycle(Class<?> c, Class<? extends Annotation> first,
      Class<? extends Annotation> second) {
    return first == BeforeEach.class ? EACH.get(c) : find(c, first, second);
  }

  @SafeVarargs
  private static List<Method> find(Class<?> c, Class<? extends Annotation>... annotations) {
    List<Method> out = new ArrayList<>();
    for (Class<? extends Annotation> a : annotations) {
      out.addAll(AnnotationSupport.findAnnotatedMethods(c, a, HierarchyTraversalMode.TOP_DOWN));
    }
    return out;
  }

  private static void addFields(Class<?> c, @Nullable Object instance, boolean statics,
      List<InjectionPoint> points, List<Scope.FieldTarget> fields) {
    for (Scope.FieldTarget t : (statics ? STATIC_FIELDS : INSTANCE_FIELDS).get(c)) {
      points.add(t.point());
      fields.add(new Scope.FieldTarget(t.point(), t.field(), instance));
    }
  }

  // a class's declared static or instance fields, found once per class (without an instance)
  private static final ClassValue<List<Scope.FieldTarget>> STATIC_FIELDS = fields(true);
  private static final ClassValue<List<Scope.FieldTarget>> INSTANCE_FIELDS = fields(false);

  private static ClassValue<List<Scope.FieldTarget>> fields(boolean statics) {
    return new ClassValue<>() {
      @Override
      protected List<Scope.FieldTarget> computeValue(Class<?> c) {
        List<Scope.FieldTarget> out = new ArrayList<>();
        for (Field f : ReflectionSupport.findFields(c,
            x -> Modifier.isStatic(x.getModifiers()) == statics && InjectionPoint.isDeclared(x),
            HierarchyTraversalMode.TOP_DOWN)) {
          InjectionPoint p = InjectionPoint.ofField(f);
          if (p != null) {
            out.add(new Scope.FieldTarget(p, f, null));
          }
        }
        return List.copyOf(out);
      }
    };
  }

  private static void addParameters(List<Method> methods, List<InjectionPoint> points) {
    for (Method m : methods) {
      Parameter[] parameters = m.getParameters();
      for (int i = 0; i < parameters.length; i++) {
        InjectionPoint p = InjectionPoint.ofParameter(parameters[i], i);
        if (p != null) {
          points.add(p);
        }
      }
    }
  }
}
