package dev.pilot.platform.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.pilot.contracts.Topics;
import dev.pilot.contracts.execution.ExecutionResumed;
import dev.pilot.platform.events.EventCodec;
import dev.pilot.testsupport.RealInfrastructure;
import dev.pilot.testsupport.TopicRecorder;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The relay waits a minute between looks of its own here, so an event published within seconds was
 * woken for: by NOTIFY, or in-process after the commit of the instance that leads the relay.
 */
@SpringBootTest(
    properties = {"spring.flyway.locations=classpath:db/platform", "pilot.outbox.idle-poll=60s"})
@RealInfrastructure
class QuietCommitTest {

  @SpringBootApplication
  static class App {}

  @Autowired Outbox outbox;
  @Autowired OutboxRelay relay;
  @Autowired TransactionTemplate transactions;
  @Autowired JdbcClient jdbc;
  @Autowired EventCodec codec;
  @Autowired DataSource dataSource;

  @Test
  void theLeadingInstancesCommitsNotifyNobodyAndAreStillPublishedAtOnce() throws Exception {
    await().atMost(Duration.ofSeconds(10)).until(relay::isLeader);
    UUID inTransaction = UUID.randomUUID();
    UUID inAutocommit = UUID.randomUUID();
    try (Connection listening = listening();
        TopicRecorder recorder = TopicRecorder.open(Topics.EXECUTION_EVENTS)) {
      transactions.executeWithoutResult(
          tx -> outbox.append(Topics.EXECUTION_EVENTS, resumed(inTransaction)));
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> assertThat(recorder.valuesFor(inTransaction)).hasSize(1));

      // A guarded change in autocommit, as a worker saves a step: the statement is the commit.
      GuardedChange.of(
              "insert into processed_events (consumer, event_id) values ('test', :id) returning 1",
              Map.of("id", UUID.randomUUID()))
          .publishing(outbox.rows(Topics.EXECUTION_EVENTS, List.of(resumed(inAutocommit))))
          .execute(jdbc);
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> assertThat(recorder.valuesFor(inAutocommit)).hasSize(1));

      assertThat(notificationsOf(listening)).isEmpty();
    }
  }

  @Test
  void aCommitOfAnInstanceThatDoesNotLeadTheRelayStillWakesTheLeader() throws Exception {
    await().atMost(Duration.ofSeconds(10)).until(relay::isLeader);
    Outbox elsewhere = new Outbox(jdbc, codec);
    UUID execution = UUID.randomUUID();
    try (Connection listening = listening();
        TopicRecorder recorder = TopicRecorder.open(Topics.EXECUTION_EVENTS)) {
      transactions.executeWithoutResult(
          tx -> elsewhere.append(Topics.EXECUTION_EVENTS, resumed(execution)));

      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> assertThat(recorder.valuesFor(execution)).hasSize(1));
      assertThat(notificationsOf(listening)).hasSize(1);
    }
  }

  /** A connection listening on the relay's channel, as another instance's listener does. */
  private Connection listening() throws SQLException {
    // Not from the pool: closed, it must stop listening.
    HikariDataSource pool = dataSource.unwrap(HikariDataSource.class);
    Connection connection =
        DriverManager.getConnection(pool.getJdbcUrl(), pool.getUsername(), pool.getPassword());
    try (Statement listen = connection.createStatement()) {
      listen.execute("listen \"outbox_" + schema() + "\"");
    }
    return connection;
  }

  private static PGNotification[] notificationsOf(Connection connection) throws SQLException {
    try (Statement poke = connection.createStatement()) {
      poke.execute("select 1"); // delivers what arrived since
    }
    PGNotification[] received = connection.unwrap(PGConnection.class).getNotifications();
    return received == null ? new PGNotification[0] : received;
  }

  private String schema() {
    return jdbc.sql("select current_schema()").query(String.class).single();
  }

  private static ExecutionResumed resumed(UUID execution) {
    return new ExecutionResumed(UUID.randomUUID(), Instant.now(), execution, 1, "alice");
  }
}
