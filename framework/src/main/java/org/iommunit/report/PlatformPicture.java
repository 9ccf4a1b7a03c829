package org.iommunit.report;

import java.util.List;

/**
 * Draws a {@link PlatformSnapshot} as SVG: the device tree on the left, one box per device,
 * indented one step per level below its root (as {@code lspci -t} does) and joined to its parent
 * by a line; the groups in a column on the right, each box outlined in the group's colour, which
 * also outlines its devices and the dashed lines joining them to it. A group of two or more
 * devices in consecutive rows also gets a dashed frame around them in the tree.
 *
 * <p>Layout without a browser: every label is one line of 12-pixel monospace text, and a box is
 * as wide as its longest line at {@value #CHAR_WIDTH} pixels a character, more than the 7.2
 * pixels of the usual monospace fonts (DejaVu Sans Mono, Liberation Mono) at that size, so the
 * text stays inside its box whichever of them the browser picks. Each device has a row of its
 * own and the group boxes stack in their own column, so no two boxes overlap; a link leaves a
 * device to the right, runs past the widest device box and only then turns to its group. All
 * coordinates are integers computed from the text, so the same snapshot gives the same bytes.
 */
final class PlatformPicture {
  /** The width reserved for one character of the 12-pixel monospace font. */
  static final int CHAR_WIDTH = 8;
  private static final int LINE = 16;
  private static final int PAD_X = 8;
  private static final int PAD_TOP = 5;
  private static final int PAD_BOTTOM = 6;
  private static final int GAP = 8;
  private static final int INDENT = 24;
  private static final int MARGIN = 10;
  private static final int LINK_ROOM = 40;
  private static final int OUTLINE = 3;
  private static final String[] COLOURS = {
    "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf"
  };

  private PlatformPicture() {}

