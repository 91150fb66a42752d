package dev.pilot.execution.scheduling;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * Looks for due ticks every {@code pilot.scheduling.poll} (Spring's task scheduler, the one way
 * periodic work runs), draining full batches at once.
 */
@Configuration(proxyBeanMethods = false)
class Scheduler implements SchedulingConfigurer {

  private static final Logger log = LoggerFactory.getLogger(Scheduler.class);

  private final ScheduleTicks ticks;
  private final SchedulingProperties properties;

  Scheduler(ScheduleTicks ticks, SchedulingProperties properties) {
    this.ticks = ticks;
    this.properties = properties;
  }

  @Override
  public void configureTasks(ScheduledTaskRegistrar registrar) {
    if (properties.enabled()) {
      registrar.addFixedDelayTask(this::fireDue, properties.poll());
    }
  }

  void fireDue() {
    try {
      // Most polls find nothing due: one autocommit statement instead of a locking transaction.
      if (!ticks.anyDue()) {
        return;
      }
      while (ticks.fireDue() == ScheduleTicks.BATCH) {
        // a full batch: more may be due
      }
    } catch (RuntimeException e) {
      log.warn("Firing scheduled agents failed: {}", e.toString());
    }
  }
}
