package dev.pilot.contracts;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Whether an agent is run by hand or by its cron schedule. */
public enum ExecutionMode {
  @JsonProperty("manual")
  MANUAL,
  @JsonProperty("scheduled")
  SCHEDULED
}