  /** Returns the SVG of {@code snapshot}; {@code css} is added to the root's class. */
  static String svg(PlatformSnapshot snapshot, String css) {
    List<PlatformSnapshot.Node> nodes = snapshot.nodes();
    int[] x = new int[nodes.size()];
    int[] y = new int[nodes.size()];
    int[] w = new int[nodes.size()];
    int[] h = new int[nodes.size()];
    int top = MARGIN;
    int treeRight = MARGIN;
    for (int i = 0; i < nodes.size(); i++) {
      x[i] = MARGIN + nodes.get(i).depth() * INDENT;
      y[i] = top;
      w[i] = width(nodes.get(i).lines());
      h[i] = height(nodes.get(i).lines().size());
      top += h[i] + GAP;
      treeRight = Math.max(treeRight, x[i] + w[i]);
    }
    List<PlatformSnapshot.GroupBox> groups = snapshot.groups();
    int groupX = treeRight + LINK_ROOM * 2;
    int[] gy = new int[groups.size()];
    int[] gh = new int[groups.size()];
    int groupRight = groupX;
    int free = MARGIN;
    for (int g = 0; g < groups.size(); g++) {
      int first = firstMember(nodes, g);
      gy[g] = Math.max(free, first < 0 ? free : y[first]);
      gh[g] = height(groups.get(g).lines().size() + 1);
      free = gy[g] + gh[g] + GAP;
      groupRight = Math.max(groupRight, groupX + width(lines(groups.get(g))));
    }
    int width = (groups.isEmpty() ? treeRight : groupRight) + MARGIN;
    int height = Math.max(top, free) + MARGIN - GAP;
    StringBuilder out = new StringBuilder();
    out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"platform ").append(css)
        .append("\" width=\"").append(width).append("\" height=\"").append(height)
        .append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
        .append("\" font-family=\"monospace\" font-size=\"12\">\n");
    int[] parent = new int[nodes.size()];
    for (int i = 0; i < nodes.size(); i++) {
      parent[i] = parentOf(nodes, i);
      if (parent[i] >= 0) {
        int px = x[parent[i]] + INDENT / 2;
        out.append("<path class=\"edge\" d=\"M").append(px).append(' ')
            .append(y[parent[i]] + h[parent[i]]).append(" V").append(y[i] + h[i] / 2)
            .append(" H").append(x[i]).append("\" fill=\"none\" stroke=\"#888\"/>\n");
      }
    }
    for (int i = 0; i < nodes.size(); i++) {
      int g = nodes.get(i).group();
      if (g >= 0) {
        int midY = y[i] + h[i] / 2;
        out.append("<path class=\"link\" d=\"M").append(x[i] + w[i]).append(' ').append(midY)
            .append(" H").append(treeRight + LINK_ROOM).append(" L").append(groupX).append(' ')
            .append(gy[g] + PAD_TOP + LINE / 2).append("\" fill=\"none\" stroke=\"")
            .append(colour(g)).append("\" stroke-dasharray=\"4 3\"/>\n");
      }
    }
    for (int g = 0; g < groups.size(); g++) {
      outline(out, nodes, g, x, y, w, h);
    }
    for (int i = 0; i < nodes.size(); i++) {
      int g = nodes.get(i).group();
      box(out, "device", x[i], y[i], w[i], h[i], g < 0 ? "#888" : colour(g),
          g < 0 ? "#f4f4f4" : "#ffffff", nodes.get(i).lines(), false);
    }
    for (int g = 0; g < groups.size(); g++) {
      box(out, "group", groupX, gy[g], width(lines(groups.get(g))), gh[g], colour(g), "#eef3fb",
          lines(groups.get(g)), true);
    }
    return out.append("</svg>\n").toString();
  }

  // a dashed frame around a group's devices when they are two or more consecutive rows (the
  // functions of one card, a bridge and what is behind it); the frame stays OUTLINE pixels off
  // its boxes, less than half the gap between rows, so it never touches another row's device
  private static void outline(StringBuilder out, List<PlatformSnapshot.Node> nodes, int group,
      int[] x, int[] y, int[] w, int[] h) {
    int first = firstMember(nodes, group);
    int last = first;
    while (last + 1 < nodes.size() && nodes.get(last + 1).group() == group) {
      last++;
    }
    for (int i = last + 1; i < nodes.size(); i++) {
      if (nodes.get(i).group() == group) {
        return; // not consecutive: the colour and the links show the group
      }
    }
    if (first < 0 || first == last) {
      return; // no device, or one: its box is frame enough
    }
    int left = Integer.MAX_VALUE;
    int right = 0;
    for (int i = first; i <= last; i++) {
      left = Math.min(left, x[i]);
      right = Math.max(right, x[i] + w[i]);
    }
    out.append("<rect class=\"outline\" x=\"").append(left - OUTLINE).append("\" y=\"")
        .append(y[first] - OUTLINE).append("\" width=\"").append(right - left + 2 * OUTLINE)
        .append("\" height=\"").append(y[last] + h[last] - y[first] + 2 * OUTLINE)
        .append("\" rx=\"6\" fill=\"none\" stroke=\"").append(colour(group))
        .append("\" stroke-dasharray=\"6 3\"/>\n");
  }

  private static void box(StringBuilder out, String kind, int x, int y, int w, int h,
      String stroke, String fill, List<String> lines, boolean boldTitle) {
    out.append("<g class=\"").append(kind).append("\"><rect class=\"box\" x=\"").append(x)
        .append("\" y=\"").append(y).append("\" width=\"").append(w).append("\" height=\"")
        .append(h).append("\" rx=\"4\" fill=\"").append(fill).append("\" stroke=\"")
        .append(stroke).append("\" stroke-width=\"").append(boldTitle ? 2 : 1).append("\"/>\n");
    for (int l = 0; l < lines.size(); l++) {
      out.append("<text x=\"").append(x + PAD_X).append("\" y=\"")
          .append(y + PAD_TOP + 12 + l * LINE).append('"')
          .append(boldTitle && l == 0 ? " font-weight=\"bold\"" : "").append('>')
          .append(HtmlReport.escape(lines.get(l))).append("</text>\n");
    }
    out.append("</g>\n");
  }

  private static List<String> lines(PlatformSnapshot.GroupBox group) {
    List<String> all = new java.util.ArrayList<>();
    all.add(group.title());
    all.addAll(group.lines());
    return all;
  }

  private static int width(List<String> lines) {
    int chars = 0;
    for (String line : lines) {
      chars = Math.max(chars, line.codePointCount(0, line.length()));
    }
    return chars * CHAR_WIDTH + 2 * PAD_X;
  }

  private static int height(int lines) {
    return PAD_TOP + lines * LINE + PAD_BOTTOM;
  }

  // the nearest node above i one level up; -1 for a root
  private static int parentOf(List<PlatformSnapshot.Node> nodes, int i) {
    int depth = nodes.get(i).depth();
    for (int p = i - 1; p >= 0; p--) {
      if (nodes.get(p).depth() < depth) {
        return p;
      }
    }
    return -1;
  }

  private static int firstMember(List<PlatformSnapshot.Node> nodes, int group) {
    for (int i = 0; i < nodes.size(); i++) {
      if (nodes.get(i).group() == group) {
        return i;
      }
    }
    return -1;
  }

  private static String colour(int group) {
    return COLOURS[group % COLOURS.length];
  }
}
