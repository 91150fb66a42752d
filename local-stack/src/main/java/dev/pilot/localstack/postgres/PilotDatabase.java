package dev.pilot.localstack.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Creates the services' login role and database when they are absent; leaves them otherwise. */
final class PilotDatabase {

  private PilotDatabase() {}

  static void ensureExists(Connection superuser, PostgresSettings settings) throws SQLException {
    if (!exists(superuser, "SELECT 1 FROM pg_roles WHERE rolname = ?", settings.user())) {
      try (Statement create = superuser.createStatement()) {
        create.execute(
            "CREATE ROLE "
                + identifier(settings.user())
                + " LOGIN PASSWORD "
                + literal(settings.password()));
      }
    }
    if (!exists(superuser, "SELECT 1 FROM pg_database WHERE datname = ?", settings.database())) {
      try (Statement create = superuser.createStatement()) {
        create.execute(
            "CREATE DATABASE "
                + identifier(settings.database())
                + " OWNER "
                + identifier(settings.user()));
      }
    }
  }

  private static boolean exists(Connection connection, String query, String name)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(query)) {
      statement.setString(1, name);
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next();
      }
    }
  }

  private static String identifier(String name) {
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }

  private static String literal(String value) {
    return "'" + value.replace("'", "''") + "'";
  }
}
