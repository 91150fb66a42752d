package dev.pilot.dashboard.projection;

import dev.pilot.contracts.PilotEvent;
import dev.pilot.contracts.approval.ApprovalEvent;
import dev.pilot.contracts.execution.ExecutionEvent;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A rebuild's fold, held in memory: every replayed event is folded into its execution's state and
 * its approval's tally here ({@link ExecutionState}, {@link ApprovalTally}: the live fold), and the
 * rows are written only when {@link Projection#write} is called, each row once, with {@code COPY}.
 * At most {@code bound} executions are held: past it the caller writes and the replay goes on; an
 * execution met again after its row was written is read back first (then written by upsert).
 * Single-threaded: one rebuild owns it.
 */
public final class Replay {

  private final ExecutionStates store;
  private final int bound;
  final Map<UUID, ExecutionState> rows = new HashMap<>();
  final Map<UUID, ApprovalTally> tallies = new HashMap<>();

  /** Held rows and tallies whose row exists already (written by an earlier {@code write}). */
  final Set<UUID> storedRows = new HashSet<>();

  final Set<UUID> storedTallies = new HashSet<>();
  private final Set<UUID> writtenRows = new HashSet<>();
  private final Set<UUID> writtenTallies = new HashSet<>();
  private long applied;
  private long skipped;

  Replay(ExecutionStates store, int bound) {
    this.store = store;
    this.bound = bound;
  }

  /** Folds a chunk of events (in log order per execution) into the held state. */
  public void fold(List<? extends PilotEvent> events) {
    readBack(events);
    for (PilotEvent event : events) {
      if (event instanceof ApprovalEvent e && e.approvalId() == null) {
        // The live consumers dead-letter it (no tally can be kept without an id); so does the
        // replay.
        skipped++;
        continue;
      }
      UUID executionId = event.executionId();
      ExecutionState before = rows.computeIfAbsent(executionId, ExecutionState::empty);
      ExecutionState after;
      boolean changed;
      if (event instanceof ExecutionEvent e) {
        after = before.apply(e);
        changed = !after.equals(before);
      } else {
        ApprovalEvent e = (ApprovalEvent) event;
        after = before.approvalEventSeen(e.sequence());
        ApprovalTally tally =
            tallies.getOrDefault(e.approvalId(), ApprovalTally.empty(e.approvalId(), executionId));
        ApprovalTally next = tally.apply(e);
        boolean tallyChanged = !next.equals(tally);
        if (tallyChanged) {
          tallies.put(e.approvalId(), next);
        }
        changed = tallyChanged || !after.equals(before);
      }
      rows.put(executionId, after);
      applied += changed ? 1 : 0;
    }
  }

  /** Whether the held executions passed the bound: time to {@link Projection#write} them. */
  public boolean full() {
    return rows.size() >= bound;
  }

  /** Events passed over because they cannot be applied (dead-lettered by the live consumers). */
  public long skipped() {
    return skipped;
  }

  /** Events that changed the read model so far. */
  public long applied() {
    return applied;
  }

  /** The held state was written: forget it, remembering which rows now exist. */
  void written() {
    writtenRows.addAll(rows.keySet());
    writtenTallies.addAll(tallies.keySet());
    rows.clear();
    tallies.clear();
    storedRows.clear();
    storedTallies.clear();
  }

  /**
   * Reads back the rows and tallies of this chunk that an earlier write stored (past the bound).
   */
  private void readBack(List<? extends PilotEvent> events) {
    if (writtenRows.isEmpty()) {
      return;
    }
    Set<UUID> executions = new HashSet<>();
    Set<UUID> approvals = new HashSet<>();
    for (PilotEvent event : events) {
      if (!rows.containsKey(event.executionId()) && writtenRows.contains(event.executionId())) {
        executions.add(event.executionId());
      }
      if (event instanceof ApprovalEvent e
          && !tallies.containsKey(e.approvalId())
          && writtenTallies.contains(e.approvalId())) {
        approvals.add(e.approvalId());
      }
    }
    if (!executions.isEmpty()) {
      rows.putAll(store.load(executions));
      storedRows.addAll(executions);
    }
    for (ExecutionState row : rows.values()) {
      UUID approvalId = row.approvalId();
      if (approvalId != null
          && !tallies.containsKey(approvalId)
          && writtenTallies.contains(approvalId)) {
        approvals.add(approvalId);
      }
    }
    if (!approvals.isEmpty()) {
      Map<UUID, ApprovalTally> stored = store.tallies(approvals);
      tallies.putAll(stored);
      storedTallies.addAll(stored.keySet());
    }
  }
}
