package dev.pilot.execution.execution.model;

import dev.pilot.execution.agent.PilotStep;
import java.util.List;
import java.util.UUID;

/**
 * Resolves an approval step's templates ({@code reason}, {@code proposal}) against the run's data,
 * and its approver groups to their members, at the moment the run reaches the step. The aggregate
 * asks; where the data lives is not its concern.
 */
@FunctionalInterface
public interface ApprovalTemplates {

  /** Leaves every template as written: for runs and tests that carry no data. */
  ApprovalTemplates AS_WRITTEN =
      (executionId, agentName, step) ->
          new Resolved(step.approval().reason(), step.approval().proposal());

  /**
   * The step's reason and proposal with their references resolved.
   *
   * @throws Unresolvable when a reference points at nothing, or the proposal is too large
   */
  Resolved resolve(UUID executionId, String agentName, PilotStep step);

  /**
   * Who belongs to an approver group now (issue 15); asked once per request, which keeps the
   * answer. No group has members unless a directory answers.
   */
  default List<String> membersOf(String group) {
    return List.of();
  }

  /** What the approvers are asked: the reason as text, the proposal as any JSON value (or null). */
  record Resolved(String reason, Object proposal) {}

  /** The step cannot be put before people: it fails with this message. */
  class Unresolvable extends RuntimeException {
    public Unresolvable(String message) {
      super(message);
    }
  }
}
