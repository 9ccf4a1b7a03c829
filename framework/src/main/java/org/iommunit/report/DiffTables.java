package org.iommunit.report;

import com.github.difflib.text.DiffRow;
import com.github.difflib.text.DiffRowGenerator;
import java.util.List;
import java.util.Locale;
import org.iommunit.trace.TraceDiff;

/**
 * Renders a trace diff as side-by-side tables whose changed rows mark the changed words: the
 * rows and the word-level changes come from java-diff-utils' {@link DiffRowGenerator} (inline
 * diff by word, so {@code = 0} against {@code = -EBUSY} marks {@code 0} and {@code EBUSY}, and
 * {@code D6:DMA} against {@code D7:DMA} marks only the ids). Removed words are wrapped in {@code
 * <del>}, added ones in {@code <ins>}; the generator escapes the text.
 *
 * <p>When renumbering objects by first appearance ({@link IdRenumbering}) changes either side,
 * the fragment holds two views: {@code div.diff-raw} with the lines as recorded and {@code
 * div.diff-renumbered} with the renumbered lines (or a note that the traces differ only in
 * numbering). The page shows one of them, by the class {@code renumbered} on its body, which the
 * page's "renumber ids" switch toggles.
 */
final class DiffTables {
  private static final DiffRowGenerator ROWS = DiffRowGenerator.create()
      .showInlineDiffs(true)
      .inlineDiffByWord(true)
      .oldTag(start -> start ? "<del>" : "</del>")
      .newTag(start -> start ? "<ins>" : "</ins>")
      .build();

  private DiffTables() {}

  /** Returns the diff's table, or its raw and renumbered views if renumbering changes a line. */
  static String html(TraceDiff diff) {
    String raw = table(diff.expectedName(), diff.actualName(), diff.expected(), diff.actual());
    List<String> left = IdRenumbering.renumber(diff.expected());
    List<String> right = IdRenumbering.renumber(diff.actual());
    if (left.equals(diff.expected()) && right.equals(diff.actual())) {
      return raw;
    }
    String renumbered = left.equals(right)
        ? "<p class=\"renumber-note\">Only the numbering of domains, groups and processes"
            + " differs: renumbered by first appearance, the traces are equal (untick"
            + " \"renumber ids\" at the top of the page for the ids as recorded).</p>\n"
        : table(diff.expectedName(), diff.actualName(), left, right);
    return "<div class=\"diff-raw\">\n" + raw + "</div>\n<div class=\"diff-renumbered\">\n"
        + renumbered + "</div>\n";
  }

  /** Returns one side-by-side table; each row's class says how its sides differ. */
  static String table(String leftName, String rightName, List<String> left,
      List<String> right) {
    StringBuilder out = new StringBuilder();
    out.append("<table class=\"diff\">\n<tr><th>").append(HtmlReport.escape(leftName))
        .append("</th><th>").append(HtmlReport.escape(rightName)).append("</th></tr>\n");
    for (DiffRow row : ROWS.generateDiffRows(left, right)) {
      out.append("<tr class=\"").append(css(row.getTag())).append("\"><td>")
          .append(row.getOldLine()).append("</td><td>").append(row.getNewLine())
          .append("</td></tr>\n");
    }
    return out.append("</table>\n").toString();
  }

  private static String css(DiffRow.Tag tag) {
    switch (tag) {
      case INSERT:
        return "inserted";
      case DELETE:
        return "deleted";
      case CHANGE:
        return "changed";
      default:
        return tag.name().toLowerCase(Locale.ROOT);
    }
  }
}
