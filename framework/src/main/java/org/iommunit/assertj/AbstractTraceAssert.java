package org.iommunit.assertj;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.error.BasicErrorMessageFactory;
import org.iommunit.trace.Trace;
import org.iommunit.trace.TraceDiff;
import org.iommunit.trace.TraceEvent;
import org.iommunit.trace.TraceLevel;
import org.jspecify.annotations.Nullable;

/**
 * Assertions on a recorded {@link Trace}: which events happened, in which order, and whether the
 * trace equals a golden one.
 *
 * <pre>{@code
 * assertThat(trace)
 *     .containsSubsequence("ops iommu0.attach_dev(D3:UNMANAGED, 0000:03:00.0, D1:DMA) = 0",
 *         "state G1.domain D1:DMA -> D3:UNMANAGED")
 *     .hasNoEventsAt(TraceLevel.WARN);
 * }</pre>
 *
 * @param <SELF> the concrete assertion type
 */
public abstract class AbstractTraceAssert<SELF extends AbstractTraceAssert<SELF>>
    extends AbstractIommuAssert<SELF, Trace> {

  /**
   * Creates an assertion on a trace.
   *
   * @param actual the trace; null fails every check
   * @param selfType the concrete assertion class
   */
  protected AbstractTraceAssert(@Nullable Trace actual, Class<?> selfType) {
    super(actual, selfType);
  }

  /**
   * Verifies that the trace has these events in this order, others possibly in between. Each is
   * a whole line ({@code state G1.domain ...}; spaces after the keyword do not matter) or the text
   * after the keyword.
   */
  public SELF containsSubsequence(String... events) {
    return check(() -> {
      isNotNull();
      List<TraceEvent> all = actual.events();
      int at = 0;
      for (String wanted : events) {
        while (at < all.size() && !matches(all.get(at), wanted)) {
          at++;
        }
        if (at == all.size()) {
          throw failure(new BasicErrorMessageFactory("%nExpecting the trace to contain, in"
              + " order:%n  %s%nbut found no %s after the events before it. The trace:%n%s",
              String.join("\n  ", events), wanted, String.join("\n", actual.lines())));
        }
        at++;
      }
    });
  }

  /** Verifies that no event of {@code level} was recorded. */
  public SELF hasNoEventsAt(TraceLevel level) {
    return check(() -> {
      isNotNull();
      List<String> found = new ArrayList<>();
      for (TraceEvent e : actual.events()) {
        if (e.level() == level) {
          found.add(e.line());
        }
      }
      if (!found.isEmpty()) {
        throw failure(new BasicErrorMessageFactory("%nExpecting no %s events but the trace has"
            + " %s:%n%s", level.keyword(), found.size(), String.join("\n", found)));
      }
    });
  }

  /**
   * Verifies that the trace, at the golden trace's levels, equals {@code golden}: its header
   * (all but the IOMMUnit version) and its events. The failure shows a unified diff and carries
   * both traces for an IDE's diff viewer.
   */
  public SELF isEqualToGolden(Trace golden) {
    return check(() -> {
      isNotNull();
      Trace mine = actual.at(golden.header().levels().toArray(new TraceLevel[0]));
      TraceDiff diff = TraceDiff.between("golden", golden, "actual", mine);
      if (!diff.isEmpty()) {
        throw failureComparing(new BasicErrorMessageFactory("%nExpecting the trace to equal the"
            + " golden trace, but:%n%s", diff.unified()), String.join("\n", diff.expected()),
            String.join("\n", diff.actual()));
      }
    });
  }

  /** Verifies that the trace equals the golden trace file {@code goldenFile}. */
  public SELF isEqualToGolden(Path goldenFile) {
    String text;
    try {
      text = Files.readString(goldenFile, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read golden trace " + goldenFile, e);
    }
    return isEqualToGolden(Trace.parse(text));
  }

  private static boolean matches(TraceEvent event, String wanted) {
    String w = wanted.strip();
    int space = w.indexOf(' ');
    String normal = space < 0 ? w : w.substring(0, space) + " " + w.substring(space).strip();
    return event.text().equals(w)
        || normal.equals(event.level().keyword() + " " + event.text());
  }
}
