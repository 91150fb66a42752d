package dev.pilot.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.pilot.contracts.approval.ApprovalEvent;
import dev.pilot.contracts.approval.ApprovalResolved;
import dev.pilot.contracts.execution.ApprovalContext;
import dev.pilot.contracts.execution.ApprovalRequested;
import dev.pilot.contracts.execution.ExecutionEvent;
import dev.pilot.contracts.execution.ExecutionFailed;
import dev.pilot.contracts.execution.ExecutionStarted;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Events as they were published in v1 stay valid and readable: a schema or record change that would
 * break an existing producer's or consumer's data fails here.
 */
class StoredFixturesTest {

  private static final UUID EXECUTION = UUID.fromString("7c9e6679-7425-40de-944b-e07fc1f90ae7");

  private final JsonMapper mapper = JsonMapper.builder().build();

  static Iterable<EventTypes> eventTypes() {
    return EventTypes.all();
  }

  @Test
  void everyEventTypeHasAStoredV1FixtureAndNoFixtureIsStale() {
    assertThat(Fixtures.fileNames())
        .containsExactlyInAnyOrderElementsOf(
            EventTypes.all().stream().map(t -> t.name() + ".json").collect(Collectors.toSet()));
  }

  @ParameterizedTest
  @MethodSource("eventTypes")
  void storedFixtureIsValidAgainstItsSchema(EventTypes eventType) {
    JsonNode fixture = mapper.readTree(Fixtures.bytes(eventType.name()));

    assertThat(ContractSchemas.violations(eventType.name(), fixture)).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("eventTypes")
  void storedFixtureDeserialisesIntoItsRecordWithEveryValueKept(EventTypes eventType) {
    byte[] fixture = Fixtures.bytes(eventType.name());

    PilotEvent event = mapper.readValue(fixture, eventType.topicType());

    assertThat(event).isExactlyInstanceOf(eventType.type());
    assertThat(withoutNulls(mapper.readTree(mapper.writeValueAsString(event))))
        .as("written back, the record gives the stored JSON again (absent and null alike)")
        .isEqualTo(mapper.readTree(fixture));
  }

  @Test
  void storedExecutionStartedCarriesTheAgentAndItsStepSnapshot() {
    ExecutionStarted started = read("ExecutionStarted", ExecutionEvent.class);

    assertThat(started.eventId())
        .isEqualTo(UUID.fromString("0b6f3c1e-2a4d-4f7b-9c8e-1d2f3a4b5c01"));
    assertThat(started.occurredAt()).isEqualTo(Instant.parse("2026-03-14T09:30:00Z"));
    assertThat(started.executionId()).isEqualTo(EXECUTION);
    assertThat(started.sequence()).isEqualTo(1);
    assertThat(started.agentName()).isEqualTo("Weekly supplier payouts");
    assertThat(started.owner()).isEqualTo("alice");
    assertThat(started.mode()).isEqualTo(ExecutionMode.MANUAL);
    assertThat(started.trigger()).isEqualTo(Trigger.MANUAL);
    assertThat(started.pilotSteps())
        .containsExactly(
            new PilotStepSummary("fetch-invoices", "Fetch approved invoices", StepType.ACTION),
            new PilotStepSummary(
                "review-payout", "Finance reviews the payout batch", StepType.APPROVAL),
            new PilotStepSummary("send-payments", "Send payments to the bank", StepType.ACTION),
            new PilotStepSummary("notify-suppliers", "Email remittance advice", StepType.ACTION));
  }

  @Test
  void storedApprovalRequestedCarriesApproversRuleDeadlineAndContext() {
    ApprovalRequested requested = read("ApprovalRequested", ExecutionEvent.class);

    assertThat(requested.approvalId())
        .isEqualTo(UUID.fromString("5f1d7a22-8b3c-4e9d-a0f1-2b3c4d5e6f70"));
    assertThat(requested.approvers()).containsExactly("bob", "carol", "dave");
    assertThat(requested.approvalType()).isEqualTo(ApprovalType.MAJORITY);
    assertThat(requested.expiresAt()).isEqualTo(Instant.parse("2026-03-15T09:30:01.352Z"));
    assertThat(requested.preventSelfApproval()).isTrue();
    assertThat(requested.stepOrder()).isEqualTo(2);
    assertThat(requested.totalSteps()).isEqualTo(4);
    assertThat(requested.context().executionStartedAt())
        .isEqualTo(Instant.parse("2026-03-14T09:30:00Z"));
    assertThat(requested.context().pilotSteps())
        .extracting(ApprovalContext.Step::id, ApprovalContext.Step::status)
        .containsExactly(
            tuple("fetch-invoices", StepStatus.COMPLETED),
            tuple("review-payout", StepStatus.WAITING_APPROVAL),
            tuple("send-payments", StepStatus.PENDING),
            tuple("notify-suppliers", StepStatus.PENDING));
  }

  @Test
  void storedApprovalResolvedCarriesOutcomeTallyAndEveryResponse() {
    ApprovalResolved resolved = read("ApprovalResolved", ApprovalEvent.class);

    assertThat(resolved.outcome()).isEqualTo(ApprovalOutcome.APPROVED);
    assertThat(resolved.approvals()).isEqualTo(2);
    assertThat(resolved.rejections()).isEqualTo(1);
    assertThat(resolved.totalApprovers()).isEqualTo(3);
    assertThat(resolved.responses())
        .containsExactly(
            new ApprovalResolved.Response(
                "bob",
                Decision.APPROVE,
                "Totals match the ledger.",
                Instant.parse("2026-03-14T09:52:10.671Z")),
            new ApprovalResolved.Response(
                "dave",
                Decision.REJECT,
                "One invoice lacks a PO number.",
                Instant.parse("2026-03-14T09:55:03.200Z")),
            new ApprovalResolved.Response(
                "carol", Decision.APPROVE, null, Instant.parse("2026-03-14T09:58:45.009Z")));
  }

  @Test
  void storedRejectionFailureOmitsTheErrorItDoesNotHave() {
    ExecutionFailed failed = read("ExecutionFailed", ExecutionEvent.class);

    assertThat(failed.reason()).isEqualTo(FailureReason.REJECTED);
    assertThat(failed.stepId()).isEqualTo("review-payout");
    assertThat(failed.error()).isNull();
  }

  @ParameterizedTest
  @MethodSource("eventTypes")
  void aV1EventWithFieldsAddedLaterStaysValidAndReadable(EventTypes eventType) {
    ObjectNode newer = (ObjectNode) mapper.readTree(Fixtures.bytes(eventType.name()));
    newer.put("added_in_a_later_v1_release", "consumers ignore me");
    newer.putObject("another_new_field").put("nested", 1);

    assertThat(ContractSchemas.violations(eventType.name(), newer)).isEmpty();
    assertThat(mapper.treeToValue(newer, eventType.topicType()))
        .isEqualTo(mapper.readValue(Fixtures.bytes(eventType.name()), eventType.topicType()));
  }

  @Test
  void schemasRejectEventsThatBreakTheEnvelope() {
    assertThat(violationsAfter("event_id", "not-a-uuid")).isNotEmpty();
    assertThat(violationsAfter("occurred_at", "2026-13-45T09:30:00Z")).isNotEmpty();
    assertThat(violationsAfter("occurred_at", "2026-03-14T10:30:00+01:00"))
        .as("timestamps are UTC")
        .isNotEmpty();
    assertThat(violationsAfter("event_type", "StepCompleted")).isNotEmpty();
    ObjectNode withoutSequence = (ObjectNode) mapper.readTree(Fixtures.bytes("StepStarted"));
    withoutSequence.remove("sequence");
    assertThat(ContractSchemas.violations("StepStarted", withoutSequence)).isNotEmpty();
    ObjectNode version2 = (ObjectNode) mapper.readTree(Fixtures.bytes("StepStarted"));
    version2.put("schema_version", 2);
    assertThat(ContractSchemas.violations("StepStarted", version2)).isNotEmpty();
  }

  private List<String> violationsAfter(String field, String value) {
    ObjectNode event = (ObjectNode) mapper.readTree(Fixtures.bytes("StepStarted"));
    event.put(field, value);
    return ContractSchemas.violations("StepStarted", event);
  }

  /** Nested records write empty optional fields as null; to a reader that is the same as absent. */
  private static JsonNode withoutNulls(JsonNode node) {
    if (node instanceof ObjectNode object) {
      List<String> nulls =
          object.propertyStream().filter(p -> p.getValue().isNull()).map(p -> p.getKey()).toList();
      object.remove(nulls);
    }
    node.values().forEach(StoredFixturesTest::withoutNulls);
    return node;
  }

  @SuppressWarnings("unchecked")
  private <T> T read(String eventType, Class<? extends PilotEvent> topicType) {
    return (T) mapper.readValue(Fixtures.bytes(eventType), topicType);
  }
}
