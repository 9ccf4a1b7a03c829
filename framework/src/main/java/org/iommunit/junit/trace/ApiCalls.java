package org.iommunit.junit.trace;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.Callable;
import net.bytebuddy.implementation.bind.annotation.AllArguments;
import net.bytebuddy.implementation.bind.annotation.Origin;
import net.bytebuddy.implementation.bind.annotation.RuntimeType;
import net.bytebuddy.implementation.bind.annotation.SuperCall;
import org.iommunit.core.IommuException;
import org.jspecify.annotations.Nullable;

/*
 * The target of the generated IommuCore subclass: each public core call made from outside the
 * core reserves its line in the trace when it starts, runs the real method, then fills the line
 * with the result. So the api line comes before the ops and state lines the call caused, as a
 * function-graph tracer prints them. Calls the core makes on itself (attachDevice reaching
 * another public method, a helper calling back through its core reference) run while the
 * thread is already inside the core and are not recorded: in the kernel they are internal
 * calls, not API calls. Calls from outside layers (the SVA layer, the DMA API) are recorded
 * where they happen, nested inside the caller's own events.
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

  private final TraceRecorder recorder;
  private final ThreadLocal<Boolean> inCore = ThreadLocal.withInitial(() -> Boolean.FALSE);

  ApiCalls(TraceRecorder recorder) {
    this.recorder = recorder;
  }

  /** Returns the kernel function of core method {@code javaName}. */
  static String kernelName(String javaName) {
    String name = KERNEL_NAMES.get(javaName);
    return name != null ? name : "iommu_" + CallText.kernelName(javaName);
  }

  /**
   * Runs one intercepted core call; the generated subclass delegates every recorded method here.
   *
   * @param method the core method called
   * @param args its arguments
   * @param real the call of the core's own method
   */
  @RuntimeType
  public @Nullable Object call(@Origin Method method, @AllArguments @Nullable Object[] args,
      @SuperCall Callable<?> real) throws Exception {
    if (inCore.get()) {
      return real.call();
    }
    int slot = recorder.reserve();
    inCore.set(Boolean.TRUE);
    Object result;
    try {
      result = real.call();
    } catch (IommuException e) {
      fill(slot, method, args, e.errno().asReturnValue());
      throw e;
    } catch (RuntimeException | Error e) {
      fill(slot, method, args, "!" + e.getClass().getSimpleName());
      throw e;
    } finally {
      inCore.set(Boolean.FALSE);
    }
    fill(slot, method, args, CallText.apiResult(method, result));
    return result;
  }

  private void fill(int slot, Method method, @Nullable Object[] args, String result) {
    if (slot >= 0) {
      recorder.fill(slot, new TraceEvent.Api(kernelName(method.getName()),
          CallText.arguments(args), result));
    }
  }
}
