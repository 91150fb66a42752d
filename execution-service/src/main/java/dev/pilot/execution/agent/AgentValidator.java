package dev.pilot.execution.agent;

import dev.pilot.contracts.ApprovalType;
import dev.pilot.contracts.ExecutionMode;
import dev.pilot.contracts.StepType;
import dev.pilot.execution.steps.StepKind;
import dev.pilot.execution.steps.StepKinds;
import dev.pilot.execution.template.Templates;
import dev.pilot.platform.web.InvalidRequestException;
import dev.pilot.platform.web.Texts;
import dev.pilot.platform.web.Violation;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Turns a request into a definition, or throws naming every offending field. Every text has a
 * documented maximum (README, "Limits") and no NUL characters: an agent and the events its runs
 * publish stay far below the broker's record limit.
 */
@Component
class AgentValidator {

  static final String DEFAULT_APPROVAL_TIMEOUT = "PT24H";
  static final int MAX_STEPS = 100;
  static final int MAX_ATTEMPTS = 20;
  static final int MAX_NAME = 200;
  static final int MAX_DESCRIPTION = 4_000;
  static final int MAX_SCHEDULE = 100;
  static final int MAX_TIMEZONE = 64;
  static final int MAX_STEP_ID = 100;
  static final int MAX_STEP_TITLE = 200;
  static final int MAX_DURATION_TEXT = 40;
  static final int MAX_PARAMS_TEXT = 16_000;
  static final int MAX_APPROVERS = 50;
  static final int MAX_APPROVER = 100;
  static final int MAX_REASON = 1_000;
  static final Duration MAX_APPROVAL_TIMEOUT = Duration.ofDays(30);
  static final Duration MAX_BACKOFF = Duration.ofHours(1);
  static final int MAX_GROUPS = 20;

  /** Reminders and escalation wait at least this long: approvers are people, not pollers. */
  static final Duration MIN_POLICY_DELAY = Duration.ofSeconds(10);

  private final StepKinds kinds;

  AgentValidator(StepKinds kinds) {
    this.kinds = kinds;
  }

  AgentDefinition validate(AgentRequest request) {
    List<Violation> violations = new ArrayList<>();
    if (request == null) {
      throw InvalidRequestException.of("body", "is required");
    }
    if (request.name() == null || request.name().isBlank()) {
      violations.add(new Violation("name", "is required"));
    }
    List<Violation> texts = new ArrayList<>();
    Texts.check("name", request.name(), MAX_NAME, texts);
    Texts.check("description", request.description(), MAX_DESCRIPTION, texts);
    Texts.check("schedule", request.schedule(), MAX_SCHEDULE, texts);
    Texts.check("timezone", request.timezone(), MAX_TIMEZONE, texts);
    violations.addAll(texts);
    if (!texts.isEmpty()) {
      // A schedule or time zone that is too long or holds NUL is not worth parsing.
      throw new InvalidRequestException(violations);
    }
    ExecutionMode mode = mode(request.mode(), violations);
    ZoneId zone = zone(request.timezone(), violations);
    CronSchedule schedule = schedule(request, mode, zone, violations);
    List<PilotStep> steps = steps(request.pilotSteps(), violations);
    Map<String, Object> inputSchema = AgentInputs.schema(request.inputSchema(), violations);
    Map<String, Object> defaultInputs =
        AgentInputs.defaults(
            request.defaultInputs(), inputSchema, mode == ExecutionMode.SCHEDULED, violations);
    if (!violations.isEmpty()) {
      throw new InvalidRequestException(violations);
    }
    return new AgentDefinition(
        request.name().trim(),
        request.description(),
        mode,
        schedule,
        zone.getId(),
        steps,
        inputSchema,
        defaultInputs);
  }

  private static ExecutionMode mode(String mode, List<Violation> violations) {
    if (mode == null) {
      violations.add(new Violation("mode", "is required (manual or scheduled)"));
      return null;
    }
    return switch (mode) {
      case "manual" -> ExecutionMode.MANUAL;
      case "scheduled" -> ExecutionMode.SCHEDULED;
      default -> {
        violations.add(new Violation("mode", "must be manual or scheduled"));
        yield null;
      }
    };
  }

  private static ZoneId zone(String timezone, List<Violation> violations) {
    if (timezone == null || timezone.isBlank()) {
      return ZoneId.of("UTC");
    }
    try {
      return ZoneId.of(timezone);
    } catch (DateTimeException e) {
      violations.add(new Violation("timezone", "must be a time zone id such as Europe/Paris"));
      return ZoneId.of("UTC");
    }
  }

