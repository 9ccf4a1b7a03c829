package org.iommunit.junit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Marks a test class that exists to be run by {@link Kit} through the {@code EngineTestKit}: many
 * of them fail on purpose. The normal run (Maven, an IDE) skips them; the kit enables them with
 * the configuration parameter {@value #PARAMETER}, so parallel kit runs share no global state.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(TestKitOnly.Condition.class)
@interface TestKitOnly {
  /** The configuration parameter {@link Kit} sets. */
  String PARAMETER = "iommunit.testkit";

  /** Enables the class only inside a kit run. */
  final class Condition implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      return context.getConfigurationParameter(PARAMETER).map(Boolean::parseBoolean)
          .orElse(false)
          ? ConditionEvaluationResult.enabled("run by the EngineTestKit")
          : ConditionEvaluationResult.disabled("runs only through the EngineTestKit (Kit)");
    }
  }
}
