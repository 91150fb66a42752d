package dev.pilot.approval.timeout;

import dev.pilot.approval.request.DeadlinesPlanned;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Sweeps for due reminders and escalations, then for expired approvals, at the first {@code
 * sweep-interval} tick after the earliest deadline. Which one that is, one statement outside any
 * transaction asks ({@link Deadlines}): at a tick once that deadline has come, after this instance
 * opened an approval with an earlier one, and at least every {@code recheck-interval} (approvals
 * other instances opened). Every instance sweeps; the row locks taken with {@code SKIP LOCKED} hand
 * each due stage and each expired approval to exactly one of them.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableConfigurationProperties(TimeoutProperties.class)
class ExpirySweeper implements SchedulingConfigurer {

  private static final Logger log = LoggerFactory.getLogger(ExpirySweeper.class);

  private final Deadlines deadlines;
  private final Expiries expiries;
  private final DueStages stages;
  private final TimeoutProperties properties;
  private final Clock clock;

  /** No deadline is known before this; lowered by approvals this instance opens. */
  private final AtomicReference<Instant> nextCheck = new AtomicReference<>(Instant.MIN);

  private volatile Instant lastCheck = Instant.MIN;

  ExpirySweeper(
      Deadlines deadlines,
      Expiries expiries,
      DueStages stages,
      TimeoutProperties properties,
      Clock clock) {
    this.deadlines = deadlines;
    this.expiries = expiries;
    this.stages = stages;
    this.properties = properties;
    this.clock = clock;
  }

  @Override
  public void configureTasks(ScheduledTaskRegistrar registrar) {
    registrar.addFixedDelayTask(this::sweep, properties.sweepInterval());
  }

  /** An approval this instance opened may be due before the deadline known so far. */
  @TransactionalEventListener
  void on(DeadlinesPlanned planned) {
    nextCheck.accumulateAndGet(planned.earliest(), ExpirySweeper::earlier);
  }

  void sweep() {
    Instant now = clock.instant();
    // A clock set back (tests do) must not hold checks off until it has caught up again.
    if (now.isBefore(nextCheck.get()) && !now.isBefore(lastCheck)) {
      return;
    }
    lastCheck = now;
    // Cleared before the check, so an approval opened while it runs still lowers it afterwards.
    nextCheck.set(Instant.MAX);
    Optional<Instant> earliest;
    try {
      earliest = deadlines.earliest();
    } catch (RuntimeException e) {
      nextCheck.set(Instant.MIN);
      log.warn("Deadline check failed, retrying at the next sweep: {}", e.toString());
      return;
    }
    if (earliest.isEmpty() || earliest.get().isAfter(now)) {
      Instant recheck = now.plus(properties.recheckInterval());
      nextCheck.accumulateAndGet(
          earliest.filter(at -> at.isBefore(recheck)).orElse(recheck), ExpirySweeper::earlier);
      return;
    }
    // Something is due: check again at the next tick, when a full batch may have left more.
    nextCheck.set(Instant.MIN);
    try {
      while (stages.fireDue(properties.batchSize()) == properties.batchSize()) {
        // a full batch: more may be due
      }
    } catch (RuntimeException e) {
      log.warn("Reminder and escalation sweep failed, retrying at the next one: {}", e.toString());
    }
    try {
      int expired;
      do {
        expired = expiries.expireDue(properties.batchSize());
        if (expired > 0) {
          log.info("Timed out {} expired approval(s)", expired);
        }
      } while (expired == properties.batchSize());
    } catch (RuntimeException e) {
      log.warn("Expiry sweep failed, retrying at the next one: {}", e.toString());
    }
  }

  private static Instant earlier(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }
}
