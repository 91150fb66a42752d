package dev.pilot.execution.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.pilot.contracts.ApprovalType;
import dev.pilot.contracts.ExecutionMode;
import dev.pilot.contracts.StepType;
import dev.pilot.execution.steps.StepInvocation;
import dev.pilot.execution.steps.StepKind;
import dev.pilot.execution.steps.StepKinds;
import dev.pilot.platform.web.InvalidRequestException;
import dev.pilot.platform.web.Violation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/** Every rule of an agent definition, without Spring: each broken rule names its field. */
class AgentValidatorTest {

  /** A step kind that needs {@code duration_ms}, as the real delay kind does. */
  record Kind(String name, boolean needsDuration) implements StepKind {
    @Override
    public List<Violation> validate(String path, Map<String, Object> params) {
      return needsDuration && (params == null || !params.containsKey("duration_ms"))
          ? List.of(new Violation(path + ".duration_ms", "is required"))
          : List.of();
    }

    @Override
    public JsonNode run(StepInvocation invocation) {
      return null;
    }
  }

  final AgentValidator validator =
      new AgentValidator(new StepKinds(List.of(new Kind("log", false), new Kind("delay", true))));

  static AgentRequest.Step log(String id) {
    return new AgentRequest.Step(
        id, "Log " + id, "action", new AgentRequest.Action("log", Map.of()), null, null);
  }

  static AgentRequest.Step approval(String id, String type, String timeout, String... approvers) {
    return new AgentRequest.Step(
        id,
        "Approve " + id,
        "approval",
        null,
        null,
        new AgentRequest.Approval(
            List.of(approvers), type, timeout, "why", null, null, null, null, null));
  }

  static AgentRequest manual(AgentRequest.Step... steps) {
    return new AgentRequest("agent", null, "manual", null, null, List.of(steps), null, null);
  }

  static AgentRequest scheduled(String cron, String zone, AgentRequest.Step... steps) {
    return new AgentRequest("agent", null, "scheduled", cron, zone, List.of(steps), null, null);
  }

  static AgentRequest.Step retried(Integer maxAttempts, String backoff) {
    return new AgentRequest.Step(
        "r",
        "Retried",
        "action",
        new AgentRequest.Action("log", Map.of()),
        new AgentRequest.Retry(maxAttempts, backoff),
        null);
  }

