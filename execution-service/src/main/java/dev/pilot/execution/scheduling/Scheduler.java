package dev.pilot.execution.scheduling;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/** Looks for due ticks every {@code pilot.scheduling.poll} on a thread of its own. */
@Component
class Scheduler implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(Scheduler.class);

  private final ScheduleTicks ticks;
  private final SchedulingProperties properties;
  private volatile boolean running;
  private Thread thread;

  Scheduler(ScheduleTicks ticks, SchedulingProperties properties) {
    this.ticks = ticks;
    this.properties = properties;
  }

  @Override
  public void start() {
    running = true;
    if (!properties.enabled()) {
      return;
    }
    thread = new Thread(this::loop, "agent-scheduler");
    thread.setDaemon(true);
    thread.start();
  }

  private void loop() {
    while (running) {
      try {
        if (ticks.fireDue() < ScheduleTicks.BATCH) {
          Thread.sleep(properties.poll().toMillis());
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        log.warn("Firing scheduled agents failed: {}", e.toString());
        try {
          Thread.sleep(properties.poll().toMillis());
        } catch (InterruptedException interrupted) {
          return;
        }
      }
    }
  }

  @Override
  public void stop() {
    running = false;
    if (thread != null) {
      thread.interrupt();
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}
