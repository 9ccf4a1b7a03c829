package org.iommunit.junit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the repository's Markdown documents: their tables and their marked snippets. */
final class MarkdownDocs {
  /** The repository root: Surefire runs in the module directory, which sits in the root. */
  static final Path ROOT = Path.of("..");

  private static final Pattern SNIPPET =
      Pattern.compile("<!-- snippet: (\\S+) -->\n```\\w*\n(.*?)```", Pattern.DOTALL);

  private MarkdownDocs() {}

  /** Returns the text of {@code path}, relative to the repository root. */
  static String read(String path) {
    try {
      return Files.readString(ROOT.resolve(path), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + ROOT.resolve(path).toAbsolutePath(), e);
    }
  }

  /**
   * Returns the snippets of {@code doc}: each fenced block right after a {@code <!-- snippet:
   * PATH -->} line, keyed by that path, in document order.
   */
  static Map<String, String> snippets(String doc) {
    Map<String, String> out = new LinkedHashMap<>();
    Matcher m = SNIPPET.matcher(doc);
    while (m.find()) {
      out.put(m.group(1), m.group(2));
    }
    return out;
  }

  /**
   * Returns the rows of the table whose header row starts with {@code header}, each as its
   * trimmed cells; a cell may hold {@code \|}, which is read as {@code |}.
   *
   * @throws IllegalArgumentException if the document has no such table
   */
  static List<List<String>> table(String doc, String header) {
    List<String> lines = doc.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith(header)) {
        List<List<String>> rows = new ArrayList<>();
        for (int j = i + 2; j < lines.size() && lines.get(j).startsWith("|"); j++) {
          rows.add(cells(lines.get(j)));
        }
        return rows;
      }
    }
    throw new IllegalArgumentException("no table with the header " + header);
  }

  /** Returns the first cell of each row of the table under {@code header}. */
  static List<String> firstColumn(String doc, String header) {
    List<String> out = new ArrayList<>();
    for (List<String> row : table(doc, header)) {
      out.add(row.get(0));
    }
    return out;
  }

  /** Returns the text between the first pair of backticks of {@code cell}. */
  static String code(String cell) {
    int start = cell.indexOf('`');
    int end = cell.indexOf('`', start + 1);
    if (start < 0 || end < 0) {
      throw new IllegalArgumentException("no `code` in the cell " + cell);
    }
    return cell.substring(start + 1, end);
  }

  private static List<String> cells(String row) {
    List<String> out = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    for (int i = 1; i < row.length(); i++) { // the row starts with '|'
      char c = row.charAt(i);
      if (c == '\\' && i + 1 < row.length() && row.charAt(i + 1) == '|') {
        cell.append('|');
        i++;
      } else if (c == '|') {
        out.add(cell.toString().trim());
        cell.setLength(0);
      } else {
        cell.append(c);
      }
    }
    return out;
  }
}
