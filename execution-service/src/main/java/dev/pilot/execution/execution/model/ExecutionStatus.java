package dev.pilot.execution.execution.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Where an execution stands. */
public enum ExecutionStatus {
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

  /** The name stored in the database and shown by the API. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean active() {
    return this == RUNNING || this == WAITING_APPROVAL || this == PAUSED;
  }

  public static ExecutionStatus fromWire(String wire) {
    return valueOf(wire.toUpperCase(Locale.ROOT));
  }

  public static Optional<ExecutionStatus> parse(String wire) {
    return Arrays.stream(values()).filter(s -> s.wire().equals(wire)).findFirst();
  }
}
