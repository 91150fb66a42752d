package dev.pilot.approval.response;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.UUID;

/** What became of one approval of a bulk response. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record BulkOutcome(UUID approvalId, Result result, String message, ApprovalView approval) {

  enum Result {
    @JsonProperty("answered")
    ANSWERED,
    @JsonProperty("forbidden")
    FORBIDDEN,
    @JsonProperty("not_found")
    NOT_FOUND,
    @JsonProperty("conflict")
    CONFLICT
  }
}
