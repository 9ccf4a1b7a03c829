package org.iommunit.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;

/** {@link ClassFacts}: answers about a test class and method, remembered per class. */
class ClassFactsTest {
  /** Classes of their own, so no other test shares their answers. */
  private static final class AskedTwice {}

  private static final class Refused {}

  private final AtomicInteger computed = new AtomicInteger();

  private static ExtensionContext context(Class<?> testClass) {
    ExtensionContext c = mock(ExtensionContext.class);
    when(c.getRequiredTestClass()).thenAnswer(i -> testClass);
    when(c.getTestMethod()).thenReturn(Optional.empty());
    return c;
  }

  @Test
  void get_askedTwice_computesOnce() {
    ExtensionContext context = context(AskedTwice.class);
    ClassFacts.get(context, ClassFacts.Question.GOLDEN, c -> computed.incrementAndGet());

    Object again = ClassFacts.get(context, ClassFacts.Question.GOLDEN,
        c -> computed.incrementAndGet());

    assertThat(again).isEqualTo(1);
    assertThat(computed).hasValue(1);
  }

  @Test
  void get_answerThrew_asksAgainAndThrowsAgain() {
    ExtensionContext context = context(Refused.class);
    IllegalStateException refused = new IllegalStateException("blank reason");
    catchThrowable(() -> ClassFacts.get(context, ClassFacts.Question.RELAXATIONS, c -> {
      computed.incrementAndGet();
      throw refused;
    }));

    Throwable second = catchThrowable(() -> ClassFacts.get(context,
        ClassFacts.Question.RELAXATIONS, c -> {
          computed.incrementAndGet();
          throw refused;
        }));

    assertThat(second).isSameAs(refused);
    assertThat(computed).hasValue(2);
  }
}
