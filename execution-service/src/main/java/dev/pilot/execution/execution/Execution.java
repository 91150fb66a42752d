package dev.pilot.execution.execution;

import dev.pilot.contracts.ApprovalOutcome;
import dev.pilot.contracts.ExecutionMode;
import dev.pilot.contracts.FailureReason;
import dev.pilot.contracts.PilotStepSummary;
import dev.pilot.contracts.StepStatus;
import dev.pilot.contracts.Trigger;
import dev.pilot.contracts.approval.ApprovalResolved;
import dev.pilot.contracts.execution.ApprovalContext;
import dev.pilot.contracts.execution.ApprovalRequested;
import dev.pilot.contracts.execution.ExecutionCancelled;
import dev.pilot.contracts.execution.ExecutionCompleted;
import dev.pilot.contracts.execution.ExecutionEvent;
import dev.pilot.contracts.execution.ExecutionFailed;
import dev.pilot.contracts.execution.ExecutionPaused;
import dev.pilot.contracts.execution.ExecutionResumed;
import dev.pilot.contracts.execution.ExecutionStarted;
import dev.pilot.contracts.execution.StepCompleted;
import dev.pilot.contracts.execution.StepStarted;
import dev.pilot.execution.agent.Agent;
import dev.pilot.execution.agent.PilotStep;
import dev.pilot.platform.web.ConflictException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;
import java.util.function.LongFunction;

/**
 * One run of an agent on a snapshot of its pilot steps: the state machine. Every change records the
 * events it implies (each with the next {@code sequence}) and the steps it finished; {@link
 * Executions#save} writes all of it in the caller's transaction.
 *
 * <p>Invariant: a {@code running} execution's next step is an action step. A worker that holds its
 * lease runs it; without a lease it waits in the queue until {@code runAt}.
 */
final class Execution {

  // What the run is: fixed at start.
  UUID id;
  UUID agentId;
  String agentName;
  String agentDescription;
  String owner;
  ExecutionMode mode;
  Trigger trigger;
  List<PilotStep> steps;
  Instant createdAt;

  // Where it stands.
  ExecutionStatus status;
  int nextStepIndex;
  List<String> completedSteps = new ArrayList<>();
  int attempt;
  int failures;
  Instant stepStartedAt;
  String lastError;
  long eventSequence;
  Instant runAt;
  String leaseOwner;
  UUID leaseToken;
  Instant leaseUntil;
  String pauseRequestedBy;
  UUID approvalId;
  Instant approvalExpiresAt;
  ApprovalResolved pendingResolution;
  FailureReason failureReason;
  String failureStepId;
  String failureError;
  Instant finishedAt;

  // What the last change implies; written and cleared by Executions#save.
  final List<ExecutionEvent> events = new ArrayList<>();
  final List<StepRecord> finishedSteps = new ArrayList<>();
  boolean becameRunnable;

  static Execution start(Agent agent, Trigger trigger, Instant now) {
    Execution e = new Execution();
    e.id = UUID.randomUUID();
    e.agentId = agent.id();
    e.agentName = agent.name();
    e.agentDescription = agent.description();
    e.owner = agent.owner();
    e.mode = agent.mode();
    e.trigger = trigger;
    e.steps = List.copyOf(agent.pilotSteps());
    e.createdAt = now;
    e.status = ExecutionStatus.RUNNING;
    e.emit(
        seq ->
            new ExecutionStarted(
                UUID.randomUUID(),
                now,
                e.id,
                seq,
                e.agentId,
                e.agentName,
                e.owner,
                e.mode,
                trigger,
                e.steps.stream()
                    .map(s -> new PilotStepSummary(s.id(), s.title(), s.type()))
                    .toList()));
    e.enterStep(0, now, false);
    return e;
  }

  PilotStep currentStep() {
    return nextStepIndex < steps.size() ? steps.get(nextStepIndex) : null;
  }

  String currentStepId() {
    PilotStep step = currentStep();
    return step == null ? null : step.id();
  }

  List<String> approvers() {
    LinkedHashSet<String> approvers = new LinkedHashSet<>();
    steps.stream()
        .filter(PilotStep::waitsForPeople)
        .forEach(s -> approvers.addAll(s.approval().approvers()));
    return List.copyOf(approvers);
  }

  boolean heldBy(UUID token) {
    return status == ExecutionStatus.RUNNING && token != null && token.equals(leaseToken);
  }

