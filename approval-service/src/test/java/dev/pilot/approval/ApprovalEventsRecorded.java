package dev.pilot.approval;

import dev.pilot.testsupport.TopicRecorder;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** Reads what approval-events carried for one execution. */
public final class ApprovalEventsRecorded {

  private ApprovalEventsRecorded() {}

  public static List<JsonNode> of(TopicRecorder recorder, UUID executionId) {
    return recorder.valuesFor(executionId).stream().map(Api::parse).toList();
  }

  public static List<JsonNode> ofType(TopicRecorder recorder, UUID executionId, String type) {
    return of(recorder, executionId).stream()
        .filter(e -> type.equals(e.path("event_type").asString()))
        .toList();
  }

  public static List<Long> sequences(TopicRecorder recorder, UUID executionId) {
    return of(recorder, executionId).stream().map(e -> e.path("sequence").asLong()).toList();
  }
}
