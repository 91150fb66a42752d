package dev.pilot.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class SummaryTest {

  @Test
  void aLatencyTargetIsJudgedOnItsP99AndIsStrict() {
    Target target = Target.below(50, "p99 < 50 ms");

    assertThat(target.verdict(49)).isEqualTo("MET");
    assertThat(target.verdict(50)).isEqualTo("MISSED");
  }

  @Test
  void throughputAndCostTargetsIncludeTheirLimit() {
    assertThat(Target.atLeast(300, "").verdict(300)).isEqualTo("MET");
    assertThat(Target.atLeast(300, "").verdict(299.9)).isEqualTo("MISSED");
    assertThat(Target.atMost(30, "").verdict(30)).isEqualTo("MET");
    assertThat(Target.atMost(30, "").verdict(31)).isEqualTo("MISSED");
  }

  @Test
  void aFigureWithoutSamplesIsNeitherMetNorMissed() {
    Summary summary = new Summary();
    summary.latency(
        "x", "at 10 runs/s: x", Latencies.of("x", List.of()), Target.below(50, "p99 < 50 ms"));

    assertThat(summary.rows().get(0).verdict()).isEqualTo("n/a");
    assertThat(summary.rows().get(0).shown()).isEqualTo("no samples");
  }

  @Test
  void theTableShowsEachFigureWithItsTargetAndVerdictAndCountsThem() {
    Summary summary = new Summary();
    summary.latency(
        "approval",
        "at 10 runs/s: approval answer -> next step started",
        Latencies.of("a", List.of(10L, 20L, 30L, 400L)),
        Target.below(50, "p99 < 50 ms"));
    summary.add(
        "rebuild",
        "read-model rebuild",
        "60,000 events/s",
        60_000,
        Target.atLeast(50_000, ">= 50,000 events/s"));

    String table = summary.render("title");

    assertThat(table)
        .contains("p50 20 / p99 400 ms (n=4)")
        .contains("| p99 < 50 ms ")
        .contains("MISSED")
        .contains("MET")
        .contains("targets: 1 met, 1 missed");
    assertThat(table.lines().map(String::length).skip(1).limit(4).distinct()).hasSize(1);
  }

  @Test
  void ratiosSayHowManyTimesSlowerForLatencyAndAFractionForThroughput() {
    assertThat(Compare.ratio(141, 304, false)).isEqualTo("0.46×");
    assertThat(Compare.ratio(258, 15.5, true)).isEqualTo("17×");
    assertThat(Compare.ratio(12, Double.NaN, true)).isEmpty();
  }

  @Test
  void theScalingTableDividesTwoInstancesByOne() {
    JsonNode one = results(116);
    JsonNode two = results(97);

    String table = Compare.render(List.of(new Compare.Pair("pair1", one, two, null, null, null)));

    assertThat(table).contains("| throughput, transitions/s | 116 | 97.0 | 0.84× |");
  }

  private static JsonNode results(double transitionsPerSecond) {
    return JsonMapper.builder()
        .build()
        .readTree(
            "{\"figures\": [{\"name\": \"throughput.step_transitions_per_s\", \"value\": "
                + transitionsPerSecond
                + "}]}");
  }
}
