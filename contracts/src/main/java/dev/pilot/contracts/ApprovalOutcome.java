package dev.pilot.contracts;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How an approval request ended. */
public enum ApprovalOutcome {
  @JsonProperty("approved")
  APPROVED,
  @JsonProperty("rejected")
  REJECTED,
  @JsonProperty("timeout")
  TIMEOUT,
  @JsonProperty("cancelled")
  CANCELLED
}
