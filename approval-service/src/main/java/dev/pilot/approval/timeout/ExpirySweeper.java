package dev.pilot.approval.timeout;

import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * Sweeps for due reminders and escalations, then for expired approvals, every {@code
 * sweep-interval}, when a statement outside any transaction says something is due. Every instance
 * sweeps; the row locks taken with {@code SKIP LOCKED} hand each due stage and each expired
 * approval to exactly one of them.
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

  void sweep() {
    try {
      if (!deadlines.anyPassed(clock.instant())) {
        return;
      }
    } catch (RuntimeException e) {
      log.warn("Deadline check failed, retrying at the next sweep: {}", e.toString());
      return;
    }
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
}
