package org.iommunit.trace;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.AbstractDelta;
import com.github.difflib.patch.Patch;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The line difference between an expected and an actual trace, over their {@link
 * Trace#comparableLines() comparable lines}: as a unified diff for messages and as rows for a
 * side-by-side view. The diff itself is computed by java-diff-utils (Myers).
 *
 * @param expectedName the name of the expected side, e.g. a golden file's path
 * @param actualName the name of the actual side
 * @param expected the expected lines
 * @param actual the actual lines
 * @param rows one row per line pair, in order
 */
public record TraceDiff(String expectedName, String actualName, List<String> expected,
    List<String> actual, List<Row> rows) {

  /** How the two sides of a row differ. */
  public enum Change {
    /** The same line on both sides. */
    EQUAL,
    /** A line only the actual trace has. */
    INSERTED,
    /** A line only the expected trace has. */
    DELETED,
    /** A line that differs between the two. */
    CHANGED
  }

  /**
   * One row of the side-by-side view.
   *
   * @param change how the sides differ
   * @param left the expected line; null for an inserted line
   * @param right the actual line; null for a deleted line
   */
  public record Row(Change change, @Nullable String left, @Nullable String right) {
    /** Validates the row. */
    public Row {
      Objects.requireNonNull(change, "change");
    }
  }

  /** Copies the lists. */
  public TraceDiff {
    expected = List.copyOf(expected);
    actual = List.copyOf(actual);
    rows = List.copyOf(rows);
  }

  /** Compares {@code expected} (named {@code expectedName}) with {@code actual}. */
  public static TraceDiff between(String expectedName, Trace expected, String actualName,
      Trace actual) {
    return between(expectedName, expected.comparableLines(), actualName,
        actual.comparableLines());
  }

  /** Compares two lists of lines. */
  public static TraceDiff between(String expectedName, List<String> expected, String actualName,
      List<String> actual) {
    Patch<String> patch = DiffUtils.diff(expected, actual);
    List<Row> rows = new ArrayList<>();
    int at = 0;
    for (AbstractDelta<String> delta : patch.getDeltas()) {
      int start = delta.getSource().getPosition();
      for (; at < start; at++) {
        rows.add(new Row(Change.EQUAL, expected.get(at), expected.get(at)));
      }
      List<String> left = delta.getSource().getLines();
      List<String> right = delta.getTarget().getLines();
      for (int i = 0; i < Math.max(left.size(), right.size()); i++) {
        String l = i < left.size() ? left.get(i) : null;
        String r = i < right.size() ? right.get(i) : null;
        Change c = l == null ? Change.INSERTED : r == null ? Change.DELETED : Change.CHANGED;
        rows.add(new Row(c, l, r));
      }
      at = start + left.size();
    }
    for (; at < expected.size(); at++) {
      rows.add(new Row(Change.EQUAL, expected.get(at), expected.get(at)));
    }
    return new TraceDiff(expectedName, actualName, expected, actual, rows);
  }

  /** Returns true if the two sides have the same lines. */
  public boolean isEmpty() {
    return expected.equals(actual);
  }

  /** Returns the unified diff with three lines of context; empty if the sides are equal. */
  public String unified() {
    if (isEmpty()) {
      return "";
    }
    Patch<String> patch = DiffUtils.diff(expected, actual);
    List<String> lines = UnifiedDiffUtils.generateUnifiedDiff(expectedName, actualName, expected,
        patch, 3);
    return String.join("\n", lines) + "\n";
  }
}
