package dev.pilot.contracts;

import com.fasterxml.jackson.annotation.JsonProperty;

/** One approver's answer. */
public enum Decision {
  @JsonProperty("approve")
  APPROVE,
  @JsonProperty("reject")
  REJECT
}
