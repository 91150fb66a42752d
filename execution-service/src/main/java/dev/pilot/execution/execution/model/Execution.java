package dev.pilot.execution.execution.model;

import dev.pilot.contracts.ApprovalOutcome;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.LongFunction;

/**
 * One run of an agent on a snapshot of its pilot steps: the state machine. Each transition returns
 * the {@link Transition} it caused (events, each with the next {@code sequence}; finished steps;
 * whether the run became claimable), which the caller commits together with the new state.
 *
 * <p>Invariant: a {@code running} execution's next step is an action step. A worker that holds its
 * lease runs it; without a lease it waits in the queue until {@link QueueEntry#runAt()}. A step
 * that only waits (a {@code delay}) sets a durable timer: the run stays {@code running}, the step
 * under way, with no lease, queued at the time the timer fires ({@link #waitUntil}); the worker
 * that claims it then completes the step without running anything ({@link #timerSet()}).
 */
public final class Execution {

  private final RunPlan plan;
  private ExecutionStatus status;
  private int nextStepIndex;
  private final List<String> completedSteps;
  private int attempt;
  private int failures;
  private Instant stepStartedAt;
  private String lastError;
  private long eventSequence;
  private String pauseRequestedBy;
  private Instant finishedAt;
  private Instant waitingUntil;
  private QueueEntry queue;
  private AwaitedApproval awaited;
  private Failure failure;

  // Collects what the transition under way causes; null between transitions.
  private Transition.Recorder recorder;
  // Resolves an approval step's reason and proposal when the run reaches it.
  private ApprovalTemplates approvalTemplates = ApprovalTemplates.AS_WRITTEN;

  private Execution(
      RunPlan plan, Progress progress, QueueEntry queue, AwaitedApproval awaited, Failure failure) {
    this.plan = plan;
    this.status = progress.status();
    this.nextStepIndex = progress.nextStepIndex();
    this.completedSteps = new ArrayList<>(progress.completedSteps());
    this.attempt = progress.attempt();
    this.failures = progress.failures();
    this.stepStartedAt = progress.stepStartedAt();
    this.lastError = progress.lastError();
    this.eventSequence = progress.eventSequence();
    this.pauseRequestedBy = progress.pauseRequestedBy();
    this.finishedAt = progress.finishedAt();
    this.waitingUntil = progress.waitingUntil();
    this.queue = queue;
    this.awaited = awaited;
    this.failure = failure;
  }

  /** A new run and what starting it caused ({@code ExecutionStarted} and the first step's). */
  public record Started(Execution execution, Transition transition) {}

  public static Started start(Agent agent, Trigger trigger, Instant now) {
    return start(agent, trigger, now, ApprovalTemplates.AS_WRITTEN);
  }

  /** A new run whose approval steps' templates {@code templates} resolves. */
  public static Started start(
      Agent agent, Trigger trigger, Instant now, ApprovalTemplates templates) {
    return start(agent, trigger, now, templates, null);
  }

  /** As above, in the trace of {@code traceparent} (null: not traced). */
  public static Started start(
      Agent agent, Trigger trigger, Instant now, ApprovalTemplates templates, String traceparent) {
    RunPlan plan =
        new RunPlan(
            UUID.randomUUID(),
            agent.id(),
            agent.name(),
            agent.description(),
            agent.owner(),
            agent.mode(),
            trigger,
            agent.pilotSteps(),
            now,
            traceparent);
    Progress beginning =
        new Progress(ExecutionStatus.RUNNING, 0, List.of(), 0, 0, null, null, 0, null, null, null);
    Execution e = new Execution(plan, beginning, QueueEntry.notQueued(), null, null);
    e.approvalTemplates = templates;
    Transition started =
        e.change(
            () -> {
              e.emit(
                  seq ->
                      new ExecutionStarted(
                          UUID.randomUUID(),
                          now,
                          plan.id(),
                          seq,
                          plan.agentId(),
                          plan.agentName(),
                          plan.owner(),
                          plan.mode(),
                          trigger,
                          plan.steps().stream()
                              .map(s -> new PilotStepSummary(s.id(), s.title(), s.type()))
                              .toList()));
              e.enterStep(0, now, false, now);
            });
    return new Started(e, started);
  }

  /** A stored run, as it was saved. */
  public static Execution restore(
      RunPlan plan, Progress progress, QueueEntry queue, AwaitedApproval awaited, Failure failure) {
    return new Execution(plan, progress, queue, awaited, failure);
  }

  /** This run, resolving its approval steps' templates with {@code templates} from now on. */
  public Execution resolvingApprovalsWith(ApprovalTemplates templates) {
    this.approvalTemplates = templates;
    return this;
  }

  // ---- what it is and where it stands

