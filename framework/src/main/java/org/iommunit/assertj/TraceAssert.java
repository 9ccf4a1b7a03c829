package org.iommunit.assertj;

import org.iommunit.trace.Trace;
import org.jspecify.annotations.Nullable;

/**
 * Assertions on a trace; see {@link AbstractTraceAssert}. Obtain one from {@link
 * IommuAssertions#assertThat(Trace)}. Not final: soft assertions subclass it.
 */
public class TraceAssert extends AbstractTraceAssert<TraceAssert> {

  /**
   * Creates an assertion on a trace; prefer {@link IommuAssertions#assertThat(Trace)}.
   *
   * @param actual the trace; null fails every check
   */
  public TraceAssert(@Nullable Trace actual) {
    super(actual, TraceAssert.class);
  }
}
