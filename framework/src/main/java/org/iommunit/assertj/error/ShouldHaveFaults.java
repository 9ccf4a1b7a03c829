package org.iommunit.assertj.error;

import java.util.List;
import org.assertj.core.error.ErrorMessageFactory;

/** The platform's DMA fault log differs from what the test expects. */
public final class ShouldHaveFaults extends IommuMessageFactory {

  /**
   * Returns the message comparing the expected faults with the logged ones.
   *
   * @param expected the faults wanted, one line each, in order; empty for none
   * @param actual the logged faults, one line each, oldest first
   */
  public static ErrorMessageFactory shouldHaveFaults(List<String> expected, List<String> actual) {
    return new ShouldHaveFaults(expected, actual);
  }

  private ShouldHaveFaults(List<String> expected, List<String> actual) {
    super("%nExpecting the DMA fault log to hold %s%nbut it holds %s",
        text(lines(expected)), text(lines(actual)));
  }

  private static String lines(List<String> faults) {
    if (faults.isEmpty()) {
      return "no fault";
    }
    String sep = System.lineSeparator() + "  ";
    return (faults.size() == 1 ? "1 fault:" : faults.size() + " faults:") + sep
        + String.join(sep, faults);
  }
}
