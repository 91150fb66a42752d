package dev.pilot.approval.request;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.pilot.contracts.ApprovalOutcome;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Where an approval request stands; every status but pending is final. */
public enum ApprovalStatus {
  @JsonProperty("pending")
  PENDING,
  @JsonProperty("approved")
  APPROVED,
  @JsonProperty("rejected")
  REJECTED,
  @JsonProperty("timeout")
  TIMEOUT,
  @JsonProperty("cancelled")
  CANCELLED;

  /** The value stored in the database and shown in the API. */
  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<ApprovalStatus> parse(String value) {
    return Arrays.stream(values()).filter(s -> s.value().equals(value)).findFirst();
  }

  static ApprovalStatus of(ApprovalOutcome outcome) {
    return valueOf(outcome.name());
  }
}
