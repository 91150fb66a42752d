package dev.pilot.contracts;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How approver responses combine into an outcome. */
public enum ApprovalType {
  @JsonProperty("any")
  ANY,
  @JsonProperty("all")
  ALL,
  @JsonProperty("majority")
  MAJORITY
}