  public UUID id() {
    return plan.id();
  }

  public String owner() {
    return plan.owner();
  }

  public RunPlan plan() {
    return plan;
  }

  public ExecutionStatus status() {
    return status;
  }

  public Progress progress() {
    return new Progress(
        status,
        nextStepIndex,
        completedSteps,
        attempt,
        failures,
        stepStartedAt,
        lastError,
        eventSequence,
        pauseRequestedBy,
        finishedAt,
        waitingUntil);
  }

  public QueueEntry queue() {
    return queue;
  }

  /** The approval the run waits on (also while paused); null if none. */
  public AwaitedApproval awaitedApproval() {
    return awaited;
  }

  /** Why it failed; null unless failed. */
  public Failure failure() {
    return failure;
  }

  /** The step it is at; null once past the last. */
  public PilotStep currentStep() {
    return nextStepIndex < plan.steps().size() ? plan.steps().get(nextStepIndex) : null;
  }

  public String currentStepId() {
    PilotStep step = currentStep();
    return step == null ? null : step.id();
  }

  /** The try of the current step under way or last made (1 for the first). */
  public int attempt() {
    return attempt;
  }

  /**
   * Whether the current step's timer has been set: a worker that claims the run (which happens once
   * the timer fired) completes the step instead of running it.
   */
  public boolean timerSet() {
    return waitingUntil != null;
  }

  /** Whether the run is running and the worker holding {@code token} may go on with it. */
  public boolean heldBy(UUID token) {
    return status == ExecutionStatus.RUNNING && queue.heldBy(token);
  }

  // ---- the worker's side

  /**
   * A worker took the run: it holds the lease and starts the next attempt of the step, or, if the
   * step's timer has fired, is to complete it (the attempt that set the timer is still under way).
   */
  public Transition claimed(String owner, UUID token, Instant until, Instant now) {
    return change(
        () -> {
          queue = queue.claimedBy(owner, token, until);
          if (waitingUntil == null) {
            beginAttempt(now);
          }
        });
  }

  /**
   * The attempt under way waits until {@code until} (a delay): the worker lets go of the run, which
   * waits in the queue, holding no thread, until then. The step stays under way; the worker that
   * claims it after {@code until} completes it.
   */
  public Transition waitUntil(Instant until, Instant now) {
    return change(
        () -> {
          waitingUntil = until;
          if (pauseRequestedBy != null) {
            pauseNow(pauseRequestedBy, now);
          } else {
            queue = QueueEntry.runnableAt(until);
            recorder.runnable(!until.isAfter(now));
          }
        });
  }

  /** Moves the lease's end; the queue's only change that is not a transition of the run. */
  public void extendLease(Instant until) {
    queue = queue.extendedTo(until);
  }

  public Transition stepSucceeded(Instant now) {
    return change(() -> succeed(now));
  }

  public Transition attemptFailed(String error, Instant now) {
    return change(
        () -> {
          PilotStep step = currentStep();
          failures++;
          lastError = error;
          if (failures >= step.allowedAttempts()) {
            fail(FailureReason.STEP_ERROR, error, now);
          } else if (pauseRequestedBy != null) {
            pauseNow(pauseRequestedBy, now);
          } else {
            Duration backoff = step.retryBackoff();
            queue = QueueEntry.runnableAt(now.plus(backoff));
            if (backoff.isZero()) {
              recorder.runnable(true);
            }
          }
        });
  }

  // ---- people's side

  /**
   * Pauses at once. A worker mid-step is stopped and its attempt dropped: on resume the step runs
   * again (with the same idempotency key). A delay's timer keeps its time.
   *
   * @throws TransitionRefused unless running or waiting for approval
   */
  public Transition pause(String user, Instant now) {
    return change(
        () -> {
          switch (status) {
            case RUNNING -> {
              stopWorkerIfMidStep(now);
              pauseNow(user, now);
            }
            case WAITING_APPROVAL -> pauseNow(user, now);
            default -> throw refused("paused");
          }
        });
  }

  /**
   * Continues a paused run where it stopped (applying an outcome that arrived meanwhile), or
   * withdraws a pause that has not taken effect yet.
   *
   * @throws TransitionRefused unless paused or about to pause
   */
  public Transition resume(String user, Instant now) {
    return change(
        () -> {
          if (status == ExecutionStatus.RUNNING && pauseRequestedBy != null) {
            pauseRequestedBy = null; // the pause had not taken effect yet
            return;
          }
          if (status != ExecutionStatus.PAUSED) {
            throw refused("resumed");
          }
          emit(seq -> new ExecutionResumed(UUID.randomUUID(), now, id(), seq, user));
          if (awaited == null && waitingUntil != null) {
            // a delay's timer keeps its time: it fires when it was set to, or now if that passed
            status = ExecutionStatus.RUNNING;
            boolean due = !waitingUntil.isAfter(now);
            queue = QueueEntry.runnableAt(due ? now : waitingUntil);
            recorder.runnable(due);
          } else if (awaited == null) {
            enterStep(nextStepIndex, now, false, now);
          } else if (awaited.pending() != null) {
            ApprovalResolved pending = awaited.pending();
            awaited = awaited.keeping(null);
            apply(pending, now);
          } else {
            status = ExecutionStatus.WAITING_APPROVAL;
          }
        });
  }

