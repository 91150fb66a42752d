package dev.pilot.execution.execution;

import dev.pilot.contracts.Trigger;
import dev.pilot.execution.agent.Agent;
import dev.pilot.execution.execution.model.Execution;
import dev.pilot.execution.execution.model.ExecutionStatus;
import dev.pilot.platform.tracing.Traces;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Starts runs of agents, by hand or by schedule. */
@Service
public class ExecutionLauncher {

  private final Executions executions;
  private final RunDataApprovals approvals;
  private final Clock clock;
  private final int maxActivePerOwner;
  private final Traces traces;
  private final ExecutionWorkers workers;

  ExecutionLauncher(
      Executions executions,
      RunDataApprovals approvals,
      Clock clock,
      ExecutionProperties properties,
      Traces traces,
      ExecutionWorkers workers) {
    this.traces = traces;
    this.workers = workers;
    this.executions = executions;
    this.approvals = approvals;
    this.clock = clock;
    this.maxActivePerOwner = properties.maxActivePerOwner();
  }

  /** A run with the agent's default inputs, as the scheduler starts them. */
  @Transactional
  public Started start(Agent agent, Trigger trigger) {
    return start(agent, trigger, agent.defaultInputs() == null ? Map.of() : agent.defaultInputs());
  }

  /**
   * A new run on a snapshot of the agent's steps, with {@code inputs} already checked against the
   * agent's input schema; committed with its inputs and its ExecutionStarted. Throws {@link
   * ActiveLimitReached} (and nothing is written) if the owner would have more than {@code
   * max-active-per-owner} active runs: one user's runs must not take every worker and the database
   * from everyone else.
   *
   * <p>Called outside a transaction (a manual start), the run is written by one autocommit
   * statement: no BEGIN and COMMIT round trips. Inside one (the scheduler's), it commits with it.
   */
  public Started start(Agent agent, Trigger trigger, Map<String, Object> inputs) {
    Instant now = clock.instant();
    Execution.Started started =
        Execution.start(agent, trigger, now, approvals.forNewRun(inputs), traces.current());
    Execution run = started.execution();
    // A free worker here takes the new run in this same commit: its first step starts without a
    // wake-up and a claim of its own. The owner's start lock is taken last, by the insert itself,
    // and held until the commit: taken first, it made one owner's starts queue behind each other's
    // whole transaction (the benchmark's 500 concurrent starts of one user spent most of their time
    // waiting for it).
    if (!workers.writeClaimingHere(
        run,
        started.transition(),
        now,
        transition -> executions.insert(run, transition, inputs, maxActivePerOwner))) {
      throw new ActiveLimitReached(agent.owner(), maxActivePerOwner);
    }
    return new Started(run.id(), run.status());
  }

  /**
   * Whether the owner may start no further run now: the scheduler asks before a tick's start, whose
   * refusal would roll back the whole round of ticks. Holds the owner's start lock until the
   * transaction ends.
   */
  @Transactional
  public boolean atActiveLimit(String owner) {
    return executions.lockOwnerAndCountActive(owner) >= maxActivePerOwner;
  }

  /** The owner has as many active runs as allowed. */
  public static class ActiveLimitReached extends RuntimeException {
    ActiveLimitReached(String owner, int limit) {
      super(
          owner
              + " already has "
              + limit
              + " active executions (running, waiting for approval or paused), the most one"
              + " owner may have: wait for one to finish, or cancel one");
    }
  }

  /** Whether a run of the agent is still running, waiting for approval, or paused. */
  @Transactional(readOnly = true)
  public boolean hasActiveRun(UUID agentId) {
    return executions.hasActiveRun(agentId);
  }

  public record Started(UUID executionId, ExecutionStatus status) {}
}
