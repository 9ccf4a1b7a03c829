package org.iommunit.assertj.error;

import static java.util.Locale.ROOT;

/**
 * Renders addresses and sizes the way the kernel prints them: {@code 0x1000}, page sizes as
 * {@code 4K}, {@code 2M}, {@code 1G}. Addresses are unsigned 64-bit values.
 */
public final class Hex {
  private static final String[] UNITS = {"", "K", "M", "G", "T", "P", "E"};

  private Hex() {}

  /** Returns {@code 0x} and the shortest lower-case hex form of {@code value}, read unsigned. */
  public static String hex(long value) {
    return String.format(ROOT, "0x%x", value);
  }

  /**
   * Returns a power-of-two size with a binary unit ({@code 4K}, {@code 2M}, {@code 512G}); any
   * other size in hex.
   */
  public static String size(long bytes) {
    if (bytes <= 0 || Long.bitCount(bytes) != 1) {
      return hex(bytes);
    }
    int lg2 = Long.numberOfTrailingZeros(bytes);
    return (1L << (lg2 % 10)) + UNITS[lg2 / 10];
  }

  /** Returns the inclusive range {@code [first, last]} in hex, e.g. {@code [0x0, 0xffffffff]}. */
  public static String closedRange(long first, long last) {
    return "[" + hex(first) + ", " + hex(last) + "]";
  }
}
