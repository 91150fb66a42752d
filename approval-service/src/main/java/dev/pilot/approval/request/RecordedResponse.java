package dev.pilot.approval.request;

import dev.pilot.contracts.Decision;
import java.time.Instant;

/** One approver's stored answer. */
public record RecordedResponse(
    String approver, Decision decision, String comment, Instant respondedAt) {}
