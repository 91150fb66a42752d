package dev.pilot.execution.execution;

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
  String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  boolean active() {
    return this == RUNNING || this == WAITING_APPROVAL || this == PAUSED;
  }

  static ExecutionStatus fromWire(String wire) {
    return valueOf(wire.toUpperCase(Locale.ROOT));
  }

  static Optional<ExecutionStatus> parse(String wire) {
    return Arrays.stream(values()).filter(s -> s.wire().equals(wire)).findFirst();
  }
}
