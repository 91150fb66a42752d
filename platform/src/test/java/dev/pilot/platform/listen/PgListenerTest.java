package dev.pilot.platform.listen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pilot.testsupport.RealInfrastructure;
import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

@SpringBootTest(properties = {"spring.flyway.enabled=false", "pilot.outbox.enabled=false"})
@RealInfrastructure
class PgListenerTest {

  @SpringBootApplication
  static class App {}

  @Autowired DataSource dataSource;
  @Autowired JdbcClient jdbc;

  final AtomicInteger listening = new AtomicInteger();
  final AtomicInteger notified = new AtomicInteger();
  final AtomicInteger backend = new AtomicInteger();

  PgListener listener() {
    return new PgListener(
        "test-listener",
        dataSource,
        schema -> "test_" + schema,
        Duration.ofMillis(200),
        new PgListener.Handler() {
          @Override
          public void listening(Connection connection) throws java.sql.SQLException {
            backend.set(connection.unwrap(org.postgresql.PGConnection.class).getBackendPID());
            listening.incrementAndGet();
          }

          @Override
          public void awake(Connection connection, boolean wasNotified) {
            if (wasNotified) {
              notified.incrementAndGet();
            }
          }
        });
  }

  @Test
  void aCommittedNotifyWakesTheHandlerAndALostConnectionIsListenedOnAgain() {
    PgListener listener = listener();
    listener.start();
    try {
      await().atMost(Duration.ofSeconds(10)).until(() -> listening.get() == 1);

      notify(listener.channel());
      await().atMost(Duration.ofSeconds(10)).until(() -> notified.get() == 1);

      jdbc.sql("select pg_terminate_backend(:pid)").param("pid", backend.get()).query().singleRow();
      await().atMost(Duration.ofSeconds(10)).until(() -> listening.get() == 2);
      notify(listener.channel());
      await().atMost(Duration.ofSeconds(10)).until(() -> notified.get() == 2);
    } finally {
      listener.stop();
    }
    assertThat(listener.isRunning()).isFalse();
  }

  void notify(String channel) {
    jdbc.sql("select pg_notify(:channel, '')").param("channel", channel).query().singleRow();
  }
}
