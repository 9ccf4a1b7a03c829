package org.iommunit.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renumbers the objects a trace names by allocation order (domains {@code D<id>}, groups {@code
 * G<id>}, processes {@code mm<id>}) by their first appearance in one side's lines: the first
 * domain named becomes {@code D#1}, the next new one {@code D#2}, and likewise {@code G#1} and
 * {@code mm#1}. Two traces that differ only because one allocated an extra object earlier (a
 * blocking domain, another process) have equal renumbered lines, so the report's diff shows
 * only the differences that remain. The {@code #} marks a renumbered name, so it is never
 * mistaken for the id a trace printed.
 */
final class IdRenumbering {
  // D<id> and G<id> as Group and IommuDomain print them (D2:UNMANAGED, G0.domain), mm<id> as Mm
  // does (mm1(proc)); the word boundary keeps iommu0, 0xD1 and GPU1 out
  private static final Pattern ID = Pattern.compile("\\b(D|G|mm)(\\d+)\\b");

  private IdRenumbering() {}

  /** Returns {@code lines} with every domain, group and mm id renumbered by first appearance. */
  static List<String> renumber(List<String> lines) {
    Map<String, String> names = new HashMap<>(); // lookup only, never iterated
    int[] next = new int[3];
    List<String> out = new ArrayList<>(lines.size());
    for (String line : lines) {
      Matcher m = ID.matcher(line);
      StringBuilder text = new StringBuilder(line.length());
      while (m.find()) {
        String prefix = m.group(1);
        String renamed = names.get(m.group());
        if (renamed == null) {
          int kind = prefix.equals("D") ? 0 : prefix.equals("G") ? 1 : 2;
          renamed = prefix + "#" + ++next[kind];
          names.put(m.group(), renamed);
        }
        m.appendReplacement(text, Matcher.quoteReplacement(renamed));
      }
      m.appendTail(text);
      out.add(text.toString());
    }
    return out;
  }
}