  /**
   * Cancels at once; a worker mid-step is stopped and its attempt dropped.
   *
   * @throws TransitionRefused if the run has finished
   */
  public Transition cancel(String user, Instant now) {
    return change(
        () -> {
          if (!status.active()) {
            throw refused("cancelled");
          }
          if (status == ExecutionStatus.RUNNING) {
            stopWorkerIfMidStep(now);
          }
          String stepId = currentStepId();
          finish(ExecutionStatus.CANCELLED, now);
          emit(seq -> new ExecutionCancelled(UUID.randomUUID(), now, id(), seq, user, stepId));
        });
  }

  /**
   * Applies the outcome if this execution waits on that approval; remembers it while paused.
   * Anything else (another approval, a repeat, a finished run) changes nothing.
   */
  public Transition approvalResolved(ApprovalResolved resolution, Instant now) {
    return change(
        () -> {
          if (awaited == null || !awaited.awaits(resolution)) {
            return;
          }
          if (status == ExecutionStatus.WAITING_APPROVAL) {
            apply(resolution, now);
          } else if (status == ExecutionStatus.PAUSED && awaited.pending() == null) {
            awaited = awaited.keeping(resolution);
          }
        });
  }

  // ---- transitions

  /** Runs one transition; nothing it caused is kept if it is refused. */
  private Transition change(Runnable transition) {
    recorder = new Transition.Recorder();
    try {
      transition.run();
      return recorder.done();
    } finally {
      recorder = null;
    }
  }

  /** A worker holding a live lease is mid-step: whatever it is doing must stop. */
  private void stopWorkerIfMidStep(Instant now) {
    if (queue.liveAt(now)) {
      recorder.stopsWorker();
    }
  }

  private TransitionRefused refused(String verb) {
    return new TransitionRefused("A " + status.wire() + " execution cannot be " + verb);
  }

  private void succeed(Instant now) {
    PilotStep step = currentStep();
    // An approved run takes its place in the queue as of when it began to wait for people: the
    // wait for their decision does not count against it. Under load the run someone has just
    // approved (and is watching) goes ahead of the runs that became runnable meanwhile, instead
    // of behind all of them, and runs under way finish before new ones take their workers.
    Instant queuedSince = step.waitsForPeople() && stepStartedAt != null ? stepStartedAt : now;
    recorder.finished(
        new StepRecord(
            nextStepIndex, step.id(), StepStatus.COMPLETED, stepStartedAt, now, attempt, null));
    completedSteps.add(step.id());
    List<String> completed = List.copyOf(completedSteps);
    int order = nextStepIndex + 1;
    int total = plan.steps().size();
    emit(
        seq ->
            new StepCompleted(
                UUID.randomUUID(),
                now,
                id(),
                seq,
                step.id(),
                step.title(),
                order,
                total,
                completed));
    enterStep(nextStepIndex + 1, now, queue.leased(), queuedSince);
  }

