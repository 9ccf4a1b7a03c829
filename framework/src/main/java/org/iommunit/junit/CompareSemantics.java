package org.iommunit.junit;

import static org.iommunit.trace.TraceLevel.API;
import static org.iommunit.trace.TraceLevel.OPS;
import static org.iommunit.trace.TraceLevel.STATE;
import static org.iommunit.trace.TraceLevel.WARN;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.iommunit.trace.TraceLevel;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the test method once per named semantics profile, then publishes the unified diff between
 * the first profile's trace and each other profile's trace, so a proposal's behavioural change
 * reads as a diff. Each invocation boots its own platform with that profile (it wins over {@code
 * @SimulatedIommu(semantics = ...)} and {@code iommunit.semantics}) and is displayed under the
 * profile's name. Replaces {@code @Test}.
 *
 * <pre>{@code
 * @SimulatedIommu(factory = "card")
 * class DmaOwnershipInterfacesTest {
 *   @CompareSemantics({"MAINLINE", "NO_DMA_OWNERSHIP"})
 *   void bindDriver_hotpluggedDevice_differsByProfile(Platform p) { ... }
 * }
 * }</pre>
 *
 * <p>The diff goes to {@code <report root>/traces/<Class>/<method>.semantics.diff}, to the JUnit
 * report (entry {@code iommunit.semantics}) and to the HTML report's "Semantics diffs" section.
 * With {@link GoldenTrace} as well, each invocation's trace is checked against its own golden file
 * ({@code <method>[1].trace}, {@code <method>[2].trace}, ... in profile order), which pins the
 * diff; there is no separate golden diff file. See docs/traces.md.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@TestTemplate
@ExtendWith(IommuExtension.class)
public @interface CompareSemantics {
  /**
   * Names the profiles, {@link org.iommunit.semantics.Semantics} constants, at least two; the
   * first is the base every other one is compared with.
   */
  String[] value();

  /** Returns the levels compared; API, OPS, STATE and WARN unless set. */
  TraceLevel[] levels() default {API, OPS, STATE, WARN};
}
