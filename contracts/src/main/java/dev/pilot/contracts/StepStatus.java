package dev.pilot.contracts;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where one pilot step stands within an execution. */
public enum StepStatus {
  @JsonProperty("pending")
  PENDING,
  @JsonProperty("running")
  RUNNING,
  @JsonProperty("waiting_approval")
  WAITING_APPROVAL,
  @JsonProperty("completed")
  COMPLETED,
  @JsonProperty("failed")
  FAILED,
  @JsonProperty("skipped")
  SKIPPED
}