  // ---- the worker's side

  /** A worker took the run: it holds the lease and starts the next attempt of the step. */
  void claimed(String owner, UUID token, Instant until, Instant now) {
    leaseOwner = owner;
    leaseToken = token;
    extendLease(until);
    beginAttempt(now);
  }

  void extendLease(Instant until) {
    leaseUntil = until;
    runAt = until;
  }

  void stepSucceeded(Instant now) {
    PilotStep step = currentStep();
    finishedSteps.add(
        new StepRecord(
            nextStepIndex, step.id(), StepStatus.COMPLETED, stepStartedAt, now, attempt, null));
    completedSteps.add(step.id());
    List<String> completed = List.copyOf(completedSteps);
    int order = nextStepIndex + 1;
    emit(
        seq ->
            new StepCompleted(
                UUID.randomUUID(),
                now,
                id,
                seq,
                step.id(),
                step.title(),
                order,
                steps.size(),
                completed));
    enterStep(nextStepIndex + 1, now, leaseToken != null);
  }

  void attemptFailed(String error, Instant now) {
    PilotStep step = currentStep();
    failures++;
    lastError = error;
    if (failures >= step.allowedAttempts()) {
      fail(FailureReason.STEP_ERROR, error, now);
    } else if (pauseRequestedBy != null) {
      pauseNow(pauseRequestedBy, now);
    } else {
      Duration backoff = step.retryBackoff();
      releaseLease();
      runAt = now.plus(backoff);
      becameRunnable = backoff.isZero();
    }
  }

  // ---- people's side

  void pause(String user, Instant now) {
    switch (status) {
      case RUNNING -> {
        if (leaseToken != null && leaseUntil != null && leaseUntil.isAfter(now)) {
          pauseRequestedBy = user; // a worker is mid-step: it pauses at the step boundary
        } else {
          pauseNow(user, now);
        }
      }
      case WAITING_APPROVAL -> pauseNow(user, now);
      default -> throw new ConflictException("A " + status.wire() + " execution cannot be paused");
    }
  }

  void resume(String user, Instant now) {
    if (status == ExecutionStatus.RUNNING && pauseRequestedBy != null) {
      pauseRequestedBy = null; // the pause had not taken effect yet
      return;
    }
    if (status != ExecutionStatus.PAUSED) {
      throw new ConflictException("A " + status.wire() + " execution cannot be resumed");
    }
    emit(seq -> new ExecutionResumed(UUID.randomUUID(), now, id, seq, user));
    if (approvalId == null) {
      enterStep(nextStepIndex, now, false);
    } else if (pendingResolution != null) {
      ApprovalResolved resolution = pendingResolution;
      pendingResolution = null;
      apply(resolution, now);
    } else {
      status = ExecutionStatus.WAITING_APPROVAL;
    }
  }

  void cancel(String user, Instant now) {
    if (!status.active()) {
      throw new ConflictException("A " + status.wire() + " execution cannot be cancelled");
    }
    String stepId = currentStepId();
    finish(ExecutionStatus.CANCELLED, now);
    emit(seq -> new ExecutionCancelled(UUID.randomUUID(), now, id, seq, user, stepId));
  }

  /**
   * Applies the outcome if this execution waits on that approval; remembers it while paused.
   * Anything else (another approval, a repeat, a finished run) changes nothing.
   */
  void approvalResolved(ApprovalResolved resolution, Instant now) {
    if (approvalId == null || !approvalId.equals(resolution.approvalId())) {
      return;
    }
    if (status == ExecutionStatus.WAITING_APPROVAL) {
      apply(resolution, now);
    } else if (status == ExecutionStatus.PAUSED && pendingResolution == null) {
      pendingResolution = resolution;
    }
  }

  // ---- transitions

  private void apply(ApprovalResolved resolution, Instant now) {
    ApprovalOutcome outcome = resolution.outcome();
    if (outcome == null || outcome == ApprovalOutcome.CANCELLED) {
      return;
    }
    approvalId = null;
    approvalExpiresAt = null;
    switch (outcome) {
      case APPROVED -> stepSucceeded(now);
      case REJECTED -> fail(FailureReason.REJECTED, rejection(resolution), now);
      default -> fail(FailureReason.TIMEOUT, "no decision before the approval expired", now);
    }
  }

