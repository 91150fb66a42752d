package dev.pilot.localstack.postgres;

import java.nio.file.Path;

/**
 * Where the local PostgreSQL listens and keeps its data, and the database the services share.
 *
 * @param port 5432 for the local stack
 * @param dataDir the cluster's data directory; initialised on first start, reused afterwards
 * @param logFile where the server's own output goes
 * @param database database created (owned by {@code user}) when absent
 * @param user login role created when absent
 * @param password the role's password
 */
public record PostgresSettings(
    int port, Path dataDir, Path logFile, String database, String user, String password) {

  /** The pilot database and role the services use by default (user and password {@code pilot}). */
  public static PostgresSettings pilot(int port, Path dataDir, Path logFile) {
    return new PostgresSettings(port, dataDir, logFile, "pilot", "pilot", "pilot");
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://localhost:" + port + "/" + database;
  }
}
