package dev.pilot.localstack.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;

/**
 * A running embedded PostgreSQL 17. As root, zonky runs the server in a user namespace ({@code
 * unshare -U}), since PostgreSQL refuses to run as root.
 */
public final class PostgresServer {

  private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);

  private final PostgresSettings settings;
  private final EmbeddedPostgres postgres;

  private PostgresServer(PostgresSettings settings, EmbeddedPostgres postgres) {
    this.settings = settings;
    this.postgres = postgres;
  }

  /** Initialises the data directory on first use, starts the server, creates the pilot database. */
  public static PostgresServer start(PostgresSettings settings) {
    EmbeddedPostgres postgres = startServer(settings);
    PostgresServer server = new PostgresServer(settings, postgres);
    try (Connection superuser = server.superuserConnection()) {
      PilotDatabase.ensureExists(superuser, settings);
    } catch (SQLException e) {
      server.stop();
      throw new IllegalStateException("Cannot create the " + settings.database() + " database", e);
    }
    return server;
  }

  public PostgresSettings settings() {
    return settings;
  }

  public String jdbcUrl() {
    return settings.jdbcUrl();
  }

  /** A connection to the pilot database as the pilot role. */
  public Connection connection() throws SQLException {
    return DriverManager.getConnection(jdbcUrl(), settings.user(), settings.password());
  }

  public void stop() {
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException("PostgreSQL did not stop cleanly", e);
    }
  }

  private Connection superuserConnection() throws SQLException {
    return postgres.getPostgresDatabase().getConnection();
  }

  private static EmbeddedPostgres startServer(PostgresSettings settings) {
    try {
      Files.createDirectories(settings.dataDir());
      Files.createDirectories(settings.logFile().getParent());
      Redirect log = Redirect.appendTo(settings.logFile().toFile());
      return EmbeddedPostgres.builder()
          .setDataDirectory(settings.dataDir())
          .setCleanDataDirectory(false)
          .setPort(settings.port())
          .setRegisterShutdownHook(false)
          .setPGStartupWait(STARTUP_WAIT)
          .setOutputRedirector(log)
          .setErrorRedirector(log)
          .setServerConfig("max_connections", "200")
          // zonky starts the server with -F (fsync off), a test setting: an operating-system
          // crash could then corrupt the cluster, and commits would cost less than on any real
          // database (the benchmark's synchronous_commit=on would not reach the disk). A later
          // option wins over -F.
          .setServerConfig("fsync", "on")
          .setServerConfig("synchronous_commit", "off")
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "PostgreSQL did not start on port "
              + settings.port()
              + " with data in "
              + settings.dataDir()
              + "; see "
              + settings.logFile(),
          e);
    }
  }
}
