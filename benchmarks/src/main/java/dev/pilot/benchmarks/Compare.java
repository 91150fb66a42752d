package dev.pilot.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The side-by-side table of {@code benchmarks/compare.sh}: for each pair (ours, then the Flowable
 * reference at once) the figures of issue 12's table and their ratio, and where a pair also ran two
 * instances of each service, how that changed ours.
 *
 * <p>Layout read: {@code <dir>/pair<N>/pilot/results.json}, optionally {@code
 * pair<N>/pilot-2-instances/results.json}, and {@code
 * pair<N>/flowable-{closed,rate10,rate30}.jsonl} (Flowable's own output: one JSON line per measured
 * run).
 */
final class Compare {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** One pair's inputs. */
  record Pair(
      String name,
      JsonNode pilot,
      JsonNode pilotTwoInstances,
      JsonNode flowableClosed,
      JsonNode flowableRate10,
      JsonNode flowableRate30) {}

  static void main(List<String> args) throws IOException {
    if (args.isEmpty()) {
      throw new IllegalArgumentException("usage: --compare <directory of compare.sh>");
    }
    Path dir = Path.of(args.get(0));
    List<Pair> pairs = new ArrayList<>();
    try (Stream<Path> children = Files.list(dir)) {
      for (Path p :
          children.filter(c -> c.getFileName().toString().startsWith("pair")).sorted().toList()) {
        pairs.add(
            new Pair(
                p.getFileName().toString(),
                json(p.resolve("pilot/results.json")),
                json(p.resolve("pilot-2-instances/results.json")),
                lastRun(p.resolve("flowable-closed.jsonl")),
                lastRun(p.resolve("flowable-rate10.jsonl")),
                lastRun(p.resolve("flowable-rate30.jsonl"))));
      }
    }
    String table = render(pairs);
    System.out.print(table);
    Files.writeString(dir.resolve("comparison.md"), table);
    System.out.println("written to " + dir.resolve("comparison.md").toAbsolutePath());
  }

  static String render(List<Pair> pairs) {
    StringBuilder out = new StringBuilder();
    out.append("| figure |");
    pairs.forEach(
        p -> out.append(' ').append(p.name()).append(": Pilot | Flowable 7.2 durable | ratio |"));
    out.append("\n|---|");
    pairs.forEach(p -> out.append("---:|---:|---:|"));
    out.append('\n');
    row(
        out,
        pairs,
        "throughput, transitions/s (ratio >= 1.0 is the target)",
        p -> figure(p.pilot(), "throughput.step_transitions_per_s"),
        p -> field(p.flowableClosed(), "stepTransitionsPerS"),
        false);
    for (int rate : new int[] {10, 30}) {
      String key = "latency.at_" + rate + "_per_s.approval_to_next_step.";
      row(
          out,
          pairs,
          "at " + rate + " runs/s: approval answer -> next step, p50 ms",
          p -> figure(p.pilot(), key + "p50"),
          p -> field(rate == 10 ? p.flowableRate10() : p.flowableRate30(), "approvalToStep4P50Ms"),
          true);
      row(
          out,
          pairs,
          "at " + rate + " runs/s: approval answer -> next step, p99 ms",
          p -> figure(p.pilot(), key + "p99"),
          p -> field(rate == 10 ? p.flowableRate10() : p.flowableRate30(), "approvalToStep4P99Ms"),
          true);
      row(
          out,
          pairs,
          "at " + rate + " runs/s: step commit -> SSE client, p99 ms",
          p -> figure(p.pilot(), "latency.at_" + rate + "_per_s.step_commit_to_sse.p99"),
          p -> Double.NaN,
          true);
    }
    row(
        out,
        pairs,
        "machine CPU per execution, ms",
        p -> summaryValue(p.pilot(), "cpu_per_execution"),
        p -> {
          JsonNode f = p.flowableClosed();
          return f == null
              ? Double.NaN
              : (field(f, "jvmCpuS") + field(f, "pgCpuS")) * 1000 / field(f, "completed");
        },
        true);
    row(
        out,
        pairs,
        "5,000 SSE clients: delivery p99 ms",
        p -> summaryValue(p.pilot(), "fanout_delivery"),
        p -> Double.NaN,
        true);
    row(
        out,
        pairs,
        "rebuild, events/s",
        p -> summaryValue(p.pilot(), "rebuild"),
        p -> Double.NaN,
        false);
    row(
        out,
        pairs,
        "idle dashboards: dashboard-role statements/min added",
        p -> summaryValue(p.pilot(), "idle_dashboards_db"),
        p -> Double.NaN,
        true);
    out.append(
        "\nRatio: Pilot / Flowable for throughput (higher is better), Flowable-relative slowness"
            + " (Pilot / Flowable) for latencies and CPU (lower is better).\n");
    if (pairs.stream().anyMatch(p -> p.pilotTwoInstances() != null)) {
      out.append("\nTwo instances of each service (same machine), against one:\n\n");
      out.append("| figure |");
      pairs.forEach(
          p -> out.append(' ').append(p.name()).append(": 1 instance | 2 instances | 2 / 1 |"));
      out.append("\n|---|");
      pairs.forEach(p -> out.append("---:|---:|---:|"));
      out.append('\n');
      for (String[] f :
          new String[][] {
            {"throughput, transitions/s", "throughput.step_transitions_per_s"},
            {
              "at 10/s: approval -> next step p99 ms",
              "latency.at_10_per_s.approval_to_next_step.p99"
            },
            {
              "at 30/s: approval -> next step p99 ms",
              "latency.at_30_per_s.approval_to_next_step.p99"
            },
            {"at 10/s: step commit -> SSE p99 ms", "latency.at_10_per_s.step_commit_to_sse.p99"},
            {"at 30/s: step commit -> SSE p99 ms", "latency.at_30_per_s.step_commit_to_sse.p99"}
          }) {
        scalingRow(
            out,
            pairs,
            f[0],
            p -> figure(p.pilot(), f[1]),
            p -> figure(p.pilotTwoInstances(), f[1]));
      }
      scalingRow(
          out,
          pairs,
          "machine CPU per execution, ms",
          p -> summaryValue(p.pilot(), "cpu_per_execution"),
          p -> summaryValue(p.pilotTwoInstances(), "cpu_per_execution"));
    }
    return out.toString();
  }

