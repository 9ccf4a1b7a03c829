package org.iommunit.samples.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.Test;

/**
 * The samples are written as a downstream user writes tests, so they use no {@code internal}
 * package of IOMMUnit: what they compile against is what users may rely on.
 */
class PublicApiOnlyTest {
  private static final JavaClasses SAMPLES =
      new ClassFileImporter().importPackages("org.iommunit.samples");

  @Test
  void samples_anyClass_usesNoInternalPackage() {
    EvaluationResult result = noClasses().should().dependOnClassesThat()
        .resideInAPackage("org.iommunit..internal..").evaluate(SAMPLES);

    assertThat(result.getFailureReport().getDetails()).isEmpty();
  }
}