  private void apply(ApprovalResolved resolution, Instant now) {
    ApprovalOutcome outcome = resolution.outcome();
    if (outcome == null || outcome == ApprovalOutcome.CANCELLED) {
      return;
    }
    awaited = null;
    switch (outcome) {
      case APPROVED -> succeed(now);
      case REJECTED ->
          fail(
              FailureReason.REJECTED,
              resolution.decidedByTimeout()
                  ? "rejected: nobody decided before the approval expired (on_timeout: reject)"
                  : rejection(resolution),
              now);
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

  /**
   * Moves to step {@code index}: the end, a pause, an approval request, or an action; an action not
   * taken over by the lease's holder is queued as runnable since {@code queuedSince}.
   */
  private void enterStep(int index, Instant now, boolean holdingLease, Instant queuedSince) {
    nextStepIndex = index;
    attempt = 0;
    failures = 0;
    lastError = null;
    stepStartedAt = null;
    waitingUntil = null;
    if (index >= plan.steps().size()) {
      complete(now);
    } else if (pauseRequestedBy != null) {
      pauseNow(pauseRequestedBy, now);
    } else if (plan.steps().get(index).waitsForPeople()) {
      requestApproval(now);
    } else {
      status = ExecutionStatus.RUNNING;
      if (holdingLease) {
        beginAttempt(now);
      } else {
        queue = QueueEntry.runnableAt(queuedSince);
        recorder.runnable(true);
      }
    }
  }

  private void beginAttempt(Instant now) {
    PilotStep step = currentStep();
    attempt++;
    stepStartedAt = now;
    int order = nextStepIndex + 1;
    int thisAttempt = attempt;
    int total = plan.steps().size();
    emit(
        seq ->
            new StepStarted(
                UUID.randomUUID(),
                now,
                id(),
                seq,
                step.id(),
                step.title(),
                order,
                total,
                thisAttempt));
  }

  private void requestApproval(Instant now) {
    PilotStep step = currentStep();
    PilotStep.Approval approval = step.approval();
    Instant expiresAt = now.plus(step.approvalTimeout());
    ApprovalTemplates.Resolved asked;
    ApprovalAudience audience;
    try {
      asked = approvalTemplates.resolve(id(), plan.agentName(), step);
      audience = ApprovalAudience.of(approval, approvalTemplates, now, expiresAt);
    } catch (ApprovalTemplates.Unresolvable e) {
      // nothing can be put before people: the step fails like an action whose params cannot
      stepStartedAt = now;
      attempt = 1;
      fail(FailureReason.STEP_ERROR, e.getMessage(), now);
      return;
    }
    status = ExecutionStatus.WAITING_APPROVAL;
    queue = QueueEntry.notQueued();
    attempt = 1;
    stepStartedAt = now;
    AwaitedApproval requested = new AwaitedApproval(UUID.randomUUID(), expiresAt, null);
    awaited = requested;
    int order = nextStepIndex + 1;
    ApprovalContext context = context();
    emit(
        seq ->
            new ApprovalRequested(
                UUID.randomUUID(),
                now,
                id(),
                seq,
                requested.approvalId(),
                step.id(),
                step.title(),
                order,
                plan.steps().size(),
                audience.approvers(),
                approval.approvalType(),
                requested.expiresAt(),
                asked.reason(),
                plan.owner(),
                approval.preventSelfApproval(),
                context,
                asked.proposal(),
                asked.proposal() == null ? null : approval.editable(),
                asked.proposal() == null ? null : approval.proposalSchema(),
                audience.groups(),
                audience.remindAt(),
                audience.escalation(),
                approval.onTimeout()));
  }

  private ApprovalContext context() {
    List<ApprovalContext.Step> view = new ArrayList<>();
    List<PilotStep> steps = plan.steps();
    for (int i = 0; i < steps.size(); i++) {
      PilotStep s = steps.get(i);
      StepStatus stepStatus =
          i < nextStepIndex
              ? StepStatus.COMPLETED
              : i == nextStepIndex ? StepStatus.WAITING_APPROVAL : StepStatus.PENDING;
      view.add(new ApprovalContext.Step(s.id(), s.title(), s.type(), stepStatus));
    }
    return new ApprovalContext(
        plan.agentId(),
        plan.agentName(),
        plan.agentDescription(),
        plan.mode(),
        plan.trigger(),
        plan.createdAt(),
        view);
  }

  private void pauseNow(String user, Instant now) {
    status = ExecutionStatus.PAUSED;
    pauseRequestedBy = null;
    queue = QueueEntry.notQueued();
    String next = currentStepId();
    emit(seq -> new ExecutionPaused(UUID.randomUUID(), now, id(), seq, user, next));
  }

  private void complete(Instant now) {
    finish(ExecutionStatus.COMPLETED, now);
    long duration = Duration.between(plan.createdAt(), now).toMillis();
    int total = plan.steps().size();
    emit(seq -> new ExecutionCompleted(UUID.randomUUID(), now, id(), seq, total, duration));
  }

  private void fail(FailureReason reason, String error, Instant now) {
    PilotStep step = currentStep();
    recorder.finished(
        new StepRecord(
            nextStepIndex, step.id(), StepStatus.FAILED, stepStartedAt, now, attempt, error));
    failure = new Failure(reason, step.id(), error);
    finish(ExecutionStatus.FAILED, now);
    emit(
        seq ->
            new ExecutionFailed(
                UUID.randomUUID(), now, id(), seq, reason, step.id(), step.title(), error));
  }

  private void finish(ExecutionStatus end, Instant now) {
    status = end;
    finishedAt = now;
    pauseRequestedBy = null;
    waitingUntil = null;
    queue = QueueEntry.notQueued();
  }

  private void emit(LongFunction<ExecutionEvent> event) {
    eventSequence++;
    recorder.event(event.apply(eventSequence));
  }
}
