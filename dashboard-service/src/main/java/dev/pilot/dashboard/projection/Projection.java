package dev.pilot.dashboard.projection;

import dev.pilot.contracts.approval.ApprovalEvent;
import dev.pilot.contracts.execution.ExecutionEvent;
import dev.pilot.dashboard.running.RunningExecutions;
import dev.pilot.platform.inbox.Inbox;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Applies one event to the read model in one transaction: skipped when already applied (inbox) or
 * older than what the row has seen on that topic (per-topic sequence), otherwise folded into the
 * row and, when a user's view changed, recorded in the change feed.
 */
@Service
public class Projection {

  /** The inbox consumer name of the read model (live and rebuild alike). */
  public static final String CONSUMER = "dashboard-read-model";

  private final Inbox inbox;
  private final ExecutionStates states;
  private final ChangeLog changes;
  private final RunningExecutions views;
  private final JsonMapper json;

  Projection(
      Inbox inbox,
      ExecutionStates states,
      ChangeLog changes,
      RunningExecutions views,
      JsonMapper json) {
    this.inbox = inbox;
    this.states = states;
    this.changes = changes;
    this.views = views;
    this.json = json;
  }

  /**
   * @param quiet apply without recording changes (rebuild: clients get one reset instead)
   * @return whether the event changed the read model
   */
  @Transactional
  public boolean apply(ExecutionEvent event, boolean quiet) {
    if (!inbox.firstDelivery(CONSUMER, event.eventId())) {
      return false;
    }
    ExecutionState state = states.lock(event.executionId());
    Set<String> before = state.visibleTo(states.tally(state.approvalId).orElse(null));
    if (event.sequence() <= state.lastSequenceExecution) {
      return state.backfill(event) && store(state, before, quiet);
    }
    state.apply(event);
    return store(state, before, quiet);
  }

  @Transactional
  public boolean apply(ApprovalEvent event, boolean quiet) {
    if (!inbox.firstDelivery(CONSUMER, event.eventId())) {
      return false;
    }
    ExecutionState state = states.lock(event.executionId());
    if (event.sequence() <= state.lastSequenceApproval) {
      return false;
    }
    Set<String> before = state.visibleTo(states.tally(state.approvalId).orElse(null));
    ApprovalTally tally =
        states
            .tally(event.approvalId())
            .orElseGet(() -> ApprovalTally.empty(event.approvalId(), event.executionId()));
    states.save(tally.apply(event));
    state.lastSequenceApproval = event.sequence();
    return store(state, before, quiet);
  }

  private boolean store(ExecutionState state, Set<String> before, boolean quiet) {
    Set<String> after = state.visibleTo(states.tally(state.approvalId).orElse(null));
    states.save(state, after);
    if (!quiet && !(before.isEmpty() && after.isEmpty())) {
      record(state.executionId, before, after);
    }
    return true;
  }

  private void record(UUID executionId, Set<String> before, Set<String> after) {
    String payload = json.writeValueAsString(views.view(executionId).orElseThrow());
    if (after.isEmpty()) {
      changes.append(executionId, "removed", before, Set.of(), payload);
    } else {
      Set<String> dropped = new LinkedHashSet<>(before);
      dropped.removeAll(after);
      changes.append(executionId, "upsert", after, dropped, payload);
    }
  }

  /** Forgets everything the read model applied, before a rebuild. */
  @Transactional
  public void reset() {
    states.clear(CONSUMER);
  }

  /** Tells every client to take a fresh snapshot (after a rebuild). */
  @Transactional
  public void announceReset() {
    changes.append(null, "reset", Set.of(), Set.of(), null);
  }
}
