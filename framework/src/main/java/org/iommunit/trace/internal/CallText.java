package org.iommunit.trace.internal;

import static java.util.Locale.ROOT;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.iommunit.base.IotlbGather;
import org.jspecify.annotations.Nullable;

/**
 * Renders calls in the kernel's words: Java op names in snake_case, arguments by their own
 * stable text (domains {@code D3:UNMANAGED}, devices by PCI address), numbers in a fixed format.
 */
final class CallText {
  private CallText() {}

  /** Returns the kernel name of a Java op name: {@code attachDev} gives {@code attach_dev}. */
  static String kernelName(String javaName) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < javaName.length(); i++) {
      char c = javaName.charAt(i);
      if (Character.isUpperCase(c)) {
        out.append('_').append(Character.toLowerCase(c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** Returns the arguments joined by {@code ", "}; null prints as {@code NULL}. */
  static String arguments(@Nullable Object[] args) {
    if (args == null) {
      return "";
    }
    List<String> out = new ArrayList<>();
    for (Object a : args) {
      out.add(value(a));
    }
    return String.join(", ", out);
  }

  /** Returns a result: {@code 0} for void, {@code ok} for an object, else the value. */
  static String result(Method method, @Nullable Object result) {
    return result(method.getReturnType() == void.class, result);
  }

  /** Returns a result: {@code 0} for void, {@code ok} for an object, else the value. */
  static String result(boolean isVoid, @Nullable Object result) {
    if (isVoid) {
      return "0";
    }
    if (result == null) {
      return "NULL";
    }
    if (result instanceof Number || result instanceof Boolean) {
      return value(result);
    }
    return "ok";
  }

  // Ints are counts, PASIDs and flags: decimal; longs are addresses and sizes: hex. Objects
  // print their own text; a gather has none that is stable, so it prints its name. Lambdas and
  // anonymous classes (fault handlers) print the interface they implement: their class names
  // carry allocation counters and addresses.
  static String value(@Nullable Object a) {
    if (a == null) {
      return "NULL";
    }
    if (a instanceof String) {
      return (String) a;
    }
    if (a instanceof Long) {
      return "0x" + Long.toHexString((Long) a);
    }
    if (a instanceof IotlbGather) {
      return "gather";
    }
    if (a instanceof Integer || a instanceof Boolean || a instanceof Enum) {
      return a.toString();
    }
    Class<?> type = a.getClass();
    if (type.isHidden() || type.isSynthetic() || type.isAnonymousClass()) {
      Class<?>[] interfaces = type.getInterfaces();
      return (interfaces.length > 0 ? interfaces[0].getSimpleName() : "object").toLowerCase(ROOT);
    }
    String text = a.toString();
    String identity = a.getClass().getName() + "@";
    return text.startsWith(identity) ? a.getClass().getSimpleName().toLowerCase(ROOT) : text;
  }
}
