package org.iommunit.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Lets a test end with kernel {@code WARN_ON}s in the log, for a test that provokes one on
 * purpose; the test can still assert on {@code platform.warnings()}. Invariant violations still
 * fail the test. On a class it applies to each of its tests and to the class's own teardown.
 *
 * <pre>{@code
 * @Test
 * @AllowWarnings(reason = "detaching a domain that is not attached is the caller bug under test")
 * void detachDevice_domainNotAttached_warns(...) { ... }
 * }</pre>
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface AllowWarnings {

  /** Says why the warnings are expected; must not be blank. */
  String reason();
}
