package dev.pilot.dashboard.projection;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.datasource.DataSourceUtils;

/**
 * Writes rows with PostgreSQL's {@code COPY … FROM STDIN} (text format) on the current
 * transaction's connection: the rebuild's bulk write, several times faster than batched inserts.
 * Values are the ones the named-parameter statements take ({@link MapSqlParameterSource}), encoded
 * by their Java type: text, uuid, numbers, booleans, timestamps, text arrays.
 */
final class CopyRows {

  private static final int FLUSH_BYTES = 1 << 20;

  private CopyRows() {}

  /**
   * @return rows written
   */
  static long copy(
      DataSource dataSource, String table, List<String> columns, List<MapSqlParameterSource> rows) {
    if (rows.isEmpty()) {
      return 0;
    }
    Connection connection = DataSourceUtils.getConnection(dataSource);
    try {
      CopyIn in =
          connection
              .unwrap(PGConnection.class)
              .getCopyAPI()
              .copyIn("copy " + table + " (" + String.join(", ", columns) + ") from stdin");
      try {
        StringBuilder text = new StringBuilder(FLUSH_BYTES + 4096);
        for (MapSqlParameterSource row : rows) {
          for (int i = 0; i < columns.size(); i++) {
            if (i > 0) {
              text.append('\t');
            }
            value(text, row.getValue(columns.get(i)));
          }
          text.append('\n');
          if (text.length() >= FLUSH_BYTES) {
            write(in, text);
          }
        }
        write(in, text);
        return in.endCopy();
      } finally {
        if (in.isActive()) {
          in.cancelCopy();
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("COPY into " + table + " failed", e);
    } finally {
      DataSourceUtils.releaseConnection(connection, dataSource);
    }
  }

  private static void write(CopyIn in, StringBuilder text) throws SQLException {
    byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
    in.writeToCopy(bytes, 0, bytes.length);
    text.setLength(0);
  }

  /** One column value in COPY's text format ({@code \N} is NULL). */
  static void value(StringBuilder out, Object value) {
    if (value == null) {
      out.append("\\N");
    } else if (value instanceof String[] array) {
      StringBuilder literal = new StringBuilder().append('{');
      for (int i = 0; i < array.length; i++) {
        if (i > 0) {
          literal.append(',');
        }
        if (array[i] == null) {
          literal.append("NULL");
        } else {
          literal.append('"');
          for (char c : array[i].toCharArray()) {
            if (c == '"' || c == '\\') {
              literal.append('\\');
            }
            literal.append(c);
          }
          literal.append('"');
        }
      }
      escaped(out, literal.append('}'));
    } else if (value instanceof Boolean b) {
      out.append(b ? 't' : 'f');
    } else if (value instanceof OffsetDateTime
        || value instanceof UUID
        || value instanceof Number
        || value instanceof CharSequence) {
      escaped(out, value.toString());
    } else {
      throw new IllegalArgumentException("No COPY encoding for " + value.getClass());
    }
  }

  private static void escaped(StringBuilder out, CharSequence text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> out.append(c);
      }
    }
  }
}
