package dev.pilot.platform.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pilot.testsupport.RealInfrastructure;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

@SpringBootTest(
    properties = {
      "spring.flyway.locations=classpath:db/platform",
      "pilot.outbox.enabled=false",
      "pilot.inbox.prune-batch=7"
    })
@RealInfrastructure
class InboxPruningTest {

  @SpringBootApplication
  static class App {}

  @Autowired InboxPruning pruning;
  @Autowired JdbcClient jdbc;

  @Test
  void forgetsEventsOlderThanTheRetentionInSmallBatchesAndKeepsTheRest() {
    Instant now = Instant.now();
    for (int i = 0; i < 20; i++) {
      processed("old", now.minus(Duration.ofDays(31)));
    }
    for (int i = 0; i < 3; i++) {
      processed("recent", now.minus(Duration.ofDays(29)));
    }

    int pruned = pruning.pruneOnce();

    assertThat(pruned).isEqualTo(20);
    assertThat(count("old")).isZero();
    assertThat(count("recent")).isEqualTo(3);
  }

  private void processed(String consumer, Instant at) {
    jdbc.sql("insert into processed_events (consumer, event_id, processed_at) values (?, ?, ?)")
        .params(consumer, UUID.randomUUID(), Timestamp.from(at))
        .update();
  }

  private long count(String consumer) {
    return jdbc.sql("select count(*) from processed_events where consumer = ?")
        .param(consumer)
        .query(Long.class)
        .single();
  }
}
