package org.iommunit.assertj.error;

import org.assertj.core.error.BasicErrorMessageFactory;
import org.jspecify.annotations.Nullable;

/** The base of the IOMMU failure messages: AssertJ's formatting plus the renderings they share. */
abstract class IommuMessageFactory extends BasicErrorMessageFactory {

  IommuMessageFactory(String format, Object... arguments) {
    super(format, arguments);
  }

  /** Returns {@code value}, or an unquoted {@code (none)} where the model holds no object. */
  static Object orNone(@Nullable Object value) {
    return value == null ? text("(none)") : value;
  }

  /** Returns {@code s} as an argument the representation prints without quotes. */
  static CharSequence text(String s) {
    return unquotedString(s);
  }

  /** Returns {@code value} in hex as an unquoted argument. */
  static CharSequence hex(long value) {
    return unquotedString(Hex.hex(value));
  }
}
