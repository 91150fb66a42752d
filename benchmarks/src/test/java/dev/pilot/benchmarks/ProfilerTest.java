package dev.pilot.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ProfilerTest {

  @Test
  void threadsOfOneKindAreCountedTogether() {
    assertThat(Profiler.threadKind("http-nio-8081-exec-7")).isEqualTo("http-nio-#-exec-#");
    assertThat(
            Profiler.threadKind(
                "KafkaConsumerDestination{consumerDestinationName='approval-events', partitions=6,"
                    + " dlqName='x'}.container-0-C-1"))
        .isEqualTo("consumer of approval-events");
  }

  @Test
  void theFlameGraphGivesEachFrameAWidthByItsShareOfSamples() {
    String svg =
        FlameGraph.svg(
            "execution-service",
            Map.of("worker;a.B.run;c.D.parse", 3L, "worker;a.B.run;e.F.write", 1L));

    assertThat(svg).startsWith("<svg").contains("(4 samples)");
    assertThat(svg)
        .contains("<title>c.D.parse (75.0%)</title>")
        .contains("<title>e.F.write (25.0%)</title>");
    assertThat(svg).contains("<title>a.B.run (100.0%)</title>");
  }
}
