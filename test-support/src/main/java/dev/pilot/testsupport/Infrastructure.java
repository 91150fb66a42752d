package dev.pilot.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;

/**
 * The Kafka broker and PostgreSQL server every test in this JVM shares. Started on first use:
 * Testcontainers when a Docker engine answers, otherwise an in-process KRaft broker and an embedded
 * PostgreSQL. Force a mode with {@code -Dpilot.test.infrastructure=containers|embedded}.
 */
public final class Infrastructure {

  public static final String MODE_PROPERTY = "pilot.test.infrastructure";
  private static final Logger log = LoggerFactory.getLogger(Infrastructure.class);
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
    // Spring Boot runs its shutdown handlers after it has closed every application context, the
    // cached test contexts included. JVM shutdown hooks run concurrently: when one stopped the
    // database first, a closing context's scheduler waited 30 s for a connection, until Surefire
    // killed the fork.
    SpringApplication.getShutdownHandlers().add(servers::stop);
    return servers;
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
