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
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * What the dashboard knows of one execution, folded from its execution events. The approval tally
 * lives beside it ({@link ApprovalTally}) because approval events travel on another topic.
 */
final class ExecutionState {

  static final Set<String> ACTIVE = Set.of("running", "waiting_approval", "paused");

  UUID executionId;
  UUID agentId;
  String agentName;
  String owner;
  String mode;
  String trigger;
  String status = "unknown";
  List<PilotStepSummary> pilotSteps = List.of();
  String currentStep;
  String stepTitle;
  Integer stepOrder;
  int totalSteps;
  List<String> completedSteps = List.of();
  Instant createdAt;
  Instant finishedAt;
  Long durationMs;
  UUID approvalId;
  String approvalStepId;
  String approvalType;
  String approvalReason;
  List<String> approvers = List.of();
  String failureReason;
  String failureStep;
  String failureError;
  long lastSequenceExecution;
  long lastSequenceApproval;

  ExecutionState(UUID executionId) {
    this.executionId = executionId;
  }

  boolean isActive() {
    return ACTIVE.contains(status);
  }

  /** An approval is pending while the execution waits for it and no outcome has arrived. */
  boolean hasPendingApproval(ApprovalTally tally) {
    return approvalId != null
        && "waiting_approval".equals(status)
        && (tally == null || tally.outcome() == null);
  }

  /** The users who see this execution among their running ones: none once it has ended. */
  Set<String> visibleTo(ApprovalTally tally) {
    Set<String> users = new LinkedHashSet<>();
    if (!isActive()) {
      return users;
    }
    if (owner != null) {
      users.add(owner);
    }
    if (hasPendingApproval(tally)) {
      users.addAll(approvers);
    }
    return users;
  }

  void apply(ExecutionEvent event) {
    lastSequenceExecution = event.sequence();
    if (event instanceof ExecutionStarted e) {
      started(e);
    } else if (event instanceof StepStarted e) {
      status = "running";
      moveTo(e.stepId(), e.stepTitle(), e.stepOrder(), e.totalSteps());
    } else if (event instanceof StepCompleted e) {
      stepCompleted(e);
    } else if (event instanceof ApprovalRequested e) {
      approvalRequested(e);
    } else if (event instanceof ExecutionPaused e) {
      status = "paused";
      if (e.nextStepId() != null) {
        currentStep = e.nextStepId();
        stepTitle = titleOf(e.nextStepId(), stepTitle);
      }
    } else if (event instanceof ExecutionResumed) {
      status =
          approvalStepId != null && approvalStepId.equals(currentStep)
              ? "waiting_approval"
              : "running";
    } else if (event instanceof ExecutionCompleted e) {
      status = "completed";
      finish(e.occurredAt());
      durationMs = e.durationMs();
      if (e.totalSteps() > 0 && totalSteps == 0) {
        totalSteps = e.totalSteps();
      }
    } else if (event instanceof ExecutionFailed e) {
      status = "failed";
      finish(e.occurredAt());
      failureReason = e.reason() == null ? null : e.reason().name().toLowerCase();
      failureStep = e.stepId();
      failureError = e.error();
      if (e.stepTitle() != null) {
        stepTitle = e.stepTitle();
      }
    } else if (event instanceof ExecutionCancelled e) {
      status = "cancelled";
      finish(e.occurredAt());
    }
  }

  /**
   * Folds in an event older than what the row has seen on the execution topic (it arrived out of
   * order, e.g. after a broker restart): only the facts that never change once known are filled in
   * where they are still missing; status and current step never move backwards.
   *
   * @return whether the row changed
   */
  boolean backfill(ExecutionEvent event) {
    String before = facts();
    if (event instanceof ExecutionStarted e) {
      agentId = agentId == null ? e.agentId() : agentId;
      agentName = agentName == null ? e.agentName() : agentName;
      owner = owner == null ? e.owner() : owner;
      mode = mode == null && e.mode() != null ? e.mode().name().toLowerCase() : mode;
      trigger = trigger == null && e.trigger() != null ? e.trigger().name().toLowerCase() : trigger;
      if (pilotSteps.isEmpty() && e.pilotSteps() != null && !e.pilotSteps().isEmpty()) {
        pilotSteps = List.copyOf(e.pilotSteps());
        totalSteps = pilotSteps.size();
        if (isActive() && currentStep != null) {
          stepTitle = titleOf(currentStep, stepTitle);
        } else if (isActive() && stepTitle == null) {
          stepTitle = nextPendingTitle();
        }
      }
      if (createdAt == null) {
        createdAt = micros(e.occurredAt());
        if (finishedAt != null && durationMs == null) {
          durationMs = Duration.between(createdAt, finishedAt).toMillis();
        }
      }
    } else if (event instanceof ApprovalRequested e) {
      if (approvalId == null) {
        approvalId = e.approvalId();
        approvalStepId = e.stepId();
        approvalType = e.approvalType() == null ? null : e.approvalType().name().toLowerCase();
        approvalReason = e.reason();
        approvers = e.approvers() == null ? List.of() : List.copyOf(e.approvers());
      }
      owner = owner == null ? e.owner() : owner;
      if (e.context() != null) {
        agentName = agentName == null ? e.context().agentName() : agentName;
        agentId = agentId == null ? e.context().agentId() : agentId;
      }
      fillTotal(e.totalSteps());
    } else if (event instanceof StepStarted e) {
      fillTotal(e.totalSteps());
    } else if (event instanceof StepCompleted e) {
      fillTotal(e.totalSteps());
    }
    return !before.equals(facts());
  }

