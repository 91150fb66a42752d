package dev.pilot.dashboard.projection;

import dev.pilot.contracts.PilotEvent;
import dev.pilot.contracts.approval.ApprovalEvent;
import dev.pilot.contracts.execution.ApprovalRequested;
import dev.pilot.contracts.execution.ExecutionEvent;
import dev.pilot.dashboard.running.RunStatus;
import dev.pilot.dashboard.running.RunningExecution;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Applies a batch of events (one poll of a topic, or a chunk of a rebuild) to the read model in one
 * transaction: events already applied are skipped (inbox), and the rows the fresh events touch are
 * created or locked in execution id order, with one statement for both; each execution's events are
 * folded in memory ({@link ExecutionState}, {@link ApprovalTally}: folds that converge whatever the
 * order of arrival); every changed row and tally is written once; and each execution whose view
 * changed gets one change-feed row.
 */
@Service
public class Projection {

  /** The inbox consumer name of the read model. */
  public static final String CONSUMER = "dashboard-read-model";

  private final ExecutionStates states;
  private final ChangeLog changes;
  private final JsonMapper json;

  Projection(ExecutionStates states, ChangeLog changes, JsonMapper json) {
    this.states = states;
    this.changes = changes;
    this.json = json;
  }

  /** An execution the batch touched: who saw it before, and its state as folded so far. */
  private static final class Touched {
    final ExecutionState before;
    final Set<String> viewersBefore;
    ExecutionState state;
    boolean tallyChanged;

    Touched(ExecutionState state, Set<String> viewersBefore) {
      this.before = state;
      this.viewersBefore = viewersBefore;
      this.state = state;
    }

    boolean changed() {
      return tallyChanged || !state.equals(before);
    }

    /** The batch ended the run: finished now, not before it. */
    boolean endedHere() {
      return state.run().status().isFinished() && !before.run().status().isFinished();
    }
  }

  /**
   * Applies live events (one poll of a topic) and records every visible change.
   *
   * @param events execution and approval events in log order (per execution)
   * @return how many events changed the read model
   */
  @Transactional
  public int apply(List<? extends PilotEvent> events) {
    if (events.isEmpty()) {
      return 0;
    }
    ExecutionStates.Fresh fresh = states.lockFresh(CONSUMER, events);
    Set<UUID> first = new HashSet<>(fresh.eventIds());
    List<PilotEvent> todo = new ArrayList<>();
    for (PilotEvent event : events) {
      if (first.remove(event.eventId())) {
        todo.add(event);
      }
    }
    return fold(todo, fresh.rows(), false);
  }

  /**
   * Applies a chunk of a rebuild's replay: quietly (clients get one reset at the end instead of
   * changes) and without the inbox. The fold's idempotence alone makes that safe: when the live
   * consumers restart, an event the replay applied changes nothing when applied again (its
   * registers were written at its sequence or a later one), and the inbox rows of events applied
   * live before the rebuild stay and still make the live consumers skip them.
   */
  @Transactional
  public int replay(List<? extends PilotEvent> events) {
    if (events.isEmpty()) {
      return 0;
    }
    return fold(
        new ArrayList<>(events),
        states.load(new HashSet<>(events.stream().map(PilotEvent::executionId).toList())),
        true);
  }

