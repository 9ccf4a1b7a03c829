package org.iommunit.assertj;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.iommunit.core.Invariants;
import org.junit.jupiter.api.Test;

/** Keeps docs/assertions.md complete: every assertion and every invariant has its entry. */
class AssertionsDocTest {
  private static final List<Class<?>> ASSERTIONS = List.of(AbstractGroupAssert.class,
      AbstractDomainAssert.class, AbstractPageTableAssert.class, MappingAssert.class,
      TranslationAssert.class, AbstractDeviceAssert.class, AbstractSvaHandleAssert.class,
      AbstractErrnoAssert.class, AbstractPlatformAssert.class, AbstractIotlbAssert.class,
      AbstractIommufdAssert.class);

  private final String doc = read();

  private static String read() {
    try { // Surefire runs in the module directory; the docs sit beside it
      return Files.readString(Path.of("..", "docs", "assertions.md"), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("docs/assertions.md must exist beside framework/", e);
    }
  }

  @Test
  void assertionsDoc_everyPublicAssertion_isListed() {
    List<String> missing = new ArrayList<>();
    for (Class<?> type : ASSERTIONS) {
      for (Method m : type.getDeclaredMethods()) {
        if (Modifier.isPublic(m.getModifiers()) && !m.isSynthetic()
            && !doc.contains("`" + m.getName() + "(")
            && !doc.contains("." + m.getName() + "(")) {
          missing.add(type.getSimpleName() + "." + m.getName());
        }
      }
    }

    assertThat(missing).isEmpty();
  }

  @Test
  void assertionsDoc_everyInvariantRule_isListed() {
    for (Invariants.Rule rule : Invariants.Rule.values()) {
      assertThat(doc).contains("| `" + rule.name() + "` |");
    }
  }
}
