package dev.pilot.execution;

import dev.pilot.contracts.Topics;
import dev.pilot.testsupport.TopicRecorder;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * What reached the execution-events topic, recorded once for the whole JVM as another team's
 * consumer would see it. Tests look only at their own execution ids.
 */
public final class Recorded {

  private static volatile TopicRecorder recorder;

  private Recorded() {}

  /** Starts recording (once); call before the first execution of a test class starts. */
  public static synchronized void start() {
    if (recorder == null) {
      recorder = TopicRecorder.open(Topics.EXECUTION_EVENTS);
    }
  }

  public static List<JsonNode> events(Object executionId) {
    start();
    return recorder.valuesFor(executionId).stream().map(Api.JSON::readTree).toList();
  }

  public static List<String> types(Object executionId) {
    return events(executionId).stream().map(e -> e.path("event_type").asString()).toList();
  }

  public static List<JsonNode> ofType(Object executionId, String type) {
    return events(executionId).stream()
        .filter(e -> type.equals(e.path("event_type").asString()))
        .toList();
  }
}