  /**
   * @param rows the state of every execution the events belong to, as stored
   */
  private int fold(List<PilotEvent> todo, Map<UUID, ExecutionState> rows, boolean quiet) {
    if (todo.isEmpty()) {
      return 0;
    }
    Map<UUID, UUID> wanted = approvalIds(rows.values(), todo);
    Map<UUID, ApprovalTally> tallies = stored(wanted, rows);
    Set<UUID> changedTallies = new LinkedHashSet<>();
    Map<UUID, Touched> touched = new LinkedHashMap<>();
    int applied = 0;
    for (PilotEvent event : todo) {
      ExecutionState stored = rows.get(event.executionId());
      Touched t =
          touched.computeIfAbsent(
              stored.executionId(),
              id -> new Touched(stored, stored.visibleTo(tallies.get(stored.approvalId()))));
      ExecutionState before = t.state;
      boolean changed;
      if (event instanceof ExecutionEvent e) {
        t.state = before.apply(e);
        changed = !t.state.equals(before);
      } else {
        ApprovalEvent e = (ApprovalEvent) event;
        t.state = before.approvalEventSeen(e.sequence());
        ApprovalTally tally =
            tallies.getOrDefault(
                e.approvalId(), ApprovalTally.empty(e.approvalId(), e.executionId()));
        ApprovalTally next = tally.apply(e);
        boolean tallyChanged = !next.equals(tally);
        if (tallyChanged) {
          tallies.put(e.approvalId(), next);
          changedTallies.add(e.approvalId());
          t.tallyChanged = true;
        }
        changed = tallyChanged || !t.state.equals(before);
      }
      applied += changed ? 1 : 0;
    }
    // A run the batch put into waiting for an approval not looked for above (none of the batch's
    // events named it): its viewers depend on that tally.
    Map<UUID, UUID> late = new HashMap<>();
    touched.values().stream()
        .map(t -> t.state)
        .filter(Projection::viewersDependOnTally)
        .filter(state -> !wanted.containsKey(state.approvalId()))
        .filter(state -> !tallies.containsKey(state.approvalId()))
        .forEach(state -> late.put(state.approvalId(), state.executionId()));
    tallies.putAll(stored(late, rows));
    store(
        touched.values().stream().filter(Touched::changed).toList(),
        tallies,
        changedTallies,
        quiet);
    return applied;
  }

  /**
   * The approvals whose tallies the batch needs, with their runs: those its approval events fold,
   * those an {@code ApprovalRequested} opens (approval events may have come first), and those of
   * the stored rows waiting for an approval (who sees such a row depends on its tally). A run not
   * waiting for an approval is seen by its owner alone whatever its tally says.
   */
  private static Map<UUID, UUID> approvalIds(
      java.util.Collection<ExecutionState> rows, List<PilotEvent> events) {
    Map<UUID, UUID> ids = new HashMap<>();
    rows.stream()
        .filter(Projection::viewersDependOnTally)
        .forEach(row -> ids.put(row.approvalId(), row.executionId()));
    for (PilotEvent event : events) {
      if (event instanceof ApprovalEvent e && e.approvalId() != null) {
        ids.put(e.approvalId(), e.executionId());
      } else if (event instanceof ApprovalRequested e && e.approvalId() != null) {
        ids.put(e.approvalId(), e.executionId());
      }
    }
    return ids;
  }

  /**
   * The stored tallies of these approvals (by approval id, with their runs), read with one
   * statement, or none. A tally is only ever written together with an approval event of its run,
   * which also marks the run's row ({@link ExecutionState#approvalEventSeen}): the approvals of a
   * run whose stored row has seen no approval event have no tally to read. That spares the read in
   * most batches, the first approval events of a run included.
   */
  private Map<UUID, ApprovalTally> stored(
      Map<UUID, UUID> approvals, Map<UUID, ExecutionState> rows) {
    Set<UUID> ids = new HashSet<>();
    approvals.forEach(
        (approval, execution) -> {
          if (rows.get(execution).registers().approvalTopic() > 0) {
            ids.add(approval);
          }
        });
    return ids.isEmpty() ? new HashMap<>() : states.tallies(ids);
  }

  /** Whether {@link ExecutionState#visibleTo} reads the run's tally: only while it waits. */
  private static boolean viewersDependOnTally(ExecutionState state) {
    return state.approvalId() != null && state.run().status() == RunStatus.WAITING_APPROVAL;
  }

