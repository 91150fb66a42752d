package dev.pilot.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pilot.contracts.approval.ApprovalEscalated;
import dev.pilot.contracts.approval.ApprovalEvent;
import dev.pilot.contracts.approval.ApprovalReminderSent;
import dev.pilot.contracts.approval.ApprovalResolved;
import dev.pilot.contracts.execution.ApprovalRequested;
import dev.pilot.contracts.execution.ExecutionEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Approver groups and the approval policy (issue 15), added within v1: a request with groups,
 * reminders, an escalation and an on_timeout validates and reads back unchanged; without those
 * fields it is a plain v1 request; the new approval-events types are ones an older consumer skips.
 */
class ApprovalPolicyFixturesTest {

  private static final String FOLDER = "fixtures/v1-policy";

  private final JsonMapper mapper = JsonMapper.builder().build();

  @ParameterizedTest
  @ValueSource(strings = {"ApprovalRequested", "ApprovalResolved"})
  void eventWithPolicyFieldsIsValidAndReadsBackUnchanged(String eventType) {
    JsonNode fixture = mapper.readTree(bytes(eventType));
    Class<? extends PilotEvent> topic =
        eventType.equals("ApprovalResolved") ? ApprovalEvent.class : ExecutionEvent.class;

    assertThat(ContractSchemas.violations(eventType, fixture)).isEmpty();
    PilotEvent event = mapper.treeToValue(fixture, topic);
    assertThat(mapper.readTree(mapper.writeValueAsString(event))).isEqualTo(fixture);
  }

  @Test
  void requestRecordsTheGroupsMembersRemindersEscalationAndTimeoutOutcome() {
    ApprovalRequested requested =
        mapper.readValue(bytes("ApprovalRequested"), ApprovalRequested.class);

    assertThat(requested.approvers()).containsExactly("bob", "carol", "dave");
    assertThat(requested.approverGroups())
        .containsExactly(new GroupMembers("release-managers", List.of("bob", "carol", "dave")));
    assertThat(requested.remindAt()).hasSize(2).allMatch(at -> at.isBefore(requested.expiresAt()));
    assertThat(requested.escalation().at()).isEqualTo(Instant.parse("2026-03-14T13:30:01.352Z"));
    assertThat(requested.escalation().approvers()).containsExactly("erin", "frank");
    assertThat(requested.timeoutOutcome()).isEqualTo(TimeoutOutcome.REJECT);
  }

  @Test
  void aRequestWithoutAPolicyFailsOnTimeoutAsBefore() {
    ApprovalRequested plain =
        (ApprovalRequested)
            mapper.readValue(Fixtures.bytes("ApprovalRequested"), ExecutionEvent.class);

    assertThat(plain.approverGroups()).isNull();
    assertThat(plain.timeoutOutcome()).isEqualTo(TimeoutOutcome.FAIL);
  }

  @Test
  void aResolutionDecidedByTheTimeoutSaysSo() {
    ApprovalResolved resolved = mapper.readValue(bytes("ApprovalResolved"), ApprovalResolved.class);
    ApprovalResolved answered =
        (ApprovalResolved)
            mapper.readValue(Fixtures.bytes("ApprovalResolved"), ApprovalEvent.class);

    assertThat(resolved.outcome()).isEqualTo(ApprovalOutcome.REJECTED);
    assertThat(resolved.decidedByTimeout()).isTrue();
    assertThat(answered.decidedByTimeout()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"ApprovalRequested", "ApprovalResolved"})
  void withoutThePolicyFieldsTheEventIsAPlainV1Event(String eventType) {
    ObjectNode event = (ObjectNode) mapper.readTree(bytes(eventType));
    event.remove(List.of("approver_groups", "remind_at", "escalation", "on_timeout", "timed_out"));

    assertThat(ContractSchemas.violations(eventType, event)).isEmpty();
  }

  @Test
  void reminderAndEscalationFixturesReadAsTheirTypes() {
    assertThat(mapper.readValue(Fixtures.bytes("ApprovalReminderSent"), ApprovalEvent.class))
        .isInstanceOfSatisfying(
            ApprovalReminderSent.class, r -> assertThat(r.reminded()).contains("carol"));
    assertThat(mapper.readValue(Fixtures.bytes("ApprovalEscalated"), ApprovalEvent.class))
        .isInstanceOfSatisfying(
            ApprovalEscalated.class, e -> assertThat(e.totalApprovers()).isEqualTo(5));
  }

  private static byte[] bytes(String eventType) {
    try (InputStream in = ContractSchemas.resource(FOLDER + "/" + eventType + ".json")) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
