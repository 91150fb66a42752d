package dev.pilot.contracts;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What an approval step's {@code on_timeout} makes of a request nobody decided before it expired:
 * {@code fail} resolves it with outcome {@code timeout} (the run fails, as before the policy
 * existed); {@code reject} and {@code approve} resolve it as rejected or approved.
 */
public enum TimeoutOutcome {
  @JsonProperty("fail")
  FAIL,
  @JsonProperty("reject")
  REJECT,
  @JsonProperty("approve")
  APPROVE
}
