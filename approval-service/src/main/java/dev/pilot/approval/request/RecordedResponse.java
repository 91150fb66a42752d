package dev.pilot.approval.request;

import dev.pilot.contracts.Decision;
import java.time.Instant;

/**
 * One approver's stored answer, to proposal revision {@code revision} (1 when the approval has no
 * proposal). A dismissed answer was given to a revision that was amended since: kept, not counted.
 */
public record RecordedResponse(
    String approver,
    Decision decision,
    String comment,
    Instant respondedAt,
    int revision,
    boolean dismissed) {

  RecordedResponse asDismissed() {
    return new RecordedResponse(approver, decision, comment, respondedAt, revision, true);
  }
}
