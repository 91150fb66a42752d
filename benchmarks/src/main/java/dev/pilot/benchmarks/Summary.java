package dev.pilot.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The one compact table the benchmark prints: each figure of issue 12 beside its target. */
final class Summary {

  /**
   * One line of the table.
   *
   * @param key stable name, for results.json and the comparison with Flowable
   * @param shown the figure as printed (for example "p50 12 / p99 40 ms")
   * @param value the number held against the target (NaN when not measured)
   */
  record Row(String key, String figure, String shown, double value, Target target) {

    String verdict() {
      return target == null ? "" : target.verdict(value);
    }

    Map<String, Object> json() {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("key", key);
      json.put("figure", figure);
      json.put("shown", shown);
      json.put("value", Double.isNaN(value) ? null : value);
      json.put("target", target == null ? "" : target.text());
      json.put("verdict", verdict());
      return json;
    }
  }

  private final List<Row> rows = new ArrayList<>();

  void add(String key, String figure, String shown, double value, Target target) {
    rows.add(new Row(key, figure, shown, value, target));
  }

  /** A latency pair: p50 / p99, judged on the p99. */
  void latency(String key, String figure, Latencies measured, Target target) {
    String shown =
        measured.count() == 0
            ? "no samples"
            : String.format(
                "p50 %,.0f / p99 %,.0f ms (n=%d)",
                measured.p50(), measured.p99(), measured.count());
    add(key, figure, shown, measured.p99(), target);
  }

  List<Row> rows() {
    return List.copyOf(rows);
  }

  /** A fixed-width table with MET/MISSED per target. */
  String render(String title) {
    String[] head = {"figure", "Pilot", "target", "verdict"};
    int[] width = {head[0].length(), head[1].length(), head[2].length(), head[3].length()};
    for (Row r : rows) {
      width[0] = Math.max(width[0], r.figure().length());
      width[1] = Math.max(width[1], r.shown().length());
      width[2] = Math.max(width[2], r.target() == null ? 0 : r.target().text().length());
      width[3] = Math.max(width[3], r.verdict().length());
    }
    String format =
        "| %-" + width[0] + "s | %-" + width[1] + "s | %-" + width[2] + "s | %-" + width[3]
            + "s |%n";
    StringBuilder out = new StringBuilder(title).append(System.lineSeparator());
    out.append(String.format(format, (Object[]) head));
    out.append(
        String.format(
            format,
            "-".repeat(width[0]),
            "-".repeat(width[1]),
            "-".repeat(width[2]),
            "-".repeat(width[3])));
    for (Row r : rows) {
      out.append(
          String.format(
              format,
              r.figure(),
              r.shown(),
              r.target() == null ? "" : r.target().text(),
              r.verdict()));
    }
    long met = rows.stream().filter(r -> r.verdict().equals("MET")).count();
    long missed = rows.stream().filter(r -> r.verdict().equals("MISSED")).count();
    out.append(String.format("targets: %d met, %d missed%n", met, missed));
    return out.toString();
  }
}
