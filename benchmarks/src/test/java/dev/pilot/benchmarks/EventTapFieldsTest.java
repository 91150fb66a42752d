package dev.pilot.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class EventTapFieldsTest {

  /** The contract's example of every event type (contracts' own test fixtures). */
  private static final Path EXAMPLES =
      Path.of("..", "contracts", "src", "test", "resources", "fixtures", "v1");

  @Test
  void theTapReadsTheSameFieldsAsAWholeJsonReadFromEveryPublishedEventType() throws IOException {
    List<Path> examples;
    try (Stream<Path> files = Files.list(EXAMPLES)) {
      examples = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
    }
    assertThat(examples).hasSizeGreaterThanOrEqualTo(13);
    JsonMapper json = JsonMapper.builder().build();
    for (Path example : examples) {
      byte[] bytes = Files.readAllBytes(example);
      JsonNode tree = json.readTree(bytes);

      EventTap.Fields fields = EventTap.Fields.of(bytes);

      assertThat(fields.execution())
          .as(example.toString())
          .isEqualTo(UUID.fromString(tree.get("execution_id").asString()));
      assertThat(fields.type()).isEqualTo(tree.get("event_type").asString());
      assertThat(fields.stepId())
          .isEqualTo(tree.has("step_id") ? tree.get("step_id").asString() : null);
      assertThat(fields.completed())
          .isEqualTo(tree.has("completed_steps") ? tree.get("completed_steps").size() : -1);
      assertThat(fields.occurredAtMillis())
          .isEqualTo(Instant.parse(tree.get("occurred_at").asString()).toEpochMilli());
      assertThat(fields.approvalId())
          .isEqualTo(tree.has("approval_id") ? tree.get("approval_id").asString() : null);
    }
  }

  @Test
  void nestedFieldsDoNotStandInForTheEventsOwn() {
    String event =
        """
        {"context": {"execution_id": "00000000-0000-0000-0000-000000000001",
                     "completed_steps": ["a", "b", "c"], "step_id": "nested"},
         "event_type": "StepCompleted", "occurred_at": "2026-03-14T09:30:01.310Z",
         "execution_id": "7c9e6679-7425-40de-944b-e07fc1f90ae7", "step_id": "own",
         "completed_steps": [{"id": "own", "tags": ["x", "y"]}]}
        """;

    EventTap.Fields fields = EventTap.Fields.of(event.getBytes());

    assertThat(fields.execution())
        .isEqualTo(UUID.fromString("7c9e6679-7425-40de-944b-e07fc1f90ae7"));
    assertThat(fields.stepId()).isEqualTo("own");
    assertThat(fields.completed()).isEqualTo(1);
  }

  @Test
  void anEventWithoutItsExecutionIsRejectedRatherThanCountedForNoRun() {
    assertThatThrownBy(
            () ->
                EventTap.Fields.of(
                    "{\"event_type\":\"StepStarted\",\"occurred_at\":\"2026-03-14T09:30:01Z\"}"
                        .getBytes()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
