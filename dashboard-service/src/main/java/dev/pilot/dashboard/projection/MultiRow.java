package dev.pilot.dashboard.projection;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSourceUtils;

/**
 * Writes many rows with one {@code insert … values (…), (…) …} statement instead of a JDBC batch of
 * one statement per row: a consumer batch that touches twenty executions runs one statement, not
 * twenty (PostgreSQL plans and executes it once; {@code pg_stat_statements} counts one call). In an
 * {@code insert}, the values of every row take the target columns' types, so the named parameters
 * need no casts beyond what a one-row statement has.
 */
final class MultiRow {

  /**
   * Rows per statement at most: 30 columns × 500 rows stays far below PostgreSQL's 65,535 binds.
   */
  static final int MAX_ROWS = 500;

  private static final Pattern PARAMETER = Pattern.compile(":([a-z_][a-z0-9_]*)");

  /** Each row template as positional SQL, parsed once: a service has a handful of them. */
  private static final Map<String, Row> ROWS = new ConcurrentHashMap<>();

  private MultiRow() {}

  /**
   * Runs {@code head + " values " + rows + tail} once per {@link #MAX_ROWS} rows.
   *
   * @param head the statement up to {@code values}, e.g. {@code insert into t (a, b)}; no
   *     parameters, no {@code ?}
   * @param row one row's value list with named parameters, e.g. {@code (:a, cast(:b as jsonb))}
   * @param tail what follows the values, e.g. an {@code on conflict} clause (or empty); no
   *     parameters, no {@code ?}
   * @param rows each row's parameters, by the names {@code row} uses; written in this order
   */
  static void write(
      NamedParameterJdbcTemplate jdbc,
      String head,
      String row,
      String tail,
      List<MapSqlParameterSource> rows) {
    for (int from = 0; from < rows.size(); from += MAX_ROWS) {
      Statement part = statement(head, row, tail, rows, from);
      jdbc.getJdbcOperations().update(part.sql(), part.args());
    }
  }

  /**
   * As {@link #write}, for a statement that returns rows (e.g. an upsert inside a CTE and a select
   * of what it wrote): the rows of every part, mapped.
   */
  static <T> List<T> query(
      NamedParameterJdbcTemplate jdbc,
      String head,
      String row,
      String tail,
      List<MapSqlParameterSource> rows,
      RowMapper<T> mapper) {
    List<T> results = new ArrayList<>();
    for (int from = 0; from < rows.size(); from += MAX_ROWS) {
      Statement part = statement(head, row, tail, rows, from);
      results.addAll(jdbc.getJdbcOperations().query(part.sql(), mapper, part.args()));
    }
    return results;
  }

  private record Statement(String sql, Object[] args) {}

  /** A row template with its named parameters replaced by {@code ?}, and their names in order. */
  private record Row(String sql, String[] names) {

    static Row parse(String row) {
      List<String> names = new ArrayList<>();
      String sql =
          PARAMETER
              .matcher(row)
              .replaceAll(
                  m -> {
                    names.add(m.group(1));
                    return "?";
                  });
      return new Row(sql, names.toArray(String[]::new));
    }
  }

  /**
   * The statement with positional parameters, bound as the named ones were (a parameter with a
   * declared SQL type as a {@link org.springframework.jdbc.core.SqlParameterValue}): the named
   * template parsed the statement's text, renamed and copied every row's parameters and looked each
   * one up again for every statement, most of a consumer batch's CPU in the dashboard.
   */
  private static Statement statement(
      String head, String row, String tail, List<MapSqlParameterSource> rows, int from) {
    List<MapSqlParameterSource> part = rows.subList(from, Math.min(rows.size(), from + MAX_ROWS));
    Row template = ROWS.computeIfAbsent(row, Row::parse);
    String[] names = template.names();
    StringBuilder sql =
        new StringBuilder(
            head.length() + tail.length() + part.size() * (template.sql().length() + 2) + 10);
    sql.append(head).append(" values ");
    Object[] args = new Object[part.size() * names.length];
    int arg = 0;
    for (int i = 0; i < part.size(); i++) {
      if (i > 0) {
        sql.append(", ");
      }
      sql.append(template.sql());
      MapSqlParameterSource source = part.get(i);
      for (String name : names) {
        args[arg++] = SqlParameterSourceUtils.getTypedValue(source, name);
      }
    }
    return new Statement(sql.append(' ').append(tail).toString(), args);
  }
}
