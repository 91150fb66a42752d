package dev.pilot.dashboard.projection;

import dev.pilot.contracts.PilotStepSummary;
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
import dev.pilot.dashboard.running.ProposalSummary;
import dev.pilot.dashboard.running.Run;
import dev.pilot.dashboard.running.RunStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * What the dashboard knows of one run, folded from its execution events: the one place events
 * become a {@link Run} (and so a card). Immutable; {@link #apply} returns the next state.
 *
 * <p>The fold converges whatever order the events arrive in (a broker restart delivers later events
 * before earlier ones; duplicates come again): each fact that changes over a run is a register that
 * only an event with a higher sequence overwrites ({@code status}, {@code position}, {@code
 * completed}, {@code approval}); facts set once per run (who started it, how it ended) are filled
 * in by whichever event brings them; and what depends on several registers (the status after a
 * resume, the step title, the totals, the duration) is derived from them in {@link #run}, never
 * stored as a decision taken in arrival order. The approval tally lives beside it ({@link
 * ApprovalTally}): approval events travel on another topic.
 */
record ExecutionState(
    UUID executionId,
    Run.Agent agent,
    List<PilotStepSummary> pilotSteps,
    int announcedTotal,
    Instant createdAt,
    Stamped<Status> status,
    Stamped<Position> position,
    Stamped<List<String>> completed,
    Stamped<Run.ApprovalRequest> approval,
    Ending ending,
    long lastSequenceApproval) {

  /** A register's value and the sequence of the event that wrote it (0: none has). */
  record Stamped<T>(T value, long sequence) {
    /** This register after an event: overwritten only by a later event. */
    Stamped<T> write(T next, long eventSequence) {
      return eventSequence > sequence ? new Stamped<>(next, eventSequence) : this;
    }
  }

  /**
   * The status the latest event set; {@code resumed}: set by {@code ExecutionResumed}, whose status
   * depends on where the run stands ({@link #runStatus}).
   */
  record Status(RunStatus value, boolean resumed) {}

  /** Where the run is: the step an event named (null between steps) and what it said of it. */
  record Position(String currentStep, String stepTitle, Integer stepOrder) {
    static final Position BETWEEN_STEPS = new Position(null, null, null);
  }

  /**
   * How the run ended (set once, by its terminal event).
   *
   * @param reportedDurationMs the duration {@code ExecutionCompleted} reported, or null
   * @param failure why it failed, or null
   * @param failedStepTitle the failed step's title as the failure named it, or null
   */
  record Ending(
      Instant finishedAt, Long reportedDurationMs, Run.Failure failure, String failedStepTitle) {}

  static ExecutionState empty(UUID executionId) {
    return new ExecutionState(
        executionId,
        Run.Agent.UNKNOWN,
        List.of(),
        0,
        null,
        new Stamped<>(new Status(RunStatus.UNKNOWN, false), 0),
        new Stamped<>(Position.BETWEEN_STEPS, 0),
        new Stamped<>(List.of(), 0),
        new Stamped<>(null, 0),
        null,
        0);
  }

  /**
   * What the read model keeps beside a {@link Run} so the fold can go on after a reload: the
   * sequence each register was written at, whether the status came from a resume, and the highest
   * sequence seen on the approval topic.
   */
  record Registers(
      long status,
      long position,
      long completed,
      long approval,
      boolean resumed,
      long approvalTopic) {}

  /** The state a stored run and its registers stand for. */
  static ExecutionState stored(Run run, Registers registers) {
    Run.Progress progress = run.progress();
    Run.Timing timing = run.timing();
    Ending ending =
        timing.finishedAt() == null
            ? null
            : new Ending(
                timing.finishedAt(),
                run.status() == RunStatus.COMPLETED ? timing.durationMs() : null,
                run.failure(),
                run.failure() == null ? null : progress.stepTitle());
    return new ExecutionState(
        run.executionId(),
        run.agent(),
        progress.pilotSteps(),
        progress.totalSteps(),
        timing.createdAt(),
        new Stamped<>(
            new Status(registers.resumed() ? RunStatus.RUNNING : run.status(), registers.resumed()),
            registers.status()),
        new Stamped<>(
            new Position(progress.currentStep(), progress.stepTitle(), progress.stepOrder()),
            registers.position()),
        new Stamped<>(progress.completedSteps(), registers.completed()),
        new Stamped<>(run.approval(), registers.approval()),
        ending,
        registers.approvalTopic());
  }

  Registers registers() {
    return new Registers(
        status.sequence(),
        position.sequence(),
        completed.sequence(),
        approval.sequence(),
        status.value().resumed(),
        lastSequenceApproval);
  }

  /** The highest sequence applied from the execution topic (every event writes the status). */
  long lastSequenceExecution() {
    return status.sequence();
  }

  /** The state after the event, whatever was applied before or arrives later. */
  ExecutionState apply(ExecutionEvent event) {
    return ExecutionEventFold.apply(this, event);
  }

  // ---- the transitions, one per event type (ExecutionEventFold dispatches)

  ExecutionState started(ExecutionStarted e) {
    Changes next = change();
    next.agent =
        new Run.Agent(
            or(e.agentId(), agent.agentId()),
            or(e.agentName(), agent.agentName()),
            or(e.owner(), agent.owner()),
            or(e.mode(), agent.mode()),
            or(e.trigger(), agent.trigger()));
    if (e.pilotSteps() != null && !e.pilotSteps().isEmpty()) {
      next.pilotSteps = List.copyOf(e.pilotSteps());
    }
    next.createdAt = micros(e.occurredAt());
    return next.done().withStatus(RunStatus.RUNNING, false, e.sequence());
  }

  ExecutionState stepStarted(StepStarted e) {
    return announce(e.totalSteps())
        .withStatus(RunStatus.RUNNING, false, e.sequence())
        .withPosition(new Position(e.stepId(), e.stepTitle(), order(e.stepOrder())), e.sequence());
  }

  ExecutionState stepCompleted(StepCompleted e) {
    List<String> done = e.completedSteps() == null ? List.of() : List.copyOf(e.completedSteps());
    return announce(e.totalSteps())
        .withStatus(RunStatus.RUNNING, false, e.sequence())
        .withPosition(Position.BETWEEN_STEPS, e.sequence())
        .withCompleted(done, e.sequence());
  }

  ExecutionState approvalRequested(ApprovalRequested e) {
    // The request's context only fills in what ExecutionStarted (authoritative) has not said.
    Run.Agent known =
        new Run.Agent(
            or(agent.agentId(), e.context() == null ? null : e.context().agentId()),
            or(agent.agentName(), e.context() == null ? null : e.context().agentName()),
            or(agent.owner(), e.owner()),
            agent.mode(),
            agent.trigger());
    Run.ApprovalRequest request =
        new Run.ApprovalRequest(
            e.approvalId(),
            e.stepId(),
            e.approvalType(),
            e.reason(),
            e.approvers() == null ? List.of() : e.approvers(),
            micros(e.occurredAt()),
            micros(e.expiresAt()),
            e.preventSelfApproval(),
            ProposalSummary.of(e.proposal()));
    return withAgent(known)
        .announce(e.totalSteps())
        .withStatus(RunStatus.WAITING_APPROVAL, false, e.sequence())
        .withPosition(new Position(e.stepId(), e.stepTitle(), order(e.stepOrder())), e.sequence())
        .withApproval(request, e.sequence());
  }

  ExecutionState paused(ExecutionPaused e) {
    ExecutionState next = withStatus(RunStatus.PAUSED, false, e.sequence());
    return e.nextStepId() == null
        ? next
        : next.withPosition(new Position(e.nextStepId(), null, null), e.sequence());
  }

  ExecutionState resumed(ExecutionResumed e) {
    return withStatus(RunStatus.RUNNING, true, e.sequence());
  }

  ExecutionState completed(ExecutionCompleted e) {
    return announce(e.totalSteps())
        .withStatus(RunStatus.COMPLETED, false, e.sequence())
        .withEnding(new Ending(micros(e.occurredAt()), e.durationMs(), null, null));
  }

  ExecutionState failed(ExecutionFailed e) {
    return withStatus(RunStatus.FAILED, false, e.sequence())
        .withEnding(
            new Ending(
                micros(e.occurredAt()),
                null,
                new Run.Failure(e.reason(), e.stepId(), e.error()),
                e.stepTitle()));
  }

  ExecutionState cancelled(ExecutionCancelled e) {
    return withStatus(RunStatus.CANCELLED, false, e.sequence())
        .withEnding(new Ending(micros(e.occurredAt()), null, null, null));
  }

  /**
   * Records an approval event of this run (its tally is kept by {@link ApprovalTally}). The
   * register is at least 1 once any approval event was seen, even one whose sequence breaks the
   * contract's minimum of 1: the projection reads a run's tallies only when it is set.
   */
  ExecutionState approvalEventSeen(long sequence) {
    long seen = Math.max(1, sequence);
    if (seen <= lastSequenceApproval) {
      return this;
    }
    Changes next = change();
    next.lastSequenceApproval = seen;
    return next.done();
  }

  // ---- what the registers mean together

  /** The run as the read model stores and shows it. */
  Run run() {
    RunStatus runStatus = runStatus();
    Position at = position.value();
    List<String> done = completed.value();
    int total = pilotSteps.isEmpty() ? announcedTotal : pilotSteps.size();
    String title;
    if (ending != null && ending.failedStepTitle() != null) {
      title = ending.failedStepTitle();
    } else if (at.currentStep() != null) {
      title = titleOf(at.currentStep(), at.stepTitle());
    } else {
      title = nextPendingTitle(done);
    }
    Instant finishedAt = ending == null ? null : ending.finishedAt();
    Long duration =
        ending != null && ending.reportedDurationMs() != null
            ? ending.reportedDurationMs()
            : createdAt != null && finishedAt != null
                ? Duration.between(createdAt, finishedAt).toMillis()
                : null;
    return new Run(
        executionId,
        agent,
        runStatus,
        new Run.Progress(pilotSteps, at.currentStep(), title, at.stepOrder(), total, done),
        new Run.Timing(createdAt, finishedAt, duration),
        approval.value(),
        ending == null ? null : ending.failure(),
        null);
  }

  /** A resumed run waits for approval again if it stands at the step it requested one for. */
  RunStatus runStatus() {
    Status s = status.value();
    if (!s.resumed()) {
      return s.value();
    }
    Run.ApprovalRequest request = approval.value();
    String at = position.value().currentStep();
    return request != null && request.stepId() != null && request.stepId().equals(at)
        ? RunStatus.WAITING_APPROVAL
        : RunStatus.RUNNING;
  }

  /** The users who see this run among their running ones: none once it has ended. */
  Set<String> visibleTo(ApprovalTally tally) {
    Set<String> users = new LinkedHashSet<>();
    Run run = run();
    if (!run.status().isActive()) {
      return users;
    }
    if (agent.owner() != null) {
      users.add(agent.owner());
    }
    if (run.hasPendingApproval(tally != null && tally.isResolved())) {
      users.addAll(
          tally == null
              ? run.approval().approvers()
              : run.approval().widenedTo(tally.escalatedApprovers()).approvers());
    }
    return users;
  }

  /**
   * The users whose recent activity lists this run once it ended (as {@code
   * RunningExecutions.finishedFor} selects them): its owner and the approvers it asked.
   */
  Set<String> recentActivityOf() {
    Set<String> users = new LinkedHashSet<>();
    if (agent.owner() != null) {
      users.add(agent.owner());
    }
    if (approval.value() != null) {
      users.addAll(approval.value().approvers());
    }
    return users;
  }

  UUID approvalId() {
    return approval.value() == null ? null : approval.value().approvalId();
  }

  // ---- helpers

  private ExecutionState withStatus(RunStatus value, boolean resumed, long sequence) {
    Changes next = change();
    next.status = status.write(new Status(value, resumed), sequence);
    return next.done();
  }

  private ExecutionState withPosition(Position value, long sequence) {
    Changes next = change();
    next.position = position.write(value, sequence);
    return next.done();
  }

  private ExecutionState withCompleted(List<String> value, long sequence) {
    Changes next = change();
    next.completed = completed.write(value, sequence);
    return next.done();
  }

  private ExecutionState withApproval(Run.ApprovalRequest value, long sequence) {
    Changes next = change();
    next.approval = approval.write(value, sequence);
    return next.done();
  }

  private ExecutionState withAgent(Run.Agent value) {
    Changes next = change();
    next.agent = value;
    return next.done();
  }

  /** Every event of a run announces the same total: the first non-zero one is kept. */
  private ExecutionState announce(int total) {
    if (announcedTotal != 0 || total <= 0) {
      return this;
    }
    Changes next = change();
    next.announcedTotal = total;
    return next.done();
  }

  /** The terminal event comes once; a duplicate of it changes nothing. */
  private ExecutionState withEnding(Ending value) {
    if (ending != null) {
      return this;
    }
    Changes next = change();
    next.ending = value;
    return next.done();
  }

  private Changes change() {
    return new Changes(this);
  }

  /** A copy of a state to change some fields of: the one place a next state is built. */
  private static final class Changes {
    private final UUID executionId;
    Run.Agent agent;
    List<PilotStepSummary> pilotSteps;
    int announcedTotal;
    Instant createdAt;
    Stamped<Status> status;
    Stamped<Position> position;
    Stamped<List<String>> completed;
    Stamped<Run.ApprovalRequest> approval;
    Ending ending;
    long lastSequenceApproval;

    Changes(ExecutionState s) {
      executionId = s.executionId;
      agent = s.agent;
      pilotSteps = s.pilotSteps;
      announcedTotal = s.announcedTotal;
      createdAt = s.createdAt;
      status = s.status;
      position = s.position;
      completed = s.completed;
      approval = s.approval;
      ending = s.ending;
      lastSequenceApproval = s.lastSequenceApproval;
    }

    ExecutionState done() {
      return new ExecutionState(
          executionId,
          agent,
          pilotSteps,
          announcedTotal,
          createdAt,
          status,
          position,
          completed,
          approval,
          ending,
          lastSequenceApproval);
    }
  }

  private static Integer order(int stepOrder) {
    return stepOrder > 0 ? stepOrder : null;
  }

  private static <T> T or(T preferred, T fallback) {
    return preferred != null ? preferred : fallback;
  }

  /**
   * Times as PostgreSQL keeps them (microseconds), so a duration is the same whether both ends were
   * folded in memory in one batch or one of them was read back from the row.
   */
  private static Instant micros(Instant at) {
    return at == null ? null : at.truncatedTo(ChronoUnit.MICROS);
  }

  private String titleOf(String stepId, String fallback) {
    return pilotSteps.stream()
        .filter(s -> Objects.equals(s.id(), stepId))
        .map(PilotStepSummary::title)
        .findFirst()
        .orElse(fallback);
  }

  private String nextPendingTitle(List<String> done) {
    return pilotSteps.stream()
        .filter(s -> !done.contains(s.id()))
        .map(PilotStepSummary::title)
        .findFirst()
        .orElse(null);
  }
}
