package org.iommunit.trace.internal;

import java.util.Map;
import org.iommunit.core.DmaOwner;
import org.iommunit.core.Group;
import org.iommunit.core.IommuDomain;
import org.iommunit.trace.TraceEvent;
import org.jspecify.annotations.Nullable;

/*
 * Called by the advice of the generated IommuCore subclass (RecordingAdvice.Api): each public core
 * call made from outside the core reserves its line in the trace when it starts, runs the real
 * method, then fills the line with the result. So the api line comes before the ops and state lines
 * the call caused, as a function-graph tracer prints them. Calls the core makes on itself
 * (attachDevice reaching another public method, a helper calling back through its core reference)
 * run while the thread is already inside the core and are not recorded: in the kernel they are
 * internal calls, not API calls. Calls from outside layers (the SVA layer, the DMA API) are
 * recorded where they happen, nested inside the caller's own events. The events a call causes on
 * its own thread stay on the thread's tape, after the call's line, and become readable together
 * when the call returns (TraceRecorder.commit), so one call's lines stay together even when other
 * threads record at the same time.
 */

/** Records the public calls of one core as {@link TraceEvent.Api} events. */
final class ApiCalls {
  /** Java names whose kernel function is not {@code iommu_} plus the snake_case name. */
  private static final Map<String, String> KERNEL_NAMES = Map.of(
      "busIommuProbe", "bus_iommu_probe",
      "pciDeviceGroup", "pci_device_group",
      "genericDeviceGroup", "generic_device_group",
      "genericSingleDeviceGroup", "generic_single_device_group",
      "reportIommuFault", "report_iommu_fault",
      "pciDevResetIommuPrepare", "pci_dev_reset_iommu_prepare",
      "pciDevResetIommuDone", "pci_dev_reset_iommu_done");

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
   * Starts one intercepted core call; returns the token the exit methods need (the thread's
   * tape, which also keeps whether the thread is inside a core call), or null for a call the core
   * makes on itself or one made while the recorder is not recording. A recorded call's line is
   * opened on the tape now, so it comes before the events the call causes.
   */
  @Nullable Tape enter() {
    if (!recorder.recording) {
      // before start() or after stop(): no line, and no event to commit. The boot asks
      // iova_to_phys per page of each direct mapping (2,000 pages on the desktop platform), and
      // a recorder is made per test: a fifth of the extension's boot cost went here
      return null;
    }
    Tape frame = recorder.frame();
    if (frame.inCore) {
      return null;
    }
    frame.inCore = true;
    if (recorder.recordsApi()) {
      frame.apiLine = true;
      frame.apiStart();
    }
    return frame;
  }

  // Each exit ends the outermost call whose frame enter returned: completes its line with the
  // arguments and the result or exception, then makes the call's events readable. The call's
  // site (its Sites number) is a constant of the generated code.

  /** Returns the tape to end the call's line on, or null if the call has no line. */
  private static @Nullable Tape line(Tape frame) {
    frame.inCore = false;
    if (!frame.apiLine) {
      return null;
    }
    frame.apiLine = false;
    return frame;
  }

  /** Ends a call of no arguments. */
  void exit0(Object token, int site, @Nullable Object result,
      @Nullable Throwable thrown) {
    Tape frame = (Tape) token;
    Tape t = line(frame);
    if (t != null) {
      t.apiEnd(site, result, thrown);
    }
    recorder.commit(frame);
  }

  /** Ends a call of one reference argument. */
  void exit1(Object token, int site, @Nullable Object a0,
      @Nullable Object result, @Nullable Throwable thrown) {
    Tape frame = (Tape) token;
    Tape t = line(frame);
    if (t != null) {
      t.apiEnd(site, a0, result, thrown);
    }
    recorder.commit(frame);
  }

  /** Ends a call of two reference arguments. */
  void exit2(Object token, int site, @Nullable Object a0,
      @Nullable Object a1, @Nullable Object result, @Nullable Throwable thrown) {
    Tape frame = (Tape) token;
    Tape t = line(frame);
    if (t != null) {
      t.apiEnd(site, a0, a1, result, thrown);
    }
    recorder.commit(frame);
  }

  /** Ends a call of three reference arguments. */
  void exit3(Object token, int site, @Nullable Object a0,
      @Nullable Object a1, @Nullable Object a2, @Nullable Object result,
      @Nullable Throwable thrown) {
    Tape frame = (Tape) token;
    Tape t = line(frame);
    if (t != null) {
      t.apiEnd(site, a0, a1, a2, result, thrown);
    }
    recorder.commit(frame);
  }

  /** Ends a void call of a domain and a group, such as {@code iommu_attach_group}. */
  void exitDomainGroup(Object token, int site, @Nullable IommuDomain domain,
      @Nullable Group group, @Nullable Throwable thrown) {
    Tape frame = (Tape) token;
    Tape t = line(frame);
    if (t != null) {
      t.apiEnd(site, domain, group, thrown);
    }
    recorder.commit(frame);
  }

  /** Ends a void call of a group and a DMA owner: {@code iommu_group_claim_dma_owner}. */
  void exitGroupOwner(Object token, int site, @Nullable Group group,
      DmaOwner.@Nullable User owner, @Nullable Throwable thrown) {
    Tape frame = (Tape) token;
    Tape t = line(frame);
    if (t != null) {
      t.apiEnd(site, group, owner, thrown);
    }
    recorder.commit(frame);
  }

  /** Ends a void call of a group, such as {@code iommu_group_release_dma_owner}. */
  void exitGroup(Object token, int site, @Nullable Group group,
      @Nullable Throwable thrown) {
    Tape frame = (Tape) token;
    Tape t = line(frame);
    if (t != null) {
      t.apiEnd(site, group, thrown);
    }
    recorder.commit(frame);
  }

  /** Ends an {@code iommu_map(domain, iova, paddr, size, prot)}. */
  void exitMap(Object token, int site, @Nullable IommuDomain domain, long iova,
      long paddr, long size, int prot, @Nullable Throwable thrown) {
    Tape frame = (Tape) token;
    Tape t = line(frame);
    if (t != null) {
      t.apiEndMap(site, domain, iova, paddr, size, prot, thrown);
    }
    recorder.commit(frame);
  }

  /** Ends an {@code iommu_unmap(domain, iova, size)}, which returns a long. */
  void exitUnmap(Object token, int site, @Nullable IommuDomain domain,
      long iova, long size, long result, @Nullable Throwable thrown) {
    Tape frame = (Tape) token;
    Tape t = line(frame);
    if (t != null) {
      t.apiEndUnmap(site, domain, iova, size, result, thrown);
    }
    recorder.commit(frame);
  }

  /** Ends an {@code iommu_iova_to_phys} call: the same line as {@link #exitArgs} writes. */
  void exitIovaToPhys(Object token, int site, @Nullable IommuDomain domain, long iova,
      long result, @Nullable Throwable thrown) {
    Tape frame = (Tape) token;
    Tape t = line(frame);
    if (t != null) {
      t.apiEndArgs(site, new Object[] {domain, iova}, result, thrown);
    }
    recorder.commit(frame);
  }

  /** Ends any call, its arguments as an array. */
  void exitArgs(Object token, int site, @Nullable Object @Nullable [] args,
      @Nullable Object result, @Nullable Throwable thrown) {
    Tape frame = (Tape) token;
    Tape t = line(frame);
    if (t != null) {
      t.apiEndArgs(site, args, result, thrown);
    }
    recorder.commit(frame);
  }
}