  private interface Value {
    double of(Pair pair);
  }

  private static void row(
      StringBuilder out, List<Pair> pairs, String name, Value ours, Value theirs, boolean slower) {
    row(out, pairs, name, ours, theirs, (a, b) -> ratio(a, b, slower));
  }

  /** A row of the scaling table: its ratio column is two instances over one ("2 / 1"). */
  private static void scalingRow(
      StringBuilder out, List<Pair> pairs, String name, Value one, Value two) {
    row(out, pairs, name, one, two, (a, b) -> ratio(b, a, false));
  }

  private static void row(
      StringBuilder out,
      List<Pair> pairs,
      String name,
      Value left,
      Value right,
      BiFunction<Double, Double, String> ratio) {
    out.append("| ").append(name).append(" |");
    for (Pair p : pairs) {
      double a = left.of(p);
      double b = right.of(p);
      out.append(' ').append(number(a)).append(" | ").append(number(b)).append(" | ");
      out.append(ratio.apply(a, b)).append(" |");
    }
    out.append('\n');
  }

  /** "0.46×" for a throughput ratio, "17× slower" for a latency or a cost. */
  static String ratio(double ours, double theirs, boolean lowerIsBetter) {
    if (Double.isNaN(ours) || Double.isNaN(theirs) || theirs == 0) {
      return "";
    }
    double r = ours / theirs;
    return lowerIsBetter
        ? String.format(r >= 10 ? "%.0f×" : "%.2f×", r)
        : String.format("%.2f×", r);
  }

  private static String number(double v) {
    if (Double.isNaN(v)) {
      return "—";
    }
    return v >= 100 ? String.format("%,.0f", v) : String.format("%.1f", v);
  }

  private static double figure(JsonNode results, String name) {
    if (results == null) {
      return Double.NaN;
    }
    for (JsonNode f : results.path("figures")) {
      if (f.path("name").asString().equals(name) && f.path("value").isNumber()) {
        return f.path("value").asDouble();
      }
    }
    return Double.NaN;
  }

  private static double summaryValue(JsonNode results, String key) {
    if (results == null) {
      return Double.NaN;
    }
    for (JsonNode row : results.path("summary")) {
      if (row.path("key").asString().equals(key) && row.path("value").isNumber()) {
        return row.path("value").asDouble();
      }
    }
    return Double.NaN;
  }

  private static double field(JsonNode run, String name) {
    return run == null || !run.path(name).isNumber() ? Double.NaN : run.path(name).asDouble();
  }

  private static JsonNode json(Path file) throws IOException {
    return Files.exists(file) ? JSON.readTree(Files.readString(file)) : null;
  }

  /** The last measured run of a Flowable output file that passed its checks. */
  private static JsonNode lastRun(Path file) throws IOException {
    if (!Files.exists(file)) {
      return null;
    }
    Optional<JsonNode> last = Optional.empty();
    for (String line : Files.readAllLines(file)) {
      if (line.strip().startsWith("{")) {
        JsonNode run = JSON.readTree(line);
        if (run.path("ok").asBoolean(false)) {
          last = Optional.of(run);
        }
      }
    }
    return last.orElse(null);
  }
}
