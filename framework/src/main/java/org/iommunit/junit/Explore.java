package org.iommunit.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.function.Supplier;
import org.iommunit.driver.Vendor;
import org.iommunit.explore.BootMode;
import org.iommunit.explore.Legality;
import org.iommunit.explore.Mode;
import org.iommunit.semantics.Semantics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs an exploration ({@link org.iommunit.explore.Exploration}) as a test: seeded random
 * sequences of API calls over the model, checked after every step ({@link Mode#CHECK}) or
 * compared with a baseline ({@link Mode#DIFFERENTIAL}), every finding shrunk. The test fails
 * with the findings: the run's table, then each finding's shrunk sequence as a JUnit test method
 * ready to paste. So a user guards their own rules in CI:
 *
 * <pre>{@code
 * @Explore(profileFactory = MyProposal.class, mode = Mode.CHECK, steps = 50_000)
 * void myProposal_randomSequences_keepInvariants() {}
 *
 * @Explore(profile = "SVA_PASID_1N", mode = Mode.DIFFERENTIAL, stopAfter = 1,
 *     expect = Explore.Expect.FINDINGS)
 * void svaPasid1n_againstMainline_differsAtBind(ExplorationResult result) {
 *   assertThat(result.findings().get(0).kind()).startsWith("errno differs at bindDevice");
 * }
 * }</pre>
 *
 * <p>Replaces {@code @Test}. The method may take an {@link
 * org.iommunit.explore.ExplorationResult} parameter; its body runs after the exploration, and
 * only when the expectation ({@link #expect()}) held. Each finding is replayed with the trace
 * recorder and written to a file ({@link FindingReport}): under {@code iommunit.explore.dir}
 * (default {@code target/iommunit-explore}) in {@code findings/<Class>/<method>/finding-NN.txt},
 * with its JUnit test method, its trace and, in differential mode, the side-by-side diff of the
 * baseline's trace and the profile's. The files are published to the JUnit report, and the run
 * appears in the HTML report like a traced test: the table and the traces as its trace, the
 * diffs side by side, the platform of the first finding as a picture, and the differential
 * diffs in the "Semantics diffs" section. The configuration parameter {@code
 * iommunit.explore.shard} ({@code k/n}) runs shard {@code k} of {@code n} of every exploration
 * (see {@link org.iommunit.explore.Exploration#shard(int, int)}).
 *
 * <p>A profile name that is not a profile fails before the run with an {@code
 * ExtensionConfigurationException} naming the attribute and the profiles that exist.
 */
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Test
@ExtendWith(ExploreExtension.class)
public @interface Explore {

  /** What the test expects of the exploration. */
  enum Expect {
    /** No finding: the test fails with the findings (the default, for a guard in CI). */
    NO_FINDINGS,
    /** At least one finding: the test fails if the run is clean (for a known flaw). */
    FINDINGS
  }

  /**
   * Names the profile explored: one IOMMUnit ships ({@link Semantics#named(String)}, such as
   * {@code "SVA_DOMAIN_USERS"} or {@code "linux-6.6"}) or the binary name of a class
   * implementing {@code Supplier<Semantics>}; {@code MAINLINE} unless set. Not together with
   * {@link #profileFactory()}.
   */
  String profile() default "";

  /**
   * Names the class of the test's own code that makes the profile, as {@link
   * SimulatedIommu#semanticsFactory()} does: it implements {@code Supplier<Semantics>} and has a
   * constructor without arguments. At most one.
   */
  Class<? extends Supplier<Semantics>>[] profileFactory() default {};

  /** Chooses check mode (the default) or differential mode against {@link #baseline()}. */
  Mode mode() default Mode.CHECK;

  /** Names the baseline of differential mode, as {@link #profile()} names a profile. */
  String baseline() default "MAINLINE";

  /** Names the class that makes the baseline, as {@link #profileFactory()}; at most one. */
  Class<? extends Supplier<Semantics>>[] baselineFactory() default {};

  /** Returns the step budget (20,000 unless set). */
  long steps() default 20_000;

  /** Returns the seed (1 unless set). */
  long seed() default 1;

  /** Chooses the vendor drivers; every {@link Vendor} unless set. */
  Vendor[] vendors() default {};

  /** Chooses the boot modes; every {@link BootMode} unless set. */
  BootMode[] bootModes() default {};

  /**
   * Chooses the topologies: ready-made platform names, {@code "soc"} and {@code "random-pci"};
   * all of them unless set.
   */
  String[] topologies() default {};

  /** Chooses legal calls only (the default) or misuse as well. */
  Legality legality() default Legality.LEGAL;

  /** Stops after this many distinct finding kinds; 0 (the default) for no limit. */
  int stopAfter() default 0;

  /** Returns what the test expects: {@link Expect#NO_FINDINGS} unless set. */
  Expect expect() default Expect.NO_FINDINGS;
}
