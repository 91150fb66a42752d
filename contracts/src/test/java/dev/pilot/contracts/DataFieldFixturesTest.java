package dev.pilot.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.pilot.contracts.approval.ApprovalEvent;
import dev.pilot.contracts.approval.ApprovalResolved;
import dev.pilot.contracts.approval.ApprovalResponseRecorded;
import dev.pilot.contracts.execution.ApprovalRequested;
import dev.pilot.contracts.execution.ExecutionEvent;
import dev.pilot.contracts.execution.StepCompleted;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Events carrying the data fields added within v1 (step outputs, proposals, revisions) validate,
 * read back unchanged, and read as plain v1 events to a consumer that strips what it does not know.
 * The events as first published stay in {@code fixtures/v1} and must keep working too.
 */
class DataFieldFixturesTest {

  private static final String FOLDER = "fixtures/v1-data";

  private final JsonMapper mapper = JsonMapper.builder().build();

  @ParameterizedTest
  @ValueSource(
      strings = {
        "StepCompleted",
        "ApprovalRequested",
        "ApprovalResponseRecorded",
        "ApprovalResolved"
      })
  void eventWithDataFieldsIsValidAndReadsBackUnchanged(String eventType) {
    JsonNode fixture = mapper.readTree(bytes(eventType));
    Class<? extends PilotEvent> topic =
        eventType.startsWith("ApprovalRes") ? ApprovalEvent.class : ExecutionEvent.class;

    assertThat(ContractSchemas.violations(eventType, fixture)).isEmpty();
    PilotEvent event = mapper.treeToValue(fixture, topic);
    assertThat(mapper.readTree(mapper.writeValueAsString(event))).isEqualTo(fixture);
  }

  @Test
  void stepOutputKeepsItsJsonShape() {
    StepCompleted completed = (StepCompleted) read("StepCompleted", ExecutionEvent.class);

    assertThat(completed.output()).isInstanceOf(Map.class);
    assertThat(mapper.valueToTree(completed.output()).at("/body/invoices/1/amount").asInt())
        .isEqualTo(8900);
  }

  @Test
  void approvalRequestCarriesProposalEditabilityAndSchema() {
    ApprovalRequested requested =
        (ApprovalRequested) read("ApprovalRequested", ExecutionEvent.class);

    assertThat(mapper.valueToTree(requested.proposal()).at("/total").asDouble()).isEqualTo(10100.5);
    assertThat(requested.editable()).isTrue();
    assertThat(mapper.valueToTree(requested.proposalSchema()).at("/required/0").asString())
        .isEqualTo("payments");
  }

  @Test
  void resolutionCarriesTheApprovedRevisionAndMarksDismissedAnswers() {
    ApprovalResolved resolved = (ApprovalResolved) read("ApprovalResolved", ApprovalEvent.class);
    ApprovalResponseRecorded recorded =
        (ApprovalResponseRecorded) read("ApprovalResponseRecorded", ApprovalEvent.class);

    assertThat(resolved.revision()).isEqualTo(2);
    assertThat(mapper.valueToTree(resolved.proposal()).at("/payments").size()).isEqualTo(1);
    assertThat(resolved.responses())
        .extracting(
            ApprovalResolved.Response::approver,
            ApprovalResolved.Response::revision,
            ApprovalResolved.Response::dismissed)
        .containsExactly(tuple("bob", 1, true), tuple("dave", 2, false), tuple("carol", 2, false));
    assertThat(recorded.revision()).isEqualTo(2);
  }

  @ParameterizedTest
  @ValueSource(strings = {"StepCompleted", "ApprovalRequested", "ApprovalResolved"})
  void withoutTheDataFieldsTheEventIsAPlainV1Event(String eventType) {
    ObjectNode event = (ObjectNode) mapper.readTree(bytes(eventType));
    event.remove(List.of("output", "proposal", "editable", "proposal_schema", "revision"));
    event.path("responses").forEach(r -> ((ObjectNode) r).remove(List.of("revision", "dismissed")));

    assertThat(ContractSchemas.violations(eventType, event)).isEmpty();
  }

  private PilotEvent read(String eventType, Class<? extends PilotEvent> topic) {
    return mapper.readValue(bytes(eventType), topic);
  }

  private static byte[] bytes(String eventType) {
    try (InputStream in = ContractSchemas.resource(FOLDER + "/" + eventType + ".json")) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
