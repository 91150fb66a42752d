package dev.pilot.execution.execution;

import dev.pilot.execution.execution.model.Execution;
import dev.pilot.execution.execution.model.Transition;
import dev.pilot.platform.logging.LogContext;
import dev.pilot.platform.tracing.TraceScope;
import dev.pilot.platform.tracing.Traces;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * This instance's share of the work: a dispatcher claims runnable executions while a worker is free
 * (and a run made runnable by an approval's outcome is claimed directly in the transaction that
 * applies it, see {@link #claimDirectly}), and each worker drives its execution through consecutive
 * action steps, renewing its lease, until the run waits for people or a timer, pauses, ends, or is
 * taken away. No thread ever waits for a person or a delay.
 *
 * <p>A run taken away from a worker mid-step (paused, cancelled, or its lease lost) stops that
 * worker at once: the {@link StopSignal} (or the lease renewer, which learns which leases it could
 * not renew) finds the leases that are gone and interrupts their threads, which aborts a blocking
 * call such as an HTTP request; the attempt's outcome is dropped.
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
  private final Traces traces;
  private final String instance = "instance-" + UUID.randomUUID();
  private final Map<UUID, Driver> heldLeases = new ConcurrentHashMap<>();
  private final Semaphore freeWorkers;
  private final AtomicInteger threadNumber = new AtomicInteger();
  private volatile boolean running;
  // Whether runnable work may be waiting for a free worker: then a worker that frees up wakes the
  // dispatcher. Cleared by a claim round that found less than it could take.
  private volatile boolean backlog = true;
  private ExecutorService workers;
  private Thread dispatcher;

  ExecutionWorkers(
      StepTransitions transitions,
      WorkQueue queue,
      StepAttempt attempts,
      WorkSignal signal,
      StopSignal stops,
      ExecutionProperties properties,
      Clock clock,
      Traces traces) {
    this.traces = traces;
    this.transitions = transitions;
    this.queue = queue;
    this.attempts = attempts;
    this.signal = signal;
    this.properties = properties;
    this.clock = clock;
    this.freeWorkers = new Semaphore(properties.workers());
    stops.onStop(this::stopLostLeases);
  }

  /** The name this instance's leases carry ({@code lease_owner}). */
  String instance() {
    return instance;
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
    List<UUID> held = List.copyOf(heldLeases.keySet());
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
    boolean woken = true;
    while (running) {
      try {
        // Set before the free workers are counted: a worker freed from here on wakes the next
        // round.
        backlog = true;
        int free = Math.min(freeWorkers.availablePermits(), properties.claimBatch());
        // An idle poll (no wake-up came) first asks in one autocommit statement whether anything
        // is runnable: an idle instance's polls then cost no claim transaction each.
        int claimed = free == 0 || !(woken || transitions.anyRunnable()) ? 0 : claim(free);
        if (claimed < free) {
          // Nothing runnable was left over: a freed worker has nothing to claim until a commit
          // makes a run runnable, and that commit wakes the dispatcher itself.
          backlog = false;
        }
        woken = true;
        if (claimed == 0 || claimed < free) {
          woken = signal.await();
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        log.warn("Claiming runnable executions failed: {}", e.toString());
        sleepQuietly();
      }
    }
  }

  /**
   * Takes the workers first, then claims at most as many runs: {@link #claimDirectly} may take a
   * free worker at any moment, and a claimed run must never wait for one (its lease is not renewed
   * until a worker holds it).
   */
  private int claim(int limit) {
    int reserved = 0;
    while (reserved < limit && freeWorkers.tryAcquire()) {
      reserved++;
    }
    if (reserved == 0) {
      return 0;
    }
    List<Execution> claimed;
    try {
      claimed = transitions.claim(instance, reserved);
    } catch (RuntimeException e) {
      freeWorkers.release(reserved);
      throw e;
    }
    freeWorkers.release(reserved - claimed.size());
    claimed.forEach(this::handTo);
    return claimed.size();
  }

  /**
   * Claims a run that has just become runnable for a free worker of this instance, inside the
   * caller's transaction, which holds the run's row lock and saves the returned transition (the
   * lease and the next attempt's StepStarted) with the change that made it runnable: the run goes
   * to the worker when that transaction commits, with no wake-up, dispatcher round or claim
   * statement of its own in between. Empty (nothing changed) when no worker is free or there is no
   * transaction to wait for; then the run stays in the queue for whichever dispatcher comes first.
   * A rollback frees the worker again.
   */
  Optional<Transition> claimDirectly(Execution e, Instant now) {
    if (!running
        || !TransactionSynchronizationManager.isSynchronizationActive()
        || !freeWorkers.tryAcquire()) {
      return Optional.empty();
    }
    Transition claimed = e.claimed(instance, UUID.randomUUID(), now.plus(properties.lease()), now);
    TransactionSynchronizationManager.registerSynchronization(
        new TransactionSynchronization() {
          @Override
          public void afterCompletion(int status) {
            if (status == STATUS_COMMITTED) {
              handTo(e);
            } else {
              freeWorkers.release();
            }
          }
        });
    return Optional.of(claimed);
  }

  /**
   * {@code change} of {@code e}, followed by this instance's claim of the run when the change made
   * it runnable and a worker is free (see {@link #claimDirectly}); else {@code change} as it is.
   */
  Transition thenClaimedHere(Execution e, Transition change, Instant now) {
    if (!change.becameRunnable()) {
      return change;
    }
    return claimDirectly(e, now).map(change::then).orElse(change);
  }

  /**
   * Writes {@code change} of the new or locked run {@code e} through {@code write}, followed by
   * this instance's claim of the run when the change made it runnable and a worker is free. In a
   * transaction that is {@link #thenClaimedHere}: the worker gets the run when it commits. Outside
   * one, {@code write} is a single autocommit statement, its own commit: the worker gets the run as
   * soon as {@code write} returned true; false or an exception (nothing written) frees it again.
   */
  boolean writeClaimingHere(
      Execution e, Transition change, Instant now, Predicate<Transition> write) {
    if (TransactionSynchronizationManager.isActualTransactionActive()) {
      return write.test(thenClaimedHere(e, change, now));
    }
    if (!change.becameRunnable() || !running || !freeWorkers.tryAcquire()) {
      return write.test(change);
    }
    Transition claimed = e.claimed(instance, UUID.randomUUID(), now.plus(properties.lease()), now);
    boolean written = false;
    try {
      written = write.test(change.then(claimed));
    } finally {
      if (written) {
        handTo(e);
      } else {
        freeWorkers.release();
      }
    }
    return written;
  }

  /** Gives a run claimed for this instance to a worker (its permit already taken). */
  private void handTo(Execution e) {
    Driver driver = new Driver();
    heldLeases.put(e.queue().leaseToken(), driver);
    try {
      workers.execute(() -> drive(e, driver));
    } catch (RejectedExecutionException stopping) {
      // Shutting down: the run's lease expires and another instance claims it.
      heldLeases.remove(e.queue().leaseToken());
      freeWorkers.release();
    }
  }

  /** Runs the execution's action steps one after another while this worker holds its lease. */
  private void drive(Execution claimed, Driver driver) {
    UUID token = claimed.queue().leaseToken();
    Execution e = claimed;
    try {
      if (!driver.attach()) {
        return; // taken away before it began
      }
      while (running && e.heldBy(token)) {
        Optional<Execution> next;
        // Each attempt is a span of the run's trace (the start request's or the tick's, stored
        // with the run), so what it queues (StepCompleted, the next step's events) carries it on.
        try (LogContext logs = LogContext.empty().with(LogContext.EXECUTION_ID, e.id());
            TraceScope span = traces.continueTrace(e.plan().traceparent(), stepName(e))) {
          span.tag("pilot.execution_id", e.id()).tag("pilot.step_id", e.currentStepId());
          if (e.timerSet()) {
            next = transitions.succeeded(e, null); // claimed because the delay's timer fired
          } else {
            StepAttempt.Outcome outcome = attempt(e);
            if (outcome == null || !running) {
              // stopped (paused, cancelled, taken over) or shutting down: the outcome is dropped;
              // a lease still held goes back (or expires) and the attempt runs again
              return;
            }
            if (!outcome.hasSucceeded() && outcome.waitFor() == null) {
              span.tag("pilot.step_error", outcome.error());
            }
            next = record(e, outcome);
          }
        }
        if (next.isEmpty()) {
          return;
        }
        e = next.get();
      }
    } catch (RuntimeException ex) {
      log.warn("Execution {} stopped on this instance: {}", claimed.id(), ex.toString());
    } finally {
      driver.letGo();
      heldLeases.remove(token);
      freeWorkers.release();
      if (backlog) {
        signal.wake();
      }
    }
  }

  private String stepName(Execution e) {
    return traces.enabled() ? "step " + e.currentStepId() : "";
  }

  private Optional<Execution> record(Execution e, StepAttempt.Outcome outcome) {
    if (outcome.waitFor() != null) {
      return transitions.waiting(e, outcome.waitFor());
    }
    return outcome.hasSucceeded()
        ? transitions.succeeded(e, outcome.output())
        : transitions.failed(e, outcome.error());
  }

  /** One attempt at the current action step; null if the worker was told to stop meanwhile. */
  private StepAttempt.Outcome attempt(Execution e) {
    try {
      StepAttempt.Outcome outcome = attempts.run(e);
      return Thread.currentThread().isInterrupted() ? null : outcome;
    } catch (InterruptedException interrupted) {
      return null;
    }
  }

  /**
   * Stops the workers whose runs were taken from them: asked by the {@link StopSignal} when a pause
   * or cancel took a run from a worker on some instance.
   */
  private void stopLostLeases() {
    if (!running || heldLeases.isEmpty()) {
      return;
    }
    try {
      List<UUID> held = List.copyOf(heldLeases.keySet());
      stopAllBut(held, queue.stillHeld(held));
    } catch (RuntimeException e) {
      log.warn("Checking held leases failed: {}", e.toString());
    }
  }

  private void stopAllBut(List<UUID> checked, Set<UUID> stillHeld) {
    for (UUID token : checked) {
      Driver driver = heldLeases.get(token);
      if (!stillHeld.contains(token) && driver != null) {
        driver.stop();
      }
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
      List<UUID> held = List.copyOf(heldLeases.keySet());
      // a lease that could not be renewed was lost: its worker stops (a missed stop signal, too)
      stopAllBut(held, queue.renewLeases(held, clock.instant().plus(properties.lease())));
    } catch (RuntimeException e) {
      log.warn("Renewing leases failed: {}", e.toString());
    }
  }

  /**
   * The thread driving one claimed run, while it does: a stop interrupts it, and never the next
   * task the same pool thread runs (the interrupt and the letting go are serialised).
   */
  private static final class Driver {
    private Thread thread;
    private boolean stopped;

    /** False if it was stopped before it began. */
    synchronized boolean attach() {
      thread = Thread.currentThread();
      return !stopped;
    }

    synchronized void stop() {
      stopped = true;
      if (thread != null) {
        thread.interrupt();
      }
    }

    synchronized void letGo() {
      thread = null;
      Thread.interrupted(); // a stop that came late must not reach the thread's next task
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
