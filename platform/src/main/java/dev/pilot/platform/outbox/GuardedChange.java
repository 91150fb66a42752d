package dev.pilot.platform.outbox;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterUtils;
import org.springframework.jdbc.core.namedparam.ParsedSql;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A state change and everything that hangs on it as <em>one</em> SQL statement (one round trip; in
 * autocommit one transaction): the change (an insert or guarded update {@code returning id}), rows
 * that depend on it, its events through the outbox, and a NOTIFY. Everything after the change
 * happens only if the change wrote a row: a failed guard writes nothing and notifies nobody.
 *
 * <p>The change is the CTE {@code changed}; a dependent insert selects from it ({@code select
 * changed.id, ... from changed ...}). Parameters are named; the outbox's are prefixed {@code
 * outbox_} and the NOTIFY channel is {@code notify_channel}, so callers must not use those names.
 */
public final class GuardedChange {

  /** What {@link #execute} returns when the change was written but its requirement failed. */
  public static final int REFUSED = -1;

  /**
   * Statement texts by the parts they are made of, each turned into positional parameters once: a
   * change's hot path then binds values in order instead of building, parsing and rewriting its
   * text, and the driver finds its prepared statement by the same string instance. Bounded: parts
   * are the callers' constants, so a handful of shapes; any beyond the bound are built each time.
   */
  private static final ConcurrentMap<Shape, Template> TEMPLATES = new ConcurrentHashMap<>();

  private static final int MAX_TEMPLATES = 256;

  /** What a statement's text is made of. */
  private record Shape(
      String change,
      List<String> dependents,
      String published,
      boolean notifies,
      boolean quiet,
      String requirement) {}

  /** A statement's named form, parsed, and its positional text. */
  private record Template(ParsedSql named, String positional) {
    static Template of(String sql) {
      ParsedSql named = NamedParameterUtils.parseSqlStatement(sql);
      return new Template(named, NamedParameterUtils.substituteNamedParameters(named, null));
    }
  }

  private final String change;
  private final Map<String, Object> params = new HashMap<>();
  private final List<String> dependents = new ArrayList<>();
  private OutboxRows published;
  private boolean notifies;
  private String requirement;

  private GuardedChange(String change, Map<String, ?> params) {
    this.change = change;
    this.params.putAll(params);
  }

  /**
   * @param change an insert or update ending in {@code returning id}; its where clause is the guard
   */
  public static GuardedChange of(String change, Map<String, ?> params) {
    return new GuardedChange(change, params);
  }

  /** An insert that selects from {@code changed}, so it writes only what the change wrote. */
  public GuardedChange with(String dependentInsert, Map<String, ?> params) {
    dependents.add(dependentInsert);
    addAll(params);
    return this;
  }

  /** Queues the events in the outbox if the change wrote a row. */
  public GuardedChange publishing(OutboxRows rows) {
    published = rows;
    addAll(rows.params());
    return this;
  }

  /** Sends a NOTIFY (empty payload) on the channel if the change wrote a row. */
  public GuardedChange notifying(String channel) {
    notifies = true;
    addAll(Map.of("notify_channel", channel));
    return this;
  }

  /**
   * A condition checked in the same statement once the change is written, so it sees the written
   * row (a volatile function evaluated there takes its snapshot then): for a check that must follow
   * the write, such as a lock taken as late as possible. When it fails, {@link #execute} returns
   * {@link #REFUSED} with everything written all the same: the caller must roll back.
   */
  public GuardedChange requiring(String condition, Map<String, ?> params) {
    requirement = condition;
    addAll(params);
    return this;
  }

  /** One namespace for all parts: a name used twice would silently bind one value to both. */
  private void addAll(Map<String, ?> more) {
    for (String name : more.keySet()) {
      if (params.containsKey(name)) {
        throw new IllegalArgumentException("Parameter :" + name + " is used by two parts");
      }
    }
    params.putAll(more);
  }

  /** Runs the statement; returns the number of rows the change wrote, or {@link #REFUSED}. */
  public int execute(JdbcClient jdbc) {
    Template template = template();
    Object[] values =
        NamedParameterUtils.buildValueArray(
            template.named(), new MapSqlParameterSource(params), null);
    int rows =
        jdbc.sql(template.positional()).params(values).query((row, n) -> row.getInt(1)).single();
    if (published != null && rows > 0) {
      published.queued();
    }
    return rows;
  }

  private Template template() {
    Shape shape =
        new Shape(
            change,
            List.copyOf(dependents),
            published == null ? null : published.insert(),
            notifies,
            published != null && published.isQuiet(),
            requirement);
    Template template = TEMPLATES.get(shape);
    if (template == null) {
      template = Template.of(sql());
      if (TEMPLATES.size() < MAX_TEMPLATES) {
        TEMPLATES.putIfAbsent(shape, template);
      }
    }
    return template;
  }

  String sql() {
    StringBuilder sql = new StringBuilder("with changed as (").append(change).append(')');
    for (int i = 0; i < dependents.size(); i++) {
      sql.append(", dependent_").append(i).append(" as (").append(dependents.get(i)).append(')');
    }
    if (published != null) {
      sql.append(", published as (")
          .append(published.insert())
          .append(" where exists (select 1 from changed))");
    }
    // Data-modifying CTEs run to completion whether or not the query reads them. The NOTIFY is a
    // scalar subquery gated by the same condition (a pg_notify in the select list of
    // "select count(*) ... from changed" would run even when nothing changed).
    if (requirement == null) {
      sql.append(" select (select count(*) from changed)::int");
    } else {
      // A CASE evaluates its branches in order: the requirement only after the change ran.
      sql.append(" select case when (select count(*) from changed) = 0 then 0 when (")
          .append(requirement)
          .append(") then (select count(*) from changed)::int else ")
          .append(REFUSED)
          .append(" end");
    }
    if (notifies) {
      sql.append(", (select pg_notify(:notify_channel, '') where exists (select 1 from changed))");
    }
    if (published != null && published.isQuiet()) {
      // The select list is evaluated before the statement's after-triggers fire (at its end), so
      // the outbox's NOTIFY trigger already sees the setting.
      sql.append(", ").append(OutboxRows.QUIET);
    }
    return sql.toString();
  }
}