  private static CronSchedule schedule(
      AgentRequest request, ExecutionMode mode, ZoneId zone, List<Violation> violations) {
    String cron = request.schedule();
    boolean given = cron != null && !cron.isBlank();
    if (mode == ExecutionMode.MANUAL && given) {
      violations.add(new Violation("schedule", "must be absent on a manual agent"));
      return null;
    }
    if (mode != ExecutionMode.SCHEDULED) {
      return null;
    }
    if (!given) {
      violations.add(new Violation("schedule", "is required when mode is scheduled"));
      return null;
    }
    Optional<CronSchedule> parsed = CronSchedule.parse(cron, zone);
    if (parsed.isEmpty()) {
      violations.add(
          new Violation(
              "schedule", "must be a cron expression of 5 fields, or 6 with seconds first"));
    } else if (!parsed.get().firesAfter(Instant.now())) {
      violations.add(
          new Violation("schedule", "must fire at least once (e.g. not on 30 February)"));
      return null;
    }
    return parsed.orElse(null);
  }

  private List<PilotStep> steps(List<AgentRequest.Step> steps, List<Violation> violations) {
    if (steps == null || steps.isEmpty()) {
      violations.add(new Violation("pilot_steps", "must contain at least one step"));
      return List.of();
    }
    if (steps.size() > MAX_STEPS) {
      violations.add(new Violation("pilot_steps", "must contain at most " + MAX_STEPS + " steps"));
    }
    Set<String> ids = new HashSet<>();
    Map<String, Integer> order = new HashMap<>();
    for (int i = 0; i < steps.size(); i++) {
      if (steps.get(i) != null && steps.get(i).id() != null) {
        order.putIfAbsent(steps.get(i).id(), i);
      }
    }
    List<PilotStep> valid = new ArrayList<>();
    for (int i = 0; i < steps.size(); i++) {
      String path = "pilot_steps[" + i + "]";
      AgentRequest.Step step = steps.get(i);
      if (step == null) {
        violations.add(new Violation(path, "must be a step object"));
        continue;
      }
      if (step.id() == null || step.id().isBlank()) {
        violations.add(new Violation(path + ".id", "is required"));
      } else if (!ids.add(step.id())) {
        violations.add(new Violation(path + ".id", "duplicates an earlier step id"));
      }
      Texts.check(path + ".id", step.id(), MAX_STEP_ID, violations);
      if (step.title() == null || step.title().isBlank()) {
        violations.add(new Violation(path + ".title", "is required"));
      }
      Texts.check(path + ".title", step.title(), MAX_STEP_TITLE, violations);
      valid.add(
          switch (step.type() == null ? "" : step.type()) {
            case "action" -> action(step, path, order, i, violations);
            case "approval" -> approval(step, path, order, i, violations);
            default -> {
              violations.add(new Violation(path + ".type", "must be action or approval"));
              yield null;
            }
          });
    }
    return valid;
  }

  private PilotStep action(
      AgentRequest.Step step,
      String path,
      Map<String, Integer> order,
      int position,
      List<Violation> violations) {
    if (step.approval() != null) {
      violations.add(new Violation(path + ".approval", "is only allowed on approval steps"));
    }
    AgentRequest.Action action = step.action();
    if (action == null) {
      violations.add(new Violation(path + ".action", "is required on an action step"));
      return null;
    }
    String paramsPath = path + ".action.params";
    List<Templates.Found> templates =
        StepReferences.check(paramsPath, action.params(), order, position, violations);
    Optional<StepKind> kind = kinds.find(action.kind());
    List<Violation> paramViolations = new ArrayList<>();
    Texts.checkTree(paramsPath, action.params(), MAX_PARAMS_TEXT, paramViolations);
    if (kind.isEmpty()) {
      violations.add(new Violation(path + ".action.kind", "must be one of: " + kinds.names()));
    } else if (paramViolations.isEmpty()) {
      violations.addAll(
          StepReferences.exceptTemplated(
              kind.get().validate(paramsPath, action.params()), templates));
    }
    violations.addAll(paramViolations);
    PilotStep.Retry retry = retry(step.retry(), path + ".retry", violations);
    Map<String, Object> params = action.params() == null ? Map.of() : action.params();
    return new PilotStep(
        step.id(),
        step.title(),
        StepType.ACTION,
        new PilotStep.Action(action.kind(), params),
        retry,
        null);
  }

  private static PilotStep.Retry retry(
      AgentRequest.Retry retry, String path, List<Violation> violations) {
    if (retry == null) {
      return null;
    }
    if (retry.maxAttempts() == null
        || retry.maxAttempts() < 1
        || retry.maxAttempts() > MAX_ATTEMPTS) {
      violations.add(
          new Violation(path + ".max_attempts", "must be between 1 and " + MAX_ATTEMPTS));
    }
    Duration backoff =
        duration(retry.backoff(), "PT1S", MAX_BACKOFF, path + ".backoff", violations, true);
    return new PilotStep.Retry(
        retry.maxAttempts() == null ? 1 : retry.maxAttempts(),
        backoff == null ? null : backoff.toString());
  }

