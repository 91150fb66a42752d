package dev.pilot.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka broker and PostgreSQL server every test in this JVM shares. Started on first use:
 * Testcontainers when a Docker engine answers, otherwise an in-process KRaft broker and an embedded
 * PostgreSQL. Force a mode with {@code -Dpilot.test.infrastructure=containers|embedded}.
 */
public final class Infrastructure {

  public static final String MODE_PROPERTY = "pilot.test.infrastructure";
  private static final Logger log = LoggerFactory.getLogger(Infrastructure.class);
  private static final Duration SPRING_SHUTDOWN_WAIT = Duration.ofSeconds(20);
  private static volatile Infrastructure shared;

  private final Servers servers;
  private final Set<String> databases = ConcurrentHashMap.newKeySet();

  private Infrastructure(Servers servers) {
    this.servers = servers;
  }

  /** The shared infrastructure, started on the first call. */
  public static Infrastructure get() {
    if (shared == null) {
      synchronized (Infrastructure.class) {
        if (shared == null) {
          shared = new Infrastructure(start());
        }
      }
    }
    return shared;
  }

  public String kafkaBootstrapServers() {
    return servers.kafkaBootstrapServers();
  }

  public String postgresUser() {
    return servers.postgresUser();
  }

  public String postgresPassword() {
    return servers.postgresPassword();
  }

  /** A JDBC URL for the named database, created empty on first request. */
  public String jdbcUrl(String database) {
    if (databases.add(database)) {
      try (Connection admin = adminConnection()) {
        admin.createStatement().execute("CREATE DATABASE \"" + database + "\"");
      } catch (SQLException e) {
        if (!"42P04".equals(e.getSQLState())) { // duplicate_database: another JVM made it
          throw new IllegalStateException("Cannot create test database " + database, e);
        }
      }
    }
    return servers.jdbcUrl(database);
  }

  private Connection adminConnection() throws SQLException {
    return DriverManager.getConnection(
        servers.jdbcUrl("postgres"), servers.postgresUser(), servers.postgresPassword());
  }

  private static Servers start() {
    String forced = System.getProperty(MODE_PROPERTY, "auto").toLowerCase(Locale.ROOT);
    boolean containers =
        switch (forced) {
          case "containers" -> true;
          case "embedded" -> false;
          default -> ContainerServers.dockerAvailable();
        };
    long started = System.nanoTime();
    Servers servers = containers ? ContainerServers.start() : EmbeddedServers.start();
    log.info(
        "Test infrastructure: {} (Kafka {}, PostgreSQL {}) ready in {} ms{}",
        containers ? "Testcontainers" : "embedded KRaft broker + embedded PostgreSQL",
        servers.kafkaBootstrapServers(),
        servers.jdbcUrl("postgres"),
        (System.nanoTime() - started) / 1_000_000,
        "auto".equals(forced) ? "" : " (forced by -D" + MODE_PROPERTY + "=" + forced + ")");
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  awaitSpringContextsClosed();
                  servers.stop();
                },
                "test-infrastructure-stop"));
    return servers;
  }

  /**
   * JVM shutdown hooks run concurrently: stopping the broker and the database while Spring's cached
   * test contexts are still closing leaves their Kafka clients and pools waiting for servers that
   * are gone, until Surefire kills the fork 30 s later. So the servers go last, after a bounded
   * wait.
   */
  private static void awaitSpringContextsClosed() {
    long deadline = System.nanoTime() + SPRING_SHUTDOWN_WAIT.toNanos();
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (thread.getName().startsWith("SpringContextShutdownHook")
          || thread.getName().startsWith("SpringApplicationShutdownHook")) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return;
        }
        try {
          thread.join(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /** What either mode provides. */
  interface Servers {
    String kafkaBootstrapServers();

    String jdbcUrl(String database);

    String postgresUser();

    String postgresPassword();

    void stop();
  }
}
