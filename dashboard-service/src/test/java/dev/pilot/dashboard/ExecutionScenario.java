package dev.pilot.dashboard;

import dev.pilot.contracts.ApprovalOutcome;
import dev.pilot.contracts.ApprovalType;
import dev.pilot.contracts.Decision;
import dev.pilot.contracts.ExecutionMode;
import dev.pilot.contracts.FailureReason;
import dev.pilot.contracts.PilotStepSummary;
import dev.pilot.contracts.StepStatus;
import dev.pilot.contracts.StepType;
import dev.pilot.contracts.Trigger;
import dev.pilot.contracts.approval.ApprovalEscalated;
import dev.pilot.contracts.approval.ApprovalResolved;
import dev.pilot.contracts.approval.ApprovalResponseRecorded;
import dev.pilot.contracts.execution.ApprovalContext;
import dev.pilot.contracts.execution.ApprovalRequested;
import dev.pilot.contracts.execution.ExecutionCancelled;
import dev.pilot.contracts.execution.ExecutionCompleted;
import dev.pilot.contracts.execution.ExecutionFailed;
import dev.pilot.contracts.execution.ExecutionPaused;
import dev.pilot.contracts.execution.ExecutionResumed;
import dev.pilot.contracts.execution.ExecutionStarted;
import dev.pilot.contracts.execution.StepCompleted;
import dev.pilot.contracts.execution.StepStarted;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

/**
 * The events one execution would produce, with sequences counted per topic as the execution and
 * approval services count them. Step {@code i} is 0-based; its id is {@code step-(i+1)}.
 */
public final class ExecutionScenario {

  public final UUID executionId = UUID.randomUUID();
  public final UUID agentId;
  public final String agentName;
  public final String owner;
  public final List<PilotStepSummary> steps;
  private final Trigger trigger;
  private final List<String> completed = new ArrayList<>();
  private long executionSequence;
  private long approvalSequence;
  private UUID approvalId;
  private String approvalStepId;
  private List<String> approvers = List.of();
  private int approvals;
  private int rejections;
  private Instant clock = Instant.now().minusSeconds(60);

  private ExecutionScenario(
      UUID agentId, String agentName, String owner, List<PilotStepSummary> steps, Trigger trigger) {
    this.agentId = agentId;
    this.agentName = agentName;
    this.owner = owner;
    this.steps = steps;
    this.trigger = trigger;
  }

  /** A five-step agent whose third step needs approval (the seed's scenarios). */
  public static ExecutionScenario fiveStepsWithApprovalAtThree(String owner) {
    return new ExecutionScenario(
        UUID.randomUUID(), "Invoice triage", owner, stepsWithApprovalAt(5, 2), Trigger.MANUAL);
  }

  /** A manual run of an agent with these steps. */
  public static ExecutionScenario withSteps(String owner, List<PilotStepSummary> steps) {
    return new ExecutionScenario(UUID.randomUUID(), "Invoice triage", owner, steps, Trigger.MANUAL);
  }

  public static ExecutionScenario scheduled(String owner, String agentName) {
    return new ExecutionScenario(
        UUID.randomUUID(), agentName, owner, stepsWithApprovalAt(3, -1), Trigger.SCHEDULE);
  }

  /** Another run of the same agent. */
  public ExecutionScenario again() {
    return new ExecutionScenario(agentId, agentName, owner, steps, trigger);
  }

  public static List<PilotStepSummary> stepsWithApprovalAt(int count, int approvalIndex) {
    return IntStream.range(0, count)
        .mapToObj(
            i ->
                new PilotStepSummary(
                    "step-" + (i + 1),
                    i == approvalIndex ? "Manager sign-off" : "Action " + (i + 1),
                    i == approvalIndex ? StepType.APPROVAL : StepType.ACTION))
        .toList();
  }

  public UUID approvalId() {
    return approvalId;
  }

  private Instant tick() {
    clock = clock.plusMillis(100);
    return clock;
  }

  public ExecutionStarted started() {
    return new ExecutionStarted(
        UUID.randomUUID(),
        tick(),
        executionId,
        ++executionSequence,
        agentId,
        agentName,
        owner,
        trigger == Trigger.SCHEDULE ? ExecutionMode.SCHEDULED : ExecutionMode.MANUAL,
        trigger,
        steps);
  }

  public StepStarted stepStarted(int i) {
    PilotStepSummary s = steps.get(i);
    return new StepStarted(
        UUID.randomUUID(),
        tick(),
        executionId,
        ++executionSequence,
        s.id(),
        s.title(),
        i + 1,
        steps.size(),
        1);
  }

