package org.iommunit.junit;

import static org.iommunit.trace.TraceLevel.API;
import static org.iommunit.trace.TraceLevel.OPS;
import static org.iommunit.trace.TraceLevel.STATE;
import static org.iommunit.trace.TraceLevel.WARN;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.iommunit.trace.TraceLevel;

/**
 * Compares the test's trace, at {@link #levels()}, with its golden file {@code
 * src/test/resources/iommunit/<TestClass>/<method>.trace}, named from the JUnit unique id. A
 * missing golden file fails the test with instructions; a different one fails it with an
 * opentest4j {@code AssertionFailedError} carrying both traces and a unified diff. With the
 * configuration parameter {@code iommunit.trace.update=true} (refused when the {@code CI}
 * environment variable is set) the golden file is written instead. On a class, it applies to
 * every test of the class. See docs/traces.md.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
public @interface GoldenTrace {
  /**
   * Returns the levels compared; API, OPS, STATE and WARN unless set. IOTLB (invalidations) and
   * DMA (device transfers and faults) are opt-in, e.g. {@code @GoldenTrace(levels = {IOTLB,
   * DMA})}.
   */
  TraceLevel[] levels() default {API, OPS, STATE, WARN};
}
