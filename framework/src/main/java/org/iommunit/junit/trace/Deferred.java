package org.iommunit.junit.trace;

import org.iommunit.core.DmaOwner;
import org.iommunit.core.DomainType;
import org.iommunit.core.Group;
import org.iommunit.core.IommuDomain;
import org.iommunit.core.StateChange;
import org.iommunit.device.Device;
import org.iommunit.dma.DmaResult;
import org.iommunit.iotlb.Invalidation;
import org.iommunit.iotlb.IotlbGather;
import org.jspecify.annotations.Nullable;

/*
 * Recording is cheap because an event is kept as the objects it is made of and written as text
 * only when somebody reads the trace (TraceRecorder.slice). The text must be what it would have
 * been at the moment of the event, so only objects whose text cannot change are kept as they
 * are: numbers, booleans, enums, strings, devices and groups (final names), DMA owners (records
 * of strings), IOTLB gathers and invalidations (a fixed word, a record of primitives). A domain's
 * text "D<id>:<TYPE>" changes only when a DMA domain becomes DMA_FQ in place (iommu_dma_init_fq;
 * the other retyping, an UNMANAGED allocation made DMA, happens before any event names it), so a
 * DMA domain is kept as a DomainName of its id and type, any other domain as itself. Anything
 * else is written at once, as before.
 */

/** An event kept as its parts until it is read; {@link #resolve()} makes its {@link TraceEvent}. */
abstract class Deferred {
  /** Returns the event, or null while it is not complete (an API call still running). */
  abstract @Nullable TraceEvent resolve();

  /** The text of a domain as it was when the event happened. */
  record DomainName(int id, DomainType type) {
    @Override
    public String toString() {
      return "D" + id + ":" + type.name();
    }
  }

  /** Returns {@code value} in a form whose later text is its text now. */
  static @Nullable Object freeze(@Nullable Object value) {
    if (value instanceof IommuDomain) {
      IommuDomain d = (IommuDomain) value;
      DomainType type = d.type();
      // only a DMA domain changes type in place (to DMA_FQ, iommu_dma_init_fq)
      return type == DomainType.DMA ? new DomainName(d.id(), type) : d;
    }
    if (value == null || value instanceof Long || value instanceof Integer
        || value instanceof Device || value instanceof Group || value instanceof String
        || value instanceof Boolean || value instanceof Enum || value instanceof IotlbGather
        || value instanceof DmaOwner) {
      return value;
    }
    return CallText.value(value); // no stable text known: write it now
  }

  /** Freezes every argument in place; the array is the call's own, made for the recorder. */
  static @Nullable Object @Nullable [] freezeAll(@Nullable Object @Nullable [] args) {
    if (args != null) {
      for (int i = 0; i < args.length; i++) {
        args[i] = freeze(args[i]);
      }
    }
    return args;
  }

  /** A core API call; complete once {@link #finish} has run. */
  static final class ApiLine extends Deferred {
    private final String name;
    private final boolean isVoid;
    private @Nullable Object @Nullable [] args;
    private @Nullable Object result;
    private @Nullable String failure;
    private volatile boolean done; // written last: publishes the fields to readers

    ApiLine(String name, boolean isVoid) {
      this.name = name;
      this.isVoid = isVoid;
    }

    /** Completes the line with the call's arguments and its result. */
    void finish(@Nullable Object @Nullable [] arguments, @Nullable Object returned) {
      args = freezeAll(arguments);
      result = isVoid ? null : freeze(returned);
      done = true;
    }

    /** Completes the line with the call's arguments and its errno or exception text. */
    void fail(@Nullable Object @Nullable [] arguments, String text) {
      args = freezeAll(arguments);
      failure = text;
      done = true;
    }

    @Override
    @Nullable TraceEvent resolve() {
      if (!done) {
        return null;
      }
      return new TraceEvent.Api(ApiCalls.kernelName(name), CallText.arguments(args),
          failure != null ? failure : isVoid ? "0" : CallText.value(result));
    }
  }

  /** A driver op call that returned or failed. */
  static final class OpsLine extends Deferred {
    private final String iommu;
    private final String name;
    private final boolean isVoid;
    private final @Nullable Object @Nullable [] args;
    private final @Nullable Object result;
    private final @Nullable String failure;

    OpsLine(String iommu, String name, boolean isVoid, @Nullable Object @Nullable [] args,
        @Nullable Object result, @Nullable String failure) {
      this.iommu = iommu;
      this.name = name;
      this.isVoid = isVoid;
      this.args = freezeAll(args);
      // an op's result prints as 0, NULL, ok or a number: only numbers need keeping
      this.result = result == null || result instanceof Number || result instanceof Boolean
          ? result : OK;
      this.failure = failure;
    }

    @Override
    TraceEvent resolve() {
      return new TraceEvent.Ops(iommu, CallText.kernelName(name), CallText.arguments(args),
          failure != null ? failure : CallText.result(isVoid, result));
    }
  }

