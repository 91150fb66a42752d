package dev.pilot.execution.execution.model;

import dev.pilot.contracts.ExecutionMode;
import dev.pilot.contracts.Trigger;
import dev.pilot.execution.agent.PilotStep;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;

/**
 * What a run is, fixed when it starts: whose agent, how it was triggered, a snapshot of its steps,
 * and the W3C trace context of what started it ({@code traceparent}: the start request's span or
 * the scheduler tick's; null when tracing is off), which the spans of its steps continue.
 */
public record RunPlan(
    UUID id,
    UUID agentId,
    String agentName,
    String agentDescription,
    String owner,
    ExecutionMode mode,
    Trigger trigger,
    List<PilotStep> steps,
    Instant createdAt,
    String traceparent) {

  public RunPlan {
    steps = List.copyOf(steps);
  }

  /** Everyone named on an approval step, in order of appearance: they may read the run. */
  public List<String> approvers() {
    LinkedHashSet<String> approvers = new LinkedHashSet<>();
    steps.stream()
        .filter(PilotStep::waitsForPeople)
        .forEach(s -> approvers.addAll(s.approval().approvers()));
    return List.copyOf(approvers);
  }
}
