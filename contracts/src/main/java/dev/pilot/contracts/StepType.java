package dev.pilot.contracts;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A pilot step either does work or waits for people. */
public enum StepType {
  @JsonProperty("action")
  ACTION,
  @JsonProperty("approval")
  APPROVAL
}
