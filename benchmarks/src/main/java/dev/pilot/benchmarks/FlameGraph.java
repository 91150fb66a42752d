package dev.pilot.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A flame graph as a self-contained SVG from folded stacks ("frame;frame;frame count"), so that a
 * profile can be looked at without downloading any tool: each box is a frame, its width the share
 * of samples with it on the stack, callers below callees; hovering shows the frame and its share.
 */
final class FlameGraph {

  private static final int WIDTH = 1600;
  private static final int ROW = 16;

  private static final class Node {
    final String name;
    final Map<String, Node> children = new LinkedHashMap<>();
    long samples;

    Node(String name) {
      this.name = name;
    }
  }

  private FlameGraph() {}

  static String svg(String title, Map<String, Long> folded) {
    Node root = new Node("all");
    folded.forEach(
        (stack, n) -> {
          root.samples += n;
          Node at = root;
          for (String frame : stack.split(";")) {
            at = at.children.computeIfAbsent(frame, Node::new);
            at.samples += n;
          }
        });
    int depth = depth(root);
    int height = (depth + 1) * ROW + 40;
    StringBuilder svg = new StringBuilder();
    svg.append(
        String.format(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " font-family=\"monospace\" font-size=\"11\">%n",
            WIDTH, height));
    svg.append(
        String.format(
            "<text x=\"10\" y=\"18\" font-size=\"14\">%s (%d samples)</text>%n",
            escape(title), root.samples));
    List<String> boxes = new ArrayList<>();
    draw(root, 0, WIDTH, 0, height - ROW - 4, root.samples, boxes);
    boxes.forEach(svg::append);
    svg.append("</svg>\n");
    return svg.toString();
  }

  private static void draw(
      Node node, double x, double width, int level, int y, long total, List<String> out) {
    if (width < 0.5) {
      return;
    }
    int hue = Math.floorMod(node.name.hashCode(), 40) + 10;
    out.add(
        String.format(
            "<g><title>%s (%.1f%%)</title><rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\""
                + " fill=\"hsl(%d,80%%,60%%)\" stroke=\"white\" stroke-width=\"0.5\"/>%s</g>%n",
            escape(node.name),
            100.0 * node.samples / Math.max(1, total),
            x,
            y,
            width,
            ROW - 1,
            hue,
            width > 40
                ? String.format(
                    "<text x=\"%.1f\" y=\"%d\">%s</text>",
                    x + 3, y + ROW - 4, escape(fit(node.name, (int) (width / 7))))
                : ""));
    double childX = x;
    for (Node child : node.children.values()) {
      double childWidth = width * child.samples / Math.max(1, node.samples);
      draw(child, childX, childWidth, level + 1, y - ROW, total, out);
      childX += childWidth;
    }
  }

  private static int depth(Node node) {
    int deepest = 0;
    for (Node child : node.children.values()) {
      deepest = Math.max(deepest, depth(child));
    }
    return deepest + 1;
  }

  private static String fit(String name, int chars) {
    if (name.length() <= chars) {
      return name;
    }
    int dot = name.lastIndexOf('.', name.lastIndexOf('.') - 1);
    String shorter = dot > 0 ? name.substring(dot + 1) : name;
    return shorter.length() <= chars
        ? shorter
        : shorter.substring(0, Math.max(0, chars - 2)) + "..";
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
