package dev.pilot.approval.notify;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.pilot.contracts.Decision;
import java.time.Instant;
import java.util.UUID;

/**
 * What a signed link allows: {@code approver} may give {@code decision} to revision {@code
 * revision} of approval {@code approvalId}, once (token {@code tokenId}), until {@code expiresAt}.
 * Short property names keep links short.
 */
public record LinkClaims(
    @JsonProperty("t") UUID tokenId,
    @JsonProperty("a") UUID approvalId,
    @JsonProperty("u") String approver,
    @JsonProperty("r") int revision,
    @JsonProperty("d") Decision decision,
    @JsonProperty("e") Instant expiresAt) {

  public boolean isExpiredAt(Instant now) {
    return !now.isBefore(expiresAt);
  }
}