  private void fillTotal(int total) {
    if (totalSteps == 0 && total > 0) {
      totalSteps = total;
    }
  }

  /** The facts {@link #backfill} may fill in, to tell whether it did. */
  private String facts() {
    return String.join(
        "|",
        String.valueOf(agentId),
        String.valueOf(agentName),
        String.valueOf(owner),
        String.valueOf(mode),
        String.valueOf(trigger),
        String.valueOf(pilotSteps.size()),
        String.valueOf(totalSteps),
        String.valueOf(stepTitle),
        String.valueOf(createdAt),
        String.valueOf(durationMs),
        String.valueOf(approvalId),
        String.valueOf(approvers));
  }

  private void started(ExecutionStarted e) {
    status = "running";
    agentId = e.agentId();
    agentName = e.agentName();
    owner = e.owner();
    mode = e.mode() == null ? null : e.mode().name().toLowerCase();
    trigger = e.trigger() == null ? null : e.trigger().name().toLowerCase();
    pilotSteps = e.pilotSteps() == null ? List.of() : List.copyOf(e.pilotSteps());
    totalSteps = pilotSteps.size();
    createdAt = micros(e.occurredAt());
    if (currentStep == null) {
      stepTitle = nextPendingTitle();
    }
  }

  private void stepCompleted(StepCompleted e) {
    if ("waiting_approval".equals(status) || "unknown".equals(status)) {
      status = "running";
    }
    completedSteps = e.completedSteps() == null ? List.of() : List.copyOf(e.completedSteps());
    currentStep = null;
    stepTitle = nextPendingTitle();
    stepOrder = null;
    if (e.totalSteps() > 0 && pilotSteps.isEmpty()) {
      totalSteps = e.totalSteps();
    }
  }

  private void approvalRequested(ApprovalRequested e) {
    status = "waiting_approval";
    moveTo(e.stepId(), e.stepTitle(), e.stepOrder(), e.totalSteps());
    approvalId = e.approvalId();
    approvalStepId = e.stepId();
    approvalType = e.approvalType() == null ? null : e.approvalType().name().toLowerCase();
    approvalReason = e.reason();
    approvers = e.approvers() == null ? List.of() : List.copyOf(e.approvers());
    if (owner == null) {
      owner = e.owner();
    }
    if (e.context() != null) {
      if (agentName == null) {
        agentName = e.context().agentName();
      }
      if (agentId == null) {
        agentId = e.context().agentId();
      }
    }
  }

  private void moveTo(String stepId, String title, int order, int total) {
    currentStep = stepId;
    stepTitle = titleOf(stepId, title);
    stepOrder = order > 0 ? order : null;
    if (pilotSteps.isEmpty() && total > 0) {
      totalSteps = total;
    }
  }

  /**
   * Times as PostgreSQL keeps them (microseconds), so a duration is the same whether both ends were
   * folded in memory in one batch or one of them was read back from the row.
   */
  private static Instant micros(Instant at) {
    return at == null ? null : at.truncatedTo(ChronoUnit.MICROS);
  }

  private void finish(Instant at) {
    at = micros(at);
    finishedAt = at;
    if (createdAt != null && at != null) {
      durationMs = Duration.between(createdAt, at).toMillis();
    }
  }

  private String titleOf(String stepId, String fallback) {
    return pilotSteps.stream()
        .filter(s -> s.id().equals(stepId))
        .map(PilotStepSummary::title)
        .findFirst()
        .orElse(fallback);
  }

  private String nextPendingTitle() {
    List<PilotStepSummary> pending = new ArrayList<>(pilotSteps);
    pending.removeIf(s -> completedSteps.contains(s.id()));
    return pending.isEmpty() ? null : pending.get(0).title();
  }
}