  /**
   * An {@code attach_dev(domain, dev, old)}: one small object instead of a line, an argument array
   * and domain snapshots. A domain's type is kept only while it is DMA (see freeze).
   */
  static final class AttachDevLine extends Deferred {
    private final String iommu;
    private final IommuDomain domain;
    private final @Nullable DomainType domainType;
    private final Device dev;
    private final @Nullable IommuDomain old;
    private final @Nullable DomainType oldType;
    private final @Nullable String failure;

    AttachDevLine(String iommu, IommuDomain domain, Device dev, @Nullable IommuDomain old,
        @Nullable String failure) {
      this.iommu = iommu;
      this.domain = domain;
      this.domainType = dmaType(domain);
      this.dev = dev;
      this.old = old;
      this.oldType = dmaType(old);
      this.failure = failure;
    }

    private static @Nullable DomainType dmaType(@Nullable IommuDomain d) {
      return d != null && d.type() == DomainType.DMA ? DomainType.DMA : null;
    }

    private static String name(@Nullable IommuDomain d, @Nullable DomainType type) {
      return d == null ? "NULL" : type != null ? new DomainName(d.id(), type).toString()
          : d.toString();
    }

    @Override
    TraceEvent resolve() {
      return new TraceEvent.Ops(iommu, "attach_dev", name(domain, domainType) + ", "
          + CallText.value(dev) + ", " + name(old, oldType), failure != null ? failure : "0");
    }
  }

  /** Stands for a returned object whose text is {@code ok}. */
  private static final Object OK = new Object();

  /** A group state change; the domains it names keep the types they had. */
  static final class StateLine extends Deferred {
    private final StateChange change;
    private final @Nullable DomainType fromType;
    private final @Nullable DomainType toType;

    /** Returns what to keep for {@code change}: itself unless it names a DMA domain. */
    static Object of(StateChange change) {
      IommuDomain from = from(change);
      IommuDomain to = to(change);
      if ((from != null && from.type() == DomainType.DMA)
          || (to != null && to.type() == DomainType.DMA)) {
        return new StateLine(change);
      }
      return change;
    }

    private StateLine(StateChange change) {
      this.change = change;
      this.fromType = type(from(change));
      this.toType = type(to(change));
    }

    @Override
    TraceEvent resolve() {
      String text = change.toString();
      text = retype(text, from(change), fromType);
      text = retype(text, to(change), toType);
      return new TraceEvent.State(text);
    }

    private static @Nullable DomainType type(@Nullable IommuDomain d) {
      return d == null ? null : d.type();
    }

    // the domain's text now, replaced by its text then, where the type has changed since
    private static String retype(String text, @Nullable IommuDomain d, @Nullable DomainType then) {
      if (d == null || then == null || d.type() == then) {
        return text;
      }
      String now = d.toString();
      String was = new DomainName(d.id(), then).toString();
      StringBuilder out = new StringBuilder(text.length() + 8);
      int from = 0;
      for (int at = text.indexOf(now); at >= 0; at = text.indexOf(now, at + now.length())) {
        int end = at + now.length();
        boolean whole = (at == 0 || !Character.isLetterOrDigit(text.charAt(at - 1)))
            && (end == text.length() || !isNameChar(text.charAt(end)));
        if (whole) {
          out.append(text, from, at).append(was);
          from = end;
        }
      }
      return out.append(text, from, text.length()).toString();
    }

    private static boolean isNameChar(char c) {
      return Character.isLetterOrDigit(c) || c == '_';
    }

    private static @Nullable IommuDomain from(StateChange c) {
      if (c instanceof StateChange.DomainChanged) {
        return ((StateChange.DomainChanged) c).from();
      }
      if (c instanceof StateChange.DefaultDomainChanged) {
        return ((StateChange.DefaultDomainChanged) c).from();
      }
      if (c instanceof StateChange.BlockingDomainChanged) {
        return ((StateChange.BlockingDomainChanged) c).from();
      }
      return null;
    }

    private static @Nullable IommuDomain to(StateChange c) {
      if (c instanceof StateChange.DomainChanged) {
        return ((StateChange.DomainChanged) c).to();
      }
      if (c instanceof StateChange.DefaultDomainChanged) {
        return ((StateChange.DefaultDomainChanged) c).to();
      }
      if (c instanceof StateChange.BlockingDomainChanged) {
        return ((StateChange.BlockingDomainChanged) c).to();
      }
      return null;
    }
  }

  /** One IOTLB command of instance {@code iommu}; an invalidation is a record of primitives. */
  static final class IotlbLine extends Deferred {
    private final String iommu;
    private final @Nullable Invalidation invalidation; // null: a completion wait

    IotlbLine(String iommu, @Nullable Invalidation invalidation) {
      this.iommu = iommu;
      this.invalidation = invalidation;
    }

    @Override
    TraceEvent resolve() {
      return new TraceEvent.Iotlb(invalidation == null ? HardwareText.sync(iommu)
          : HardwareText.invalidation(iommu, invalidation));
    }
  }

  /** A transfer; its text reads only final fields and the fault's reason. */
  static final class TransferLine extends Deferred {
    private final DmaResult result;

    TransferLine(DmaResult result) {
      this.result = result;
    }

    @Override
    TraceEvent resolve() {
      return new TraceEvent.Dma(HardwareText.transfer(result));
    }
  }
}
