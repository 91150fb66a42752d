package dev.pilot.execution.execution;

import dev.pilot.execution.execution.model.Execution;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * This instance's share of the work: a dispatcher claims runnable executions while a worker is
 * free, and each worker drives its execution through consecutive action steps, renewing its lease,
 * until the run waits for people, pauses, ends, or is taken away. No thread ever waits for a
 * person.
 */
@Component
class ExecutionWorkers implements SmartLifecycle, SchedulingConfigurer {

  private static final Logger log = LoggerFactory.getLogger(ExecutionWorkers.class);

  private final StepTransitions transitions;
  private final WorkQueue queue;
  private final StepAttempt attempts;
  private final WorkSignal signal;
  private final ExecutionProperties properties;
  private final Clock clock;
  private final String instance = "instance-" + UUID.randomUUID();
  private final Set<UUID> heldLeases = ConcurrentHashMap.newKeySet();
  private final Semaphore freeWorkers;
  private final AtomicInteger threadNumber = new AtomicInteger();
  private volatile boolean running;
  private ExecutorService workers;
  private Thread dispatcher;

  ExecutionWorkers(
      StepTransitions transitions,
      WorkQueue queue,
      StepAttempt attempts,
      WorkSignal signal,
      ExecutionProperties properties,
      Clock clock) {
    this.transitions = transitions;
    this.queue = queue;
    this.attempts = attempts;
    this.signal = signal;
    this.properties = properties;
    this.clock = clock;
    this.freeWorkers = new Semaphore(properties.workers());
  }

  @Override
  public void start() {
    running = true;
    workers =
        Executors.newFixedThreadPool(
            properties.workers(),
            r -> {
              Thread t = new Thread(r, "step-worker-" + threadNumber.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    dispatcher = daemon(this::dispatch, "step-dispatcher");
  }

  @Override
  public void stop() {
    running = false;
    dispatcher.interrupt();
    List<UUID> held = List.copyOf(heldLeases);
    workers.shutdownNow();
    try {
      workers.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (properties.releaseLeasesOnShutdown() && !held.isEmpty()) {
      int released = queue.releaseLeases(held, clock.instant());
      log.info("Handed {} running executions back to the queue", released);
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  private void dispatch() {
    while (running) {
      try {
        int free = Math.min(freeWorkers.availablePermits(), properties.claimBatch());
        int claimed = free == 0 ? 0 : claim(free);
        if (claimed == 0 || claimed < free) {
          signal.await();
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        log.warn("Claiming runnable executions failed: {}", e.toString());
        sleepQuietly();
      }
    }
  }

  private int claim(int limit) throws InterruptedException {
    List<Execution> claimed = transitions.claim(instance, limit);
    for (Execution e : claimed) {
      freeWorkers.acquire();
      heldLeases.add(e.queue().leaseToken());
      workers.execute(() -> drive(e));
    }
    return claimed.size();
  }

  /** Runs the execution's action steps one after another while this worker holds its lease. */
  private void drive(Execution claimed) {
    UUID token = claimed.queue().leaseToken();
    Execution e = claimed;
    try {
      while (running && e.heldBy(token)) {
        StepAttempt.Outcome outcome = attempt(e);
        if (Thread.currentThread().isInterrupted() || !running) {
          return; // shutting down: the lease goes back (or expires) and the attempt runs again
        }
        Optional<Execution> next =
            outcome.hasSucceeded()
                ? transitions.succeeded(e, outcome.output())
                : transitions.failed(e, outcome.error());
        if (next.isEmpty()) {
          return;
        }
        e = next.get();
      }
    } catch (RuntimeException ex) {
      log.warn("Execution {} stopped on this instance: {}", claimed.id(), ex.toString());
    } finally {
      heldLeases.remove(token);
      freeWorkers.release();
      signal.wake();
    }
  }

  /** One attempt at the current action step. */
  private StepAttempt.Outcome attempt(Execution e) {
    try {
      return attempts.run(e);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      return StepAttempt.Outcome.failed("interrupted");
    }
  }

  /** Renews held leases every third of a lease, on Spring's task scheduler. */
  @Override
  public void configureTasks(ScheduledTaskRegistrar registrar) {
    Duration every = Duration.ofMillis(Math.max(100, properties.lease().toMillis() / 3));
    registrar.addFixedDelayTask(this::renewLeases, every);
  }

  private void renewLeases() {
    if (!running || heldLeases.isEmpty()) {
      return;
    }
    try {
      queue.renewLeases(List.copyOf(heldLeases), clock.instant().plus(properties.lease()));
    } catch (RuntimeException e) {
      log.warn("Renewing leases failed: {}", e.toString());
    }
  }

  private static Thread daemon(Runnable body, String name) {
    Thread thread = new Thread(body, name);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  private void sleepQuietly() {
    try {
      Thread.sleep(properties.idlePoll().toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