  private void store(
      List<Touched> changed,
      Map<UUID, ApprovalTally> tallies,
      Set<UUID> changedTallies,
      boolean quiet) {
    if (!changedTallies.isEmpty()) {
      states.save(changedTallies.stream().map(tallies::get).toList());
    }
    if (changed.isEmpty()) {
      return;
    }
    Map<UUID, Set<String>> after = new LinkedHashMap<>();
    changed.forEach(
        t ->
            after.put(t.state.executionId(), t.state.visibleTo(tallies.get(t.state.approvalId()))));
    List<ExecutionState> rows = changed.stream().map(t -> t.state).toList();
    if (quiet) {
      states.save(rows, after);
    } else {
      record(changed, after, states.saveAndView(rows, after));
    }
  }

  /**
   * A run that started and ended within this batch was never on anyone's running list; its owner
   * and approvers still get a {@code removed} with its last card, so it joins their recent activity
   * as soon as it ended instead of at their next snapshot.
   *
   * @param cards the changed rows' cards as written, their average durations left to the append
   */
  private void record(
      List<Touched> changed, Map<UUID, Set<String>> after, Map<UUID, RunningExecution> cards) {
    Map<UUID, Set<String>> told = new LinkedHashMap<>();
    for (Touched t : changed) {
      UUID id = t.state.executionId();
      Set<String> before =
          t.viewersBefore.isEmpty() && t.endedHere() ? t.state.recentActivityOf() : t.viewersBefore;
      if (!(before.isEmpty() && after.get(id).isEmpty())) {
        told.put(id, before);
      }
    }
    if (told.isEmpty()) {
      return;
    }
    List<ChangeLog.Entry> entries = new ArrayList<>();
    for (Map.Entry<UUID, Set<String>> t : told.entrySet()) {
      UUID id = t.getKey();
      Set<String> viewersBefore = t.getValue();
      RunningExecution card = cards.get(id);
      String payload = json.writeValueAsString(card);
      Set<String> now = after.get(id);
      if (now.isEmpty()) {
        entries.add(
            new ChangeLog.Entry(id, "removed", viewersBefore, Set.of(), payload, card.agentId()));
      } else {
        Set<String> dropped = new LinkedHashSet<>(viewersBefore);
        dropped.removeAll(now);
        entries.add(new ChangeLog.Entry(id, "upsert", now, dropped, payload, card.agentId()));
      }
    }
    changes.append(entries);
  }

  /**
   * A rebuild's in-memory fold, holding at most {@code bound} executions before it must be {@link
   * #write written}.
   */
  public Replay newReplay(int bound) {
    return new Replay(states, bound);
  }

  /**
   * Writes what a replay holds in one transaction: rows and tallies new to the read model with
   * {@code COPY}, those read back from it (a replay past its bound) by upsert; quietly, like {@link
   * #replay(List)}.
   */
  @Transactional
  public void write(Replay replay) {
    List<ApprovalTally> newTallies = new ArrayList<>();
    List<ApprovalTally> storedTallies = new ArrayList<>();
    replay.tallies.forEach(
        (id, tally) -> (replay.storedTallies.contains(id) ? storedTallies : newTallies).add(tally));
    states.copy(newTallies);
    if (!storedTallies.isEmpty()) {
      states.save(storedTallies);
    }
    List<ExecutionState> newRows = new ArrayList<>();
    List<ExecutionState> storedRows = new ArrayList<>();
    Map<UUID, Set<String>> viewers = new HashMap<>();
    replay.rows.forEach(
        (id, row) -> {
          viewers.put(id, row.visibleTo(replay.tallies.get(row.approvalId())));
          (replay.storedRows.contains(id) ? storedRows : newRows).add(row);
        });
    states.copy(newRows, viewers);
    if (!storedRows.isEmpty()) {
      states.save(storedRows, viewers);
    }
    replay.written();
  }

  /** Forgets the read model before a rebuild (the inbox stays: see {@link #replay}). */
  @Transactional
  public void reset() {
    states.clear();
  }

  /** Tells every client to take a fresh snapshot (after a rebuild). */
  @Transactional
  public void announceReset() {
    changes.append(List.of(new ChangeLog.Entry(null, "reset", Set.of(), Set.of(), null)));
  }
}
