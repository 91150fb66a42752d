package dev.pilot.dashboard.projection;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

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

  private MultiRow() {}

  /**
   * Runs {@code head + " values " + rows + tail} once per {@link #MAX_ROWS} rows.
   *
   * @param head the statement up to {@code values}, e.g. {@code insert into t (a, b)}
   * @param row one row's value list with named parameters, e.g. {@code (:a, cast(:b as jsonb))}
   * @param tail what follows the values, e.g. an {@code on conflict} clause (or empty)
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
      jdbc.update(part.sql(), part.params());
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
      results.addAll(jdbc.query(part.sql(), part.params(), mapper));
    }
    return results;
  }

  private record Statement(String sql, MapSqlParameterSource params) {}

  private static Statement statement(
      String head, String row, String tail, List<MapSqlParameterSource> rows, int from) {
    List<MapSqlParameterSource> part = rows.subList(from, Math.min(rows.size(), from + MAX_ROWS));
    StringBuilder sql = new StringBuilder(head).append(" values ");
    MapSqlParameterSource params = new MapSqlParameterSource();
    for (int i = 0; i < part.size(); i++) {
      if (i > 0) {
        sql.append(", ");
      }
      String suffix = "_" + i;
      sql.append(PARAMETER.matcher(row).replaceAll(m -> ":" + m.group(1) + suffix));
      MapSqlParameterSource source = part.get(i);
      for (String name : source.getParameterNames()) {
        params.addValue(
            name + suffix,
            source.getValue(name),
            source.getSqlType(name),
            source.getTypeName(name));
      }
    }
    return new Statement(sql.append(' ').append(tail).toString(), params);
  }
}
