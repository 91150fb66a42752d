package dev.pilot.dashboard.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pilot.dashboard.DashboardTest;
import dev.pilot.dashboard.SseClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Open dashboards that nothing happens to cost the database nothing: no per-stream polling, no
 * query per heartbeat (changes are pushed from one shared LISTEN connection).
 */
class IdleStreamsTest extends DashboardTest {

  private static final int STREAMS = 40;

  @Autowired MeterRegistry meters;

  @Test
  void idleStreamsTakeNoDatabaseConnectionThroughSeveralHeartbeats() {
    List<SseClient> streams = new ArrayList<>();
    try {
      for (int i = 0; i < STREAMS; i++) {
        streams.add(stream(i % 2 == 0 ? "alice" : "bob"));
      }
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  streams.stream()
                      .allMatch(s -> !s.matching(e -> "snapshot".equals(e.name())).isEmpty()));
      long before = connectionsTaken();
      assertThat(before).as("the pool's acquire count is measured").isPositive();
      // The test profile beats every 2 s: wait until every stream had three heartbeats.
      List<Integer> beatsBefore = streams.stream().map(s -> s.comments().size()).toList();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> {
                for (int i = 0; i < STREAMS; i++) {
                  if (streams.get(i).comments().size() < beatsBefore.get(i) + 3) {
                    return false;
                  }
                }
                return true;
              });
      long taken = connectionsTaken() - before;
      // 40 streams × 3 heartbeats: polling per stream or per beat would take 120 or more. A few
      // are allowed for this instance's own background work (feed pruning, another test's events).
      assertThat(taken).isLessThan(5);
    } finally {
      streams.forEach(SseClient::close);
    }
  }

  /** Connections handed out by the pool so far (Hikari's acquire timer). */
  private long connectionsTaken() {
    return meters.find("hikaricp.connections.acquire").timers().stream()
        .mapToLong(Timer::count)
        .sum();
  }
}
