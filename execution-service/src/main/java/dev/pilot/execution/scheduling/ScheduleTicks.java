package dev.pilot.execution.scheduling;

import dev.pilot.contracts.Trigger;
import dev.pilot.execution.agent.Agent;
import dev.pilot.execution.agent.Agents;
import dev.pilot.execution.agent.CronSchedule;
import dev.pilot.execution.execution.ExecutionLauncher;
import dev.pilot.platform.tracing.TraceScope;
import dev.pilot.platform.tracing.Traces;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * One round of due ticks, in one transaction: due agents are locked with SKIP LOCKED, so each tick
 * fires on one instance only, and its next tick is stored before the lock goes.
 */
@Component
class ScheduleTicks {

  private static final Logger log = LoggerFactory.getLogger(ScheduleTicks.class);
  static final int BATCH = 50;

  private final Agents agents;
  private final ExecutionLauncher launcher;
  private final Clock clock;
  private final Traces traces;

  ScheduleTicks(Agents agents, ExecutionLauncher launcher, Clock clock, Traces traces) {
    this.traces = traces;
    this.agents = agents;
    this.launcher = launcher;
    this.clock = clock;
  }

  /** Whether a tick is due: asked outside a transaction, so a poll that finds none costs none. */
  boolean anyDue() {
    return agents.anyDue(clock.instant());
  }

  /** Fires what is due; returns how many agents were due. */
  @Transactional
  int fireDue() {
    Instant now = clock.instant();
    var due = agents.lockDue(now, BATCH);
    for (Agent agent : due) {
      if (launcher.hasActiveRun(agent.id())) {
        log.debug("Agent {} still has an active run: tick skipped", agent.id());
      } else if (launcher.atActiveLimit(agent.owner())) {
        log.info(
            "Owner {} is at the active execution limit: tick of {} skipped",
            agent.owner(),
            agent.id());
      } else {
        // A scheduled run's trace starts at its tick (there is no request to continue).
        try (TraceScope tick = traces.continueTrace((String) null, "scheduled start")) {
          tick.tag("pilot.agent_id", agent.id());
          launcher.start(agent, Trigger.SCHEDULE);
        }
      }
      agents.scheduleNextFire(agent.id(), next(agent, now));
    }
    return due.size();
  }

  private static Instant next(Agent agent, Instant now) {
    // A schedule stored before "never fires" was refused (0 0 30 2 *) stops ticking instead of
    // failing this round, and with it every other agent's tick, again and again.
    return CronSchedule.parse(agent.schedule(), ZoneId.of(agent.timezone()))
        .filter(schedule -> schedule.firesAfter(now))
        .map(schedule -> schedule.nextAfter(now))
        .orElse(null);
  }
}
