package dev.pilot.dashboard.running;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Where a run stands on the dashboard: the one owner of which statuses are active (shown among
 * running executions) and of their names in JSON and in the database. {@code unknown}: only
 * approval events of the run have arrived so far.
 */
public enum RunStatus {
  @JsonProperty("unknown")
  UNKNOWN,
  @JsonProperty("running")
  RUNNING,
  @JsonProperty("waiting_approval")
  WAITING_APPROVAL,
  @JsonProperty("paused")
  PAUSED,
  @JsonProperty("completed")
  COMPLETED,
  @JsonProperty("failed")
  FAILED,
  @JsonProperty("cancelled")
  CANCELLED;

  /** Shown among the running executions of its owner (and of its approvers while they must act). */
  public boolean isActive() {
    return this == RUNNING || this == WAITING_APPROVAL || this == PAUSED;
  }

  /** Ended for good: shown in recent activity. */
  public boolean isFinished() {
    return this == COMPLETED || this == FAILED || this == CANCELLED;
  }

  /** The name in JSON and in the {@code status} column. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static RunStatus fromWire(String wire) {
    return valueOf(wire.toUpperCase(Locale.ROOT));
  }

  /** {@code 'running', 'waiting_approval', 'paused'}: for SQL that selects active runs. */
  static String activeSqlList() {
    return sqlList(true);
  }

  /** {@code 'completed', 'failed', 'cancelled'}. */
  public static String finishedSqlList() {
    return sqlList(false);
  }

  private static String sqlList(boolean active) {
    return Arrays.stream(values())
        .filter(s -> active ? s.isActive() : s.isFinished())
        .map(s -> "'" + s.wire() + "'")
        .collect(Collectors.joining(", "));
  }
}
