package org.iommunit.junit.trace;

import java.util.Map;
import org.iommunit.core.IommuException;
import org.jspecify.annotations.Nullable;

/*
 * Called by the advice of the generated IommuCore subclass (RecordingAdvice.Api): each public
 * core call made from outside the core reserves its line in the trace when it starts, runs the real method, then fills the line
 * with the result. So the api line comes before the ops and state lines the call caused, as a
 * function-graph tracer prints them. Calls the core makes on itself (attachDevice reaching
 * another public method, a helper calling back through its core reference) run while the
 * thread is already inside the core and are not recorded: in the kernel they are internal
 * calls, not API calls. Calls from outside layers (the SVA layer, the DMA API) are recorded
 * where they happen, nested inside the caller's own events. The events a call causes on its own
 * thread wait in the thread's frame and are published together when the call returns, so one
 * call's lines stay together even when other threads record at the same time.
 */

/** Records the public calls of one core as {@link TraceEvent.Api} events. */
final class ApiCalls {
  /** Java names whose kernel function is not {@code iommu_} plus the snake_case name. */
  private static final Map<String, String> KERNEL_NAMES = Map.of(
      "busIommuProbe", "bus_iommu_probe",
      "pciDeviceGroup", "pci_device_group",
      "genericDeviceGroup", "generic_device_group",
      "genericSingleDeviceGroup", "generic_single_device_group",
      "reportIommuFault", "report_iommu_fault");

  /** The token of an outermost call that is not recorded. */
  private static final Object OUTERMOST = new Object();

  private final TraceRecorder recorder;

  ApiCalls(TraceRecorder recorder) {
    this.recorder = recorder;
  }

  /** Returns the kernel function of core method {@code javaName}. */
  static String kernelName(String javaName) {
    String name = KERNEL_NAMES.get(javaName);
    return name != null ? name : "iommu_" + CallText.kernelName(javaName);
  }

  /**
   * Starts one intercepted core call; returns the token {@link #exit} needs, or null for a call
   * the core makes on itself.
   *
   * @param name the Java method name
   * @param descriptor the JVM method descriptor, whose last letter {@code V} means void
   */
  @Nullable Object enter(String name, String descriptor) {
    TraceRecorder.Frame frame = recorder.frame();
    if (frame.inCore) {
      return null;
    }
    frame.inCore = true;
    Deferred.ApiLine line = recorder.reserve(name, descriptor.endsWith(")V"));
    return line != null ? line : OUTERMOST;
  }

  /** Ends the outermost call {@code token} started: completes its line. */
  void exit(Object token, @Nullable Object[] args, @Nullable Object result,
      @Nullable Throwable thrown) {
    TraceRecorder.Frame frame = recorder.frame();
    frame.inCore = false;
    if (token instanceof Deferred.ApiLine) {
      Deferred.ApiLine line = (Deferred.ApiLine) token;
      if (thrown == null) {
        line.finish(args, result);
      } else if (thrown instanceof IommuException) {
        line.fail(args, ((IommuException) thrown).errno().asReturnValue());
      } else {
        line.fail(args, "!" + thrown.getClass().getSimpleName());
      }
    }
    recorder.publish(frame);
  }
}
