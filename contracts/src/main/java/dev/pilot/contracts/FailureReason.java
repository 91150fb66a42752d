package dev.pilot.contracts;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Why an execution failed. */
public enum FailureReason {
  /** An action step failed after its retries. */
  @JsonProperty("step_error")
  STEP_ERROR,
  /** An approval step was rejected. */
  @JsonProperty("rejected")
  REJECTED,
  /** An approval step expired before enough approvers answered. */
  @JsonProperty("timeout")
  TIMEOUT
}