  private static String rejection(ApprovalResolved resolution) {
    return "rejected ("
        + resolution.rejections()
        + " of "
        + resolution.totalApprovers()
        + " approvers rejected)";
  }

  /** Moves to step {@code index}: the end, a pause, an approval request, or an action. */
  private void enterStep(int index, Instant now, boolean holdingLease) {
    nextStepIndex = index;
    attempt = 0;
    failures = 0;
    lastError = null;
    stepStartedAt = null;
    if (index >= steps.size()) {
      complete(now);
    } else if (pauseRequestedBy != null) {
      pauseNow(pauseRequestedBy, now);
    } else if (steps.get(index).waitsForPeople()) {
      requestApproval(now);
    } else {
      status = ExecutionStatus.RUNNING;
      if (holdingLease) {
        beginAttempt(now);
      } else {
        releaseLease();
        runAt = now;
        becameRunnable = true;
      }
    }
  }

  private void beginAttempt(Instant now) {
    PilotStep step = currentStep();
    attempt++;
    stepStartedAt = now;
    int order = nextStepIndex + 1;
    int thisAttempt = attempt;
    emit(
        seq ->
            new StepStarted(
                UUID.randomUUID(),
                now,
                id,
                seq,
                step.id(),
                step.title(),
                order,
                steps.size(),
                thisAttempt));
  }

  private void requestApproval(Instant now) {
    PilotStep step = currentStep();
    PilotStep.Approval approval = step.approval();
    status = ExecutionStatus.WAITING_APPROVAL;
    releaseLease();
    runAt = null;
    attempt = 1;
    stepStartedAt = now;
    approvalId = UUID.randomUUID();
    approvalExpiresAt = now.plus(step.approvalTimeout());
    UUID approval_ = approvalId;
    Instant expires = approvalExpiresAt;
    int order = nextStepIndex + 1;
    ApprovalContext context = context();
    emit(
        seq ->
            new ApprovalRequested(
                UUID.randomUUID(),
                now,
                id,
                seq,
                approval_,
                step.id(),
                step.title(),
                order,
                steps.size(),
                approval.approvers(),
                approval.approvalType(),
                expires,
                approval.reason(),
                owner,
                approval.preventSelfApproval(),
                context));
  }

  private ApprovalContext context() {
    List<ApprovalContext.Step> view = new ArrayList<>();
    for (int i = 0; i < steps.size(); i++) {
      PilotStep s = steps.get(i);
      StepStatus stepStatus =
          i < nextStepIndex
              ? StepStatus.COMPLETED
              : i == nextStepIndex ? StepStatus.WAITING_APPROVAL : StepStatus.PENDING;
      view.add(new ApprovalContext.Step(s.id(), s.title(), s.type(), stepStatus));
    }
    return new ApprovalContext(
        agentId, agentName, agentDescription, mode, trigger, createdAt, view);
  }

  private void pauseNow(String user, Instant now) {
    status = ExecutionStatus.PAUSED;
    pauseRequestedBy = null;
    releaseLease();
    runAt = null;
    String next = currentStepId();
    emit(seq -> new ExecutionPaused(UUID.randomUUID(), now, id, seq, user, next));
  }

  private void complete(Instant now) {
    finish(ExecutionStatus.COMPLETED, now);
    long duration = Duration.between(createdAt, now).toMillis();
    int total = steps.size();
    emit(seq -> new ExecutionCompleted(UUID.randomUUID(), now, id, seq, total, duration));
  }

  private void fail(FailureReason reason, String error, Instant now) {
    PilotStep step = currentStep();
    finishedSteps.add(
        new StepRecord(
            nextStepIndex, step.id(), StepStatus.FAILED, stepStartedAt, now, attempt, error));
    failureReason = reason;
    failureStepId = step.id();
    failureError = error;
    finish(ExecutionStatus.FAILED, now);
    emit(
        seq ->
            new ExecutionFailed(
                UUID.randomUUID(), now, id, seq, reason, step.id(), step.title(), error));
  }

  private void finish(ExecutionStatus end, Instant now) {
    status = end;
    finishedAt = now;
    pauseRequestedBy = null;
    releaseLease();
    runAt = null;
  }

  private void releaseLease() {
    leaseOwner = null;
    leaseToken = null;
    leaseUntil = null;
  }

  private void emit(LongFunction<ExecutionEvent> event) {
    eventSequence++;
    events.add(event.apply(eventSequence));
  }
}
