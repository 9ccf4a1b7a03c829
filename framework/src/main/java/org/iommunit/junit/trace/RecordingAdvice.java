package org.iommunit.junit.trace;

import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import org.iommunit.core.IommuDomain;
import org.iommunit.device.Device;
import org.jspecify.annotations.Nullable;

/*
 * Advice that ByteBuddy copies into the generated recording classes around a direct call of the
 * real method: no reflection, no Callable, no Method object per call. The method's name and
 * descriptor are constants of the generated code (#m, #d); everything else is handed to the
 * class's ApiCalls or OpsSink field, which decide whether and what to record.
 */

/** The advice woven into the generated core and domain-ops classes. */
final class RecordingAdvice {
  private RecordingAdvice() {}

  /** Around every recorded public method of the generated {@code IommuCore} subclass. */
  static final class Api {
    private Api() {}

    /** Returns the call's token: null for a call from inside the core. */
    @Advice.OnMethodEnter
    static @Nullable Object enter(@Advice.FieldValue("api") ApiCalls api,
        @Advice.Origin("#m") String name, @Advice.Origin("#d") String descriptor) {
      return api.enter(name, descriptor);
    }

    /** Completes the call's line with its arguments and result or exception. */
    @Advice.OnMethodExit(onThrowable = Throwable.class)
    static void exit(@Advice.FieldValue("api") ApiCalls api, @Advice.Enter @Nullable Object token,
        @Advice.AllArguments @Nullable Object[] args,
        @Advice.Return(typing = Assigner.Typing.DYNAMIC) @Nullable Object result,
        @Advice.Thrown @Nullable Throwable thrown) {
      if (token != null) {
        api.exit(token, args, result, thrown);
      }
    }
  }

  /** Around every recorded method of a generated {@code DomainOps} wrapper. */
  static final class Ops {
    private Ops() {}

    /** Records the op with its arguments and result or exception. */
    @Advice.OnMethodExit(onThrowable = Throwable.class)
    static void exit(@Advice.FieldValue("sink") TraceRecorder.OpsSink sink,
        @Advice.Origin("#m") String name, @Advice.Origin("#d") String descriptor,
        @Advice.AllArguments @Nullable Object[] args,
        @Advice.Return(typing = Assigner.Typing.DYNAMIC) @Nullable Object result,
        @Advice.Thrown @Nullable Throwable thrown) {
      sink.op(name, descriptor, args, result, thrown);
    }
  }

  /**
   * Around {@code attach_dev}, the busiest op (one per device at every domain change): the
   * arguments go to the sink as they are, with no array.
   */
  static final class AttachDev {
    private AttachDev() {}

    /** Records the attach with its domains, device and errno or exception. */
    @Advice.OnMethodExit(onThrowable = Throwable.class)
    static void exit(@Advice.FieldValue("sink") TraceRecorder.OpsSink sink,
        @Advice.Argument(0) IommuDomain domain, @Advice.Argument(1) Device dev,
        @Advice.Argument(2) @Nullable IommuDomain old, @Advice.Thrown @Nullable Throwable thrown) {
      sink.attachDev(domain, dev, old, thrown);
    }
  }
}