  private static PilotStep approval(
      AgentRequest.Step step,
      String path,
      Map<String, Integer> order,
      int position,
      List<Violation> violations) {
    if (step.action() != null) {
      violations.add(new Violation(path + ".action", "is only allowed on action steps"));
    }
    if (step.retry() != null) {
      violations.add(new Violation(path + ".retry", "is only allowed on action steps"));
    }
    AgentRequest.Approval approval = step.approval();
    if (approval == null) {
      violations.add(new Violation(path + ".approval", "is required on an approval step"));
      return null;
    }
    List<String> approvers = approval.approvers() == null ? List.of() : approval.approvers();
    List<String> groups = approval.approverGroups() == null ? List.of() : approval.approverGroups();
    if (approvers.isEmpty() && groups.isEmpty()) {
      violations.add(
          new Violation(
              path + ".approval.approvers",
              "must name at least one user, or approver_groups a group"));
    }
    names(path + ".approval.approvers", approvers, MAX_APPROVERS, "user", violations);
    names(path + ".approval.approver_groups", groups, MAX_GROUPS, "group", violations);
    Texts.check(path + ".approval.reason", approval.reason(), MAX_REASON, violations);
    if (Boolean.TRUE.equals(approval.allowSelfApproval())
        && Boolean.TRUE.equals(approval.preventSelfApproval())) {
      violations.add(
          new Violation(
              path + ".approval.allow_self_approval", "contradicts prevent_self_approval: true"));
    }
    ApprovalType type = approvalType(approval.approvalType(), path, violations);
    Duration timeout =
        duration(
            approval.timeout(),
            DEFAULT_APPROVAL_TIMEOUT,
            MAX_APPROVAL_TIMEOUT,
            path + ".approval.timeout",
            violations,
            false);
    ApprovalPolicy policy = ApprovalPolicy.check(approval, timeout, path + ".approval", violations);
    StepReferences.check(path + ".approval.reason", approval.reason(), order, position, violations);
    StepReferences.check(
        path + ".approval.proposal", approval.proposal(), order, position, violations);
    boolean editable = Boolean.TRUE.equals(approval.editable());
    if (editable && approval.proposal() == null) {
      violations.add(new Violation(path + ".approval.editable", "needs a proposal to edit"));
    }
    Map<String, Object> proposalSchema =
        AgentInputs.schema(
            approval.proposalSchema(), path + ".approval.proposal_schema", violations);
    return new PilotStep(
        step.id(),
        step.title(),
        StepType.APPROVAL,
        null,
        null,
        new PilotStep.Approval(
            List.copyOf(approvers.stream().filter(a -> a != null).toList()),
            type,
            timeout == null ? null : timeout.toString(),
            approval.reason(),
            !approval.selfApprovalAllowed(),
            approval.proposal(),
            editable,
            proposalSchema,
            groups.isEmpty() ? null : List.copyOf(groups.stream().filter(g -> g != null).toList()),
            policy.remindAfter(),
            policy.escalateAfter(),
            policy.escalateTo(),
            policy.onTimeout(),
            policy.allowApproveOnTimeout()));
  }

  /**
   * A list of user or group names: no blanks, no repeats, at most {@code max}, each within the name
   * limit.
   */
  static void names(
      String field, List<String> names, int max, String noun, List<Violation> violations) {
    if (names.stream().anyMatch(a -> a == null || a.isBlank())) {
      violations.add(new Violation(field, "must not contain blank names"));
    } else if (new HashSet<>(names).size() != names.size()) {
      violations.add(new Violation(field, "must not repeat a " + noun));
    } else if (names.size() > max) {
      violations.add(new Violation(field, "must name at most " + max + " " + noun + "s"));
    }
    for (int a = 0; a < names.size(); a++) {
      Texts.check(field + "[" + a + "]", names.get(a), MAX_APPROVER, violations);
    }
  }

  private static ApprovalType approvalType(String type, String path, List<Violation> violations) {
    if (type == null) {
      return ApprovalType.ANY;
    }
    return switch (type) {
      case "any" -> ApprovalType.ANY;
      case "all" -> ApprovalType.ALL;
      case "majority" -> ApprovalType.MAJORITY;
      default -> {
        violations.add(
            new Violation(path + ".approval.approval_type", "must be any, all or majority"));
        yield null;
      }
    };
  }

  /**
   * An ISO-8601 duration such as PT1H, at most {@code max}; zero is allowed only where {@code
   * zeroAllowed}.
   */
  static Duration duration(
      String text,
      String fallback,
      Duration max,
      String field,
      List<Violation> violations,
      boolean zeroAllowed) {
    if (text != null && text.length() > MAX_DURATION_TEXT) {
      violations.add(new Violation(field, "must be an ISO-8601 duration such as PT1H"));
      return null;
    }
    try {
      Duration duration = Duration.parse(text == null ? fallback : text);
      if (duration.isNegative() || (!zeroAllowed && duration.isZero())) {
        violations.add(new Violation(field, "must be a positive ISO-8601 duration such as PT1H"));
        return null;
      }
      if (duration.compareTo(max) > 0) {
        violations.add(new Violation(field, "must be at most " + max));
        return null;
      }
      return duration;
    } catch (DateTimeParseException e) {
      violations.add(new Violation(field, "must be an ISO-8601 duration such as PT1H"));
      return null;
    }
  }
}
