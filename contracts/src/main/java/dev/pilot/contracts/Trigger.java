package dev.pilot.contracts;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What started an execution. */
public enum Trigger {
  @JsonProperty("manual")
  MANUAL,
  @JsonProperty("schedule")
  SCHEDULE
}
