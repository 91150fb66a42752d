package dev.pilot.approval;

import dev.pilot.contracts.Topics;
import dev.pilot.testsupport.TopicRecorder;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * What approval-events carried for one execution, read as another team's consumer would. One
 * recorder serves every test of the JVM; it is opened on first use, which must come after a service
 * context declared the topic with all its partitions.
 */
public final class ApprovalEventsRecorded {

  private static TopicRecorder recorder;

  private ApprovalEventsRecorded() {}

  /** Starts recording now if nothing did yet; call it before the events a test waits for. */
  public static synchronized TopicRecorder recorder() {
    if (recorder == null) {
      recorder = TopicRecorder.open(Topics.APPROVAL_EVENTS);
    }
    return recorder;
  }

  public static List<JsonNode> of(UUID executionId) {
    return recorder().valuesFor(executionId).stream().map(Api::parse).toList();
  }

  public static List<JsonNode> ofType(UUID executionId, String type) {
    return of(executionId).stream()
        .filter(e -> type.equals(e.path("event_type").asString()))
        .toList();
  }
}
