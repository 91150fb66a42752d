package dev.pilot.dashboard.projection;

import dev.pilot.contracts.PilotEvent;
import dev.pilot.contracts.approval.ApprovalEvent;
import dev.pilot.contracts.execution.ExecutionEvent;
import dev.pilot.dashboard.running.RunningExecution;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * One run's events folded in memory the way {@link Projection} folds a batch, without a database:
 * the execution state, the tallies of its approvals, and the card they make.
 */
record Folded(ExecutionState state, Map<UUID, ApprovalTally> tallies) {

  static Folded of(UUID executionId, List<? extends PilotEvent> events) {
    ExecutionState state = ExecutionState.empty(executionId);
    Map<UUID, ApprovalTally> tallies = new HashMap<>();
    for (PilotEvent event : events) {
      if (event instanceof ExecutionEvent e) {
        state = state.apply(e);
      } else {
        ApprovalEvent e = (ApprovalEvent) event;
        state = state.approvalEventSeen(e.sequence());
        tallies.put(
            e.approvalId(),
            tallies
                .getOrDefault(e.approvalId(), ApprovalTally.empty(e.approvalId(), executionId))
                .apply(e));
      }
    }
    return new Folded(state, Map.copyOf(tallies));
  }

  ApprovalTally tally() {
    UUID approvalId = state.approvalId();
    return approvalId == null ? null : tallies.get(approvalId);
  }

  /** The card as the dashboard would show it (no past runs: no estimate). */
  RunningExecution card() {
    ApprovalTally tally = tally();
    return RunningExecution.of(state.run(), tally == null ? null : tally.answers(), null);
  }

  Set<String> viewers() {
    return state.visibleTo(tally());
  }
}
