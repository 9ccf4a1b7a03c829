package org.iommunit.trace;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The events a test made the simulated IOMMU produce, in order, with the header that says what
 * they were recorded on. A trace injected into a test is live: {@link #events()} also shows what
 * happened after injection. A parsed trace, {@link #snapshot()} and {@link #at} are fixed.
 *
 * <p>{@link #text()} is the trace file ({@link TraceFormat}); {@link #diff(Trace)} compares two
 * traces line by line.
 */
public final class Trace {
  private final TraceHeader header;
  private final Supplier<List<TraceEvent>> source;

  Trace(TraceHeader header, Supplier<List<TraceEvent>> source) {
    this.header = Objects.requireNonNull(header, "header");
    this.source = source;
  }

  /**
   * Returns a live trace: each read takes the events {@code events} supplies then, which must
   * already be at the header's levels (a recorder's slice from a mark on).
   */
  public static Trace live(TraceHeader header, Supplier<List<TraceEvent>> events) {
    return new Trace(header, Objects.requireNonNull(events, "events"));
  }

  /** Returns a fixed trace of {@code events}, keeping only those at the header's levels. */
  public static Trace of(TraceHeader header, List<? extends TraceEvent> events) {
    List<TraceEvent> kept = new ArrayList<>();
    for (TraceEvent e : events) {
      if (header.levels().contains(e.level())) {
        kept.add(e);
      }
    }
    List<TraceEvent> fixed = List.copyOf(kept);
    return new Trace(header, () -> fixed);
  }

  /**
   * Reads a trace file's text.
   *
   * @throws IllegalArgumentException if the text is not a trace file of a known format version
   */
  public static Trace parse(String text) {
    return TraceFormat.parse(text);
  }

  /** Returns what the trace was recorded on. */
  public TraceHeader header() {
    return header;
  }

  /** Returns the events at the header's levels, in order. */
  public List<TraceEvent> events() {
    List<TraceEvent> out = new ArrayList<>();
    for (TraceEvent e : source.get()) {
      if (header.levels().contains(e.level())) {
        out.add(e);
      }
    }
    return out;
  }

  /** Returns the event lines, in order. */
  public List<String> lines() {
    List<String> out = new ArrayList<>();
    for (TraceEvent e : events()) {
      out.add(e.line());
    }
    return out;
  }

  /** Returns a fixed copy of the trace as it is now. */
  public Trace snapshot() {
    return of(header, events());
  }

  /** Returns a fixed trace of only the events at {@code levels}. */
  public Trace at(TraceLevel... levels) {
    Set<TraceLevel> kept = levels.length == 0 ? EnumSet.noneOf(TraceLevel.class)
        : EnumSet.copyOf(Arrays.asList(levels));
    return of(header.keeping(kept), events());
  }

  /** Returns the trace file: the header, then one line per event, each ending in {@code \n}. */
  public String text() {
    return TraceFormat.write(this);
  }

  /** Returns the lines that golden comparison looks at: the header but its version, the events. */
  public List<String> comparableLines() {
    return TraceFormat.comparableLines(this);
  }

  /** Compares this trace, as the expected one, with {@code actual}. */
  public TraceDiff diff(Trace actual) {
    return TraceDiff.between("expected", this, "actual", actual);
  }

  /** Returns the trace file text. */
  @Override
  public String toString() {
    return text();
  }
}
