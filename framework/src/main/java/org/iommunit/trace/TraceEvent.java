package org.iommunit.trace;

import java.util.Objects;

/**
 * One recorded event; {@link #line()} is its stable text in a trace file, e.g. {@code ops
 * arm-smmu-v3.attach_dev(D3:BLOCKED, 0000:03:00.0, D1:DMA) = 0}. {@link #parse(String)} reads a
 * line back into the same event.
 */
public sealed interface TraceEvent
    permits TraceEvent.Api, TraceEvent.Ops, TraceEvent.State, TraceEvent.Iotlb, TraceEvent.Dma,
        TraceEvent.Warn {

  /** Returns the level of the event. */
  TraceLevel level();

  /** Returns the text after the level keyword. */
  String text();

  /** Returns the whole line: the keyword padded to six columns, then the text. */
  default String line() {
    String keyword = level().keyword();
    return keyword + " ".repeat(Math.max(1, 6 - keyword.length())) + text();
  }

  /**
   * Reads one event line.
   *
   * @throws IllegalArgumentException if the line names no level or its text does not have the
   *     level's shape
   */
  static TraceEvent parse(String line) {
    int space = line.indexOf(' ');
    TraceLevel level = space < 0 ? null : TraceLevel.ofKeyword(line.substring(0, space));
    if (level == null) {
      throw new IllegalArgumentException("a trace event line starts with one of api, ops, state,"
          + " iotlb, dma, warn and a space: " + line);
    }
    String text = line.substring(space).strip();
    switch (level) {
      case API:
        return Api.parse(text);
      case OPS:
        return Ops.parse(text);
      case STATE:
        return new State(text);
      case IOTLB:
        return new Iotlb(EventSyntax.checkIotlb(text));
      case DMA:
        return new Dma(EventSyntax.checkDma(text));
      default:
        return new Warn(text);
    }
  }

  private static String[] call(String text) {
    int open = text.indexOf('(');
    int close = text.lastIndexOf(") = ");
    if (open < 0 || close < open) {
      throw new IllegalArgumentException("a call reads name(arguments) = result: " + text);
    }
    return new String[] {text.substring(0, open), text.substring(open + 1, close),
        text.substring(close + 4)};
  }

  /**
   * A core API call.
   *
   * @param function the kernel function, e.g. {@code iommu_attach_device}
   * @param arguments the arguments as text, comma separated
   * @param result {@code 0}, a value, or an errno such as {@code -EINVAL}
   */
  record Api(String function, String arguments, String result) implements TraceEvent {
    /** Validates the parts. */
    public Api {
      Objects.requireNonNull(function, "function");
      Objects.requireNonNull(arguments, "arguments");
      Objects.requireNonNull(result, "result");
    }

    static Api parse(String text) {
      String[] c = call(text);
      return new Api(c[0], c[1], c[2]);
    }

    @Override
    public TraceLevel level() {
      return TraceLevel.API;
    }

    @Override
    public String text() {
      return function + "(" + arguments + ") = " + result;
    }
  }

  /**
   * A driver op call.
   *
   * @param iommu the IOMMU instance whose driver was called, e.g. {@code arm-smmu-v3}
   * @param op the kernel op name, e.g. {@code attach_dev}
   * @param arguments the arguments as text, comma separated
   * @param result {@code 0}, {@code ok} for a returned object, a value, or an errno
   */
  record Ops(String iommu, String op, String arguments, String result) implements TraceEvent {
    /** Validates the parts. */
    public Ops {
      Objects.requireNonNull(iommu, "iommu");
      Objects.requireNonNull(op, "op");
      Objects.requireNonNull(arguments, "arguments");
      Objects.requireNonNull(result, "result");
    }

    static Ops parse(String text) {
      String[] c = call(text);
      int dot = c[0].lastIndexOf('.');
      if (dot < 0) {
        throw new IllegalArgumentException("an ops event reads iommu.op(arguments) = result: "
            + text);
      }
      return new Ops(c[0].substring(0, dot), c[0].substring(dot + 1), c[1], c[2]);
    }

    @Override
    public TraceLevel level() {
      return TraceLevel.OPS;
    }

    @Override
    public String text() {
      return iommu + "." + op + "(" + arguments + ") = " + result;
    }
  }

  /**
   * A group state change, e.g. {@code G1.domain D1:DMA -> D3:BLOCKED}.
   *
   * @param change the change as text
   */
  record State(String change) implements TraceEvent {
    /** Validates the text. */
    public State {
      Objects.requireNonNull(change, "change");
    }

    @Override
    public TraceLevel level() {
      return TraceLevel.STATE;
    }

    @Override
    public String text() {
      return change;
    }
  }

  /**
   * An IOTLB invalidation command, a completion wait or a flush-queue flush, e.g. {@code iommu0
   * PAGE tag=1 0x1000+0x1000 leaf}, {@code iommu0 SYNC}, {@code fq_flush D1:DMA_FQ pending=1}.
   *
   * @param invalidation the event as text
   */
  record Iotlb(String invalidation) implements TraceEvent {
    /** Validates the text. */
    public Iotlb {
      Objects.requireNonNull(invalidation, "invalidation");
    }

    @Override
    public TraceLevel level() {
      return TraceLevel.IOTLB;
    }

    @Override
    public String text() {
      return invalidation;
    }
  }

  /**
   * A device's DMA transfer and its outcome, or a fault the IOMMU raised, e.g. {@code
   * 0000:01:00.0 write pasid=0 iova=0xfffff000 len=1 = 1 pa=0x40000000 stale}.
   *
   * @param access the transfer or fault as text
   */
  record Dma(String access) implements TraceEvent {
    /** Validates the text. */
    public Dma {
      Objects.requireNonNull(access, "access");
    }

    @Override
    public TraceLevel level() {
      return TraceLevel.DMA;
    }

    @Override
    public String text() {
      return access;
    }
  }

  /**
   * A kernel {@code WARN_ON}, e.g. {@code iommu_group_release_dma_owner: no owner}.
   *
   * @param warning the function and message as text
   */
  record Warn(String warning) implements TraceEvent {
    /** Validates the text. */
    public Warn {
      Objects.requireNonNull(warning, "warning");
    }

    @Override
    public TraceLevel level() {
      return TraceLevel.WARN;
    }

    @Override
    public String text() {
      return warning;
    }
  }
}
