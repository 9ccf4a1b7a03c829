package org.iommunit.junit;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Finds where the test made a call: the first stack frame outside the simulator, the extension's
 * interceptors and the reflection and mocking machinery between them, printed as {@code
 * LeakTest.allocate_noFree(LeakTest.java:57)}. A call's stack is captured when it is made
 * ({@link #capture()}) and read only when asked for ({@link #format(Capture)}): the JVM fills in
 * a stack quickly, and turning its frames into class, file and line is the dear part, which a
 * passing test never needs. The text has no class loader or module prefix.
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

  /**
   * The stack of a call, as the JVM filled it in; not thrown, and its frames are decoded only
   * by {@link #format(Capture)}.
   */
  static final class Capture extends Throwable {
    private static final long serialVersionUID = 1L;

    Capture() {
      super("where a call into the simulator was made", null, false, true);
    }
  }

  /** Captures the stack of the current call into the simulator. */
  static Capture capture() {
    return new Capture();
  }

  /** Returns the first frame of {@code call} outside the simulator, as text, or {@link #UNKNOWN}. */
  static String format(Capture call) {
    for (StackTraceElement f : call.getStackTrace()) {
      if (!isInternal(f.getClassName())) {
        return format(f);
      }
    }
    return UNKNOWN;
  }

  private static boolean isInternal(String className) {
    for (String prefix : INTERNAL) {
      if (className.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  private static String format(StackTraceElement f) {
    String className = f.getClassName();
    String simple = className.substring(className.lastIndexOf('.') + 1);
    String file = f.getFileName();
    String position = file == null ? "Unknown Source"
        : f.getLineNumber() >= 0 ? file + ":" + f.getLineNumber() : file;
    return simple + "." + f.getMethodName() + "(" + position + ")";
  }
}