  static Stream<Arguments> brokenRules() {
    AgentRequest.Step untyped = new AgentRequest.Step("u", "U", "wait", null, null, null);
    AgentRequest.Step nullStep = null;
    List<AgentRequest.Step> tooMany =
        Collections.nCopies(AgentValidator.MAX_STEPS + 1, log("same"));
    return Stream.of(
        Arguments.of(
            "blank name",
            new AgentRequest(" ", null, "manual", null, null, List.of(log("a")), null, null),
            List.of("name")),
        Arguments.of(
            "name too long",
            new AgentRequest(
                "n".repeat(201), null, "manual", null, null, List.of(log("a")), null, null),
            List.of("name")),
        Arguments.of(
            "no mode",
            new AgentRequest("agent", null, null, null, null, List.of(log("a")), null, null),
            List.of("mode")),
        Arguments.of(
            "unknown mode",
            new AgentRequest("agent", null, "sometimes", null, null, List.of(log("a")), null, null),
            List.of("mode")),
        Arguments.of(
            "unknown time zone",
            scheduled("*/5 * * * *", "Mars/Olympus", log("a")),
            List.of("timezone")),
        Arguments.of(
            "schedule on a manual agent",
            new AgentRequest(
                "agent", null, "manual", "*/5 * * * *", null, List.of(log("a")), null, null),
            List.of("schedule")),
        Arguments.of(
            "scheduled without schedule", scheduled(null, null, log("a")), List.of("schedule")),
        Arguments.of("bad cron", scheduled("every tuesday", null, log("a")), List.of("schedule")),
        Arguments.of("no steps", manual(), List.of("pilot_steps")),
        Arguments.of(
            "too many steps",
            new AgentRequest("agent", null, "manual", null, null, tooMany, null, null),
            List.of("pilot_steps")),
        Arguments.of(
            "a null step",
            new AgentRequest(
                "agent", null, "manual", null, null, java.util.Arrays.asList(nullStep), null, null),
            List.of("pilot_steps[0]")),
        Arguments.of(
            "missing id and title",
            manual(
                new AgentRequest.Step(
                    null, " ", "action", new AgentRequest.Action("log", Map.of()), null, null)),
            List.of("pilot_steps[0].id", "pilot_steps[0].title")),
        Arguments.of("duplicate ids", manual(log("a"), log("a")), List.of("pilot_steps[1].id")),
        Arguments.of("unknown type", manual(untyped), List.of("pilot_steps[0].type")),
        Arguments.of(
            "action without action",
            manual(new AgentRequest.Step("a", "A", "action", null, null, null)),
            List.of("pilot_steps[0].action")),
        Arguments.of(
            "action with an approval",
            manual(
                new AgentRequest.Step(
                    "a",
                    "A",
                    "action",
                    new AgentRequest.Action("log", Map.of()),
                    null,
                    new AgentRequest.Approval(
                        List.of("bob"), null, null, null, null, null, null, null, null))),
            List.of("pilot_steps[0].approval")),
        Arguments.of(
            "unknown kind",
            manual(
                new AgentRequest.Step(
                    "a", "A", "action", new AgentRequest.Action("teleport", Map.of()), null, null)),
            List.of("pilot_steps[0].action.kind")),
        Arguments.of(
            "the kind's own rule",
            manual(
                new AgentRequest.Step(
                    "a", "A", "action", new AgentRequest.Action("delay", Map.of()), null, null)),
            List.of("pilot_steps[0].action.params.duration_ms")),
        Arguments.of(
            "no attempts",
            manual(retried(null, null)),
            List.of("pilot_steps[0].retry.max_attempts")),
        Arguments.of(
            "zero attempts",
            manual(retried(0, null)),
            List.of("pilot_steps[0].retry.max_attempts")),
        Arguments.of(
            "too many attempts",
            manual(retried(AgentValidator.MAX_ATTEMPTS + 1, null)),
            List.of("pilot_steps[0].retry.max_attempts")),
        Arguments.of(
            "unparsable backoff",
            manual(retried(3, "soon")),
            List.of("pilot_steps[0].retry.backoff")),
        Arguments.of(
            "negative backoff",
            manual(retried(3, "-PT1S")),
            List.of("pilot_steps[0].retry.backoff")),
        Arguments.of(
            "approval without approval",
            manual(new AgentRequest.Step("a", "A", "approval", null, null, null)),
            List.of("pilot_steps[0].approval")),
        Arguments.of(
            "approval with an action and a retry",
            manual(
                new AgentRequest.Step(
                    "a",
                    "A",
                    "approval",
                    new AgentRequest.Action("log", Map.of()),
                    new AgentRequest.Retry(2, null),
                    new AgentRequest.Approval(
                        List.of("bob"), null, null, null, null, null, null, null, null))),
            List.of("pilot_steps[0].action", "pilot_steps[0].retry")),
        Arguments.of(
            "no approvers",
            manual(approval("a", null, null)),
            List.of("pilot_steps[0].approval.approvers")),
        Arguments.of(
            "a blank approver",
            manual(approval("a", null, null, "bob", " ")),
            List.of("pilot_steps[0].approval.approvers")),
        Arguments.of(
            "a repeated approver",
            manual(approval("a", null, null, "bob", "bob")),
            List.of("pilot_steps[0].approval.approvers")),
        Arguments.of(
            "unknown approval type",
            manual(approval("a", "most", null, "bob")),
            List.of("pilot_steps[0].approval.approval_type")),
        Arguments.of(
            "unparsable timeout",
            manual(approval("a", null, "1 hour", "bob")),
            List.of("pilot_steps[0].approval.timeout")),
        Arguments.of(
            "zero timeout",
            manual(approval("a", null, "PT0S", "bob")),
            List.of("pilot_steps[0].approval.timeout")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenRules")
  void aBrokenRuleIsReportedAtItsField(String why, AgentRequest request, List<String> fields) {
    InvalidRequestException refused =
        catchThrowableOfType(InvalidRequestException.class, () -> validator.validate(request));

    assertThat(refused).as(why).isNotNull();
    assertThat(refused.violations()).extracting(Violation::field).containsAll(fields);
  }

  @Test
  void everyBrokenRuleIsReportedAtOnce() {
    AgentRequest request =
        new AgentRequest(
            " ",
            null,
            "sometimes",
            null,
            "Mars/Olympus",
            List.of(log("a"), log("a"), approval("b", "most", "soon")),
            null,
            null);

    InvalidRequestException refused =
        catchThrowableOfType(InvalidRequestException.class, () -> validator.validate(request));

    assertThat(refused.violations())
        .extracting(Violation::field)
        .containsExactlyInAnyOrder(
            "name",
            "mode",
            "timezone",
            "pilot_steps[1].id",
            "pilot_steps[2].approval.approvers",
            "pilot_steps[2].approval.approval_type",
            "pilot_steps[2].approval.timeout");
  }

  @Test
  void aMissingBodyIsReportedAsTheBody() {
    assertThatThrownBy(() -> validator.validate(null))
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            e -> assertThat(e.violations()).extracting(Violation::field).containsExactly("body"));
  }

  @Test
  void aValidDefinitionGetsItsDefaults() {
    AgentRequest request =
        new AgentRequest(
            "  Nightly  ",
            "described",
            "manual",
            null,
            null,
            List.of(retried(3, null), approval("ok", null, null, "bob", "carol")),
            null,
            null);

    AgentDefinition definition = validator.validate(request);

    assertThat(definition.name()).isEqualTo("Nightly");
    assertThat(definition.mode()).isEqualTo(ExecutionMode.MANUAL);
    assertThat(definition.timezone()).isEqualTo("UTC");
    assertThat(definition.schedule()).isNull();
    PilotStep retried = definition.pilotSteps().get(0);
    assertThat(retried.type()).isEqualTo(StepType.ACTION);
    assertThat(retried.retry()).isEqualTo(new PilotStep.Retry(3, "PT1S"));
    PilotStep.Approval approval = definition.pilotSteps().get(1).approval();
    assertThat(approval.approvalType()).isEqualTo(ApprovalType.ANY);
    assertThat(approval.timeout()).isEqualTo("PT24H");
    assertThat(approval.approvers()).containsExactly("bob", "carol");
    assertThat(approval.preventSelfApproval()).as("separation of duties by default").isTrue();
  }

  @Test
  void aScheduledDefinitionKeepsItsCronAndTimeZone() {
    AgentDefinition definition =
        validator.validate(scheduled("0 9 * * 1-5", "Europe/Zurich", log("a")));

    assertThat(definition.mode()).isEqualTo(ExecutionMode.SCHEDULED);
    assertThat(definition.schedule().expression()).isEqualTo("0 9 * * 1-5");
    assertThat(definition.timezone()).isEqualTo("Europe/Zurich");
  }

  @Test
  void aZeroBackoffRetriesAtOnce() {
    List<PilotStep> steps =
        new ArrayList<>(validator.validate(manual(retried(2, "PT0S"))).pilotSteps());

    assertThat(steps.get(0).retry().backoff()).isEqualTo("PT0S");
  }
}
