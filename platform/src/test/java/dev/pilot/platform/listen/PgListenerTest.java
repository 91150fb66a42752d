package dev.pilot.platform.listen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pilot.testsupport.RealInfrastructure;
import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
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

  @Test
  void aNotifyReachesOnlyTheSubscriberOfItsChannel() {
    PgListener listener = new PgListener("test-channels", dataSource, Duration.ofMillis(200));
    AtomicInteger work = new AtomicInteger();
    AtomicInteger stops = new AtomicInteger();
    PgListener.Subscription workChannel =
        listener.subscribe("test-work", schema -> "test_work_" + schema, work::incrementAndGet);
    PgListener.Subscription stopChannel =
        listener.subscribe("test-stops", schema -> "test_stops_" + schema, stops::incrementAndGet);
    listener.start();
    try {
      // once each as the LISTEN is in place
      await().atMost(Duration.ofSeconds(10)).until(() -> work.get() == 1 && stops.get() == 1);

      notify(workChannel.channel());
      await().atMost(Duration.ofSeconds(10)).until(() -> work.get() == 2);
      notify(stopChannel.channel());
      await().atMost(Duration.ofSeconds(10)).until(() -> stops.get() == 2);

      await()
          .during(Duration.ofMillis(500))
          .atMost(Duration.ofSeconds(2))
          .until(() -> work.get() == 2);
      assertThat(listeningBackends()).isEqualTo(1);
    } finally {
      listener.stop();
    }
  }

  @Test
  void aLostConnectionListensOnEveryChannelAgainAndEverySubscriberCatchesUp() {
    PgListener listener = new PgListener("test-reconnect", dataSource, Duration.ofMillis(200));
    AtomicInteger work = new AtomicInteger();
    AtomicInteger stops = new AtomicInteger();
    PgListener.Subscription workChannel =
        listener.subscribe("test-work", schema -> "test_work_" + schema, work::incrementAndGet);
    PgListener.Subscription stopChannel =
        listener.subscribe("test-stops", schema -> "test_stops_" + schema, stops::incrementAndGet);
    listener.start();
    try {
      await().atMost(Duration.ofSeconds(10)).until(() -> work.get() == 1 && stops.get() == 1);

      jdbc.sql(
              "select pg_terminate_backend(pid) from pg_stat_activity"
                  + " where query like 'LISTEN \"test\\_%' and pid <> pg_backend_pid()")
          .query()
          .listOfRows();
      // told to catch up with what a lost NOTIFY might have said
      await().atMost(Duration.ofSeconds(10)).until(() -> work.get() == 2 && stops.get() == 2);

      notify(workChannel.channel());
      notify(stopChannel.channel());
      await().atMost(Duration.ofSeconds(10)).until(() -> work.get() == 3 && stops.get() == 3);
    } finally {
      listener.stop();
    }
  }

  @Test
  void aSlowSubscriberHoldsBackNoOtherChannel() throws InterruptedException {
    PgListener listener = new PgListener("test-slow", dataSource, Duration.ofMillis(200));
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger slow = new AtomicInteger();
    AtomicInteger work = new AtomicInteger();
    PgListener.Subscription slowChannel =
        listener.subscribe(
            "test-slow",
            schema -> "test_slow_" + schema,
            () -> {
              if (slow.incrementAndGet() > 1) {
                awaitQuietly(release);
              }
            });
    PgListener.Subscription workChannel =
        listener.subscribe("test-work", schema -> "test_work_" + schema, work::incrementAndGet);
    listener.start();
    try {
      await().atMost(Duration.ofSeconds(10)).until(() -> slow.get() == 1 && work.get() == 1);

      notify(slowChannel.channel());
      await().atMost(Duration.ofSeconds(10)).until(() -> slow.get() == 2);
      // the slow subscriber is stuck; three more NOTIFYs for it wait as one
      notify(slowChannel.channel());
      notify(slowChannel.channel());
      notify(slowChannel.channel());
      notify(workChannel.channel());
      await().atMost(Duration.ofSeconds(10)).until(() -> work.get() == 2);

      release.countDown();
      await().atMost(Duration.ofSeconds(10)).until(() -> slow.get() == 3);
      await()
          .during(Duration.ofMillis(500))
          .atMost(Duration.ofSeconds(2))
          .until(() -> slow.get() == 3);
    } finally {
      release.countDown();
      listener.stop();
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  long listeningBackends() {
    return jdbc.sql(
            "select count(*) from pg_stat_activity"
                + " where query like 'LISTEN \"test\\_%' and pid <> pg_backend_pid()")
        .query(Long.class)
        .single();
  }

  void notify(String channel) {
    jdbc.sql("select pg_notify(:channel, '')").param("channel", channel).query().singleRow();
  }
}