  public StepCompleted stepCompleted(int i) {
    PilotStepSummary s = steps.get(i);
    completed.add(s.id());
    return new StepCompleted(
        UUID.randomUUID(),
        tick(),
        executionId,
        ++executionSequence,
        s.id(),
        s.title(),
        i + 1,
        steps.size(),
        List.copyOf(completed));
  }

  /** Later events of this run happen from {@code at} on (e.g. an approval requested long ago). */
  public ExecutionScenario clockAt(Instant at) {
    clock = at;
    return this;
  }

  public ApprovalRequested approvalRequested(int i, ApprovalType type, String... approvers) {
    return approvalRequested(i, type, null, false, approvers);
  }

  /**
   * An approval request proposing {@code proposal} (null: none); {@code preventSelfApproval} keeps
   * the owner from answering it.
   */
  public ApprovalRequested approvalRequested(
      int i, ApprovalType type, Object proposal, boolean preventSelfApproval, String... approvers) {
    PilotStepSummary s = steps.get(i);
    this.approvalId = UUID.randomUUID();
    this.approvalStepId = s.id();
    this.approvers = List.of(approvers);
    this.approvals = 0;
    this.rejections = 0;
    List<ApprovalContext.Step> context =
        IntStream.range(0, steps.size())
            .mapToObj(
                k ->
                    new ApprovalContext.Step(
                        steps.get(k).id(),
                        steps.get(k).title(),
                        steps.get(k).type(),
                        k < i
                            ? StepStatus.COMPLETED
                            : k == i ? StepStatus.WAITING_APPROVAL : StepStatus.PENDING))
            .toList();
    return new ApprovalRequested(
        UUID.randomUUID(),
        tick(),
        executionId,
        ++executionSequence,
        approvalId,
        s.id(),
        s.title(),
        i + 1,
        steps.size(),
        this.approvers,
        type,
        clock.plusSeconds(86_400),
        "Spend above 10k needs a manager",
        owner,
        preventSelfApproval,
        new ApprovalContext(
            agentId, agentName, "Triage invoices", ExecutionMode.MANUAL, trigger, clock, context),
        proposal,
        proposal == null ? null : false,
        null);
  }

  public ApprovalResponseRecorded responded(String approver, Decision decision) {
    if (decision == Decision.APPROVE) {
      approvals++;
    } else {
      rejections++;
    }
    return new ApprovalResponseRecorded(
        UUID.randomUUID(),
        tick(),
        executionId,
        ++approvalSequence,
        approvalId,
        approver,
        decision,
        "ok",
        ApprovalType.ALL,
        approvals,
        rejections,
        approvers.size());
  }

  /** The approval's escalation: {@code added} may answer from now on too. */
  public ApprovalEscalated escalated(String... added) {
    List<String> all = new ArrayList<>(approvers);
    for (String user : added) {
      if (!all.contains(user)) {
        all.add(user);
      }
    }
    this.approvers = List.copyOf(all);
    return new ApprovalEscalated(
        UUID.randomUUID(),
        tick(),
        executionId,
        ++approvalSequence,
        approvalId,
        approvalStepId,
        List.of(added),
        approvers,
        null,
        ApprovalType.ANY,
        approvals,
        rejections,
        approvers.size());
  }

  public ApprovalResolved resolved(ApprovalOutcome outcome, String stepId) {
    return new ApprovalResolved(
        UUID.randomUUID(),
        tick(),
        executionId,
        ++approvalSequence,
        approvalId,
        stepId,
        outcome,
        approvals,
        rejections,
        approvers.size(),
        List.of());
  }

  public ExecutionPaused paused(String nextStepId) {
    return new ExecutionPaused(
        UUID.randomUUID(), tick(), executionId, ++executionSequence, owner, nextStepId);
  }

  public ExecutionResumed resumed() {
    return new ExecutionResumed(UUID.randomUUID(), tick(), executionId, ++executionSequence, owner);
  }

  public ExecutionCompleted completed() {
    return completed(5_000);
  }

  public ExecutionCompleted completed(long durationMs) {
    return new ExecutionCompleted(
        UUID.randomUUID(), tick(), executionId, ++executionSequence, steps.size(), durationMs);
  }

  public ExecutionFailed failed(FailureReason reason, int i, String error) {
    PilotStepSummary s = steps.get(i);
    return new ExecutionFailed(
        UUID.randomUUID(),
        tick(),
        executionId,
        ++executionSequence,
        reason,
        s.id(),
        s.title(),
        error);
  }

  public ExecutionCancelled cancelled() {
    return new ExecutionCancelled(
        UUID.randomUUID(), tick(), executionId, ++executionSequence, owner, null);
  }
}
