package org.iommunit.junit;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Finds where the test made a call: the first stack frame outside the simulator, the extension's
 * interceptors and the reflection and mocking machinery between them, printed as {@code
 * LeakTest.allocate_noFree(LeakTest.java:57)}. Frames are read with a {@link StackWalker}, so
 * nothing is recorded unless asked for, and the text has no class loader or module prefix.
 */
final class Sites {
  /** Packages whose frames are the simulator or the plumbing, never the test's own code. */
  private static final List<String> INTERNAL = List.of(
      "org.iommunit.base.", "org.iommunit.core.", "org.iommunit.device.", "org.iommunit.driver.",
      "org.iommunit.platform.", "org.iommunit.pgtable.", "org.iommunit.iotlb.",
      "org.iommunit.dma.", "org.iommunit.mm.", "org.iommunit.sva.", "org.iommunit.semantics.",
      OpsInstrumentation.class.getName(), Sites.class.getName(),
      "org.iommunit.trace.", // the trace recorders, including the generated core
      "jdk.proxy", "com.sun.proxy.", "java.lang.reflect.", "jdk.internal.", "sun.reflect.",
      "org.mockito.", "net.bytebuddy.");

  /** The text used when no frame outside the simulator is on the stack. */
  static final String UNKNOWN = "an unknown site";

  private Sites() {}

  private static final StackWalker WALKER = StackWalker.getInstance();

  /** Returns the calling site of the current call into the simulator. */
  static String caller() {
    return format(callerFrame());
  }

  /**
   * Returns the frame of the calling site of the current call into the simulator, or null if
   * there is none; {@link #format(StackWalker.StackFrame)} writes it. A frame is kept, not its
   * text: a passing test never reads where its domains were allocated, and the file and line of
   * a frame are the dear part of a walk.
   */
  static StackWalker.@Nullable StackFrame callerFrame() {
    return WALKER.walk(frames -> frames
        .filter(f -> !isInternal(f.getClassName()))
        .findFirst()
        .orElse(null));
  }

  private static boolean isInternal(String className) {
    for (String prefix : INTERNAL) {
      if (className.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  /** Returns {@code f} as {@code LeakTest.allocate_noFree(LeakTest.java:57)}. */
  static String format(StackWalker.@Nullable StackFrame f) {
    if (f == null) {
      return UNKNOWN;
    }
    String className = f.getClassName();
    String simple = className.substring(className.lastIndexOf('.') + 1);
    String file = f.getFileName();
    String position = file == null ? "Unknown Source"
        : f.getLineNumber() >= 0 ? file + ":" + f.getLineNumber() : file;
    return simple + "." + f.getMethodName() + "(" + position + ")";
  }
}
