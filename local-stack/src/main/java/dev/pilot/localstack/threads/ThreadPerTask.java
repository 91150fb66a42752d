package dev.pilot.localstack.threads;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs each task on a thread of its own, for start-ups meant to run side by side (a broker beside a
 * database, three services at once). CompletableFuture's default pool will not do: from Java 25 on
 * it is a single thread on a 2-core machine, so the start-ups queued one behind the other.
 */
public final class ThreadPerTask implements Executor {

  private final String name;
  private final AtomicInteger started = new AtomicInteger();

  private ThreadPerTask(String name) {
    this.name = name;
  }

  /**
   * Threads named {@code name-1}, {@code name-2}, ...; daemons, so a hung start cannot hold the
   * JVM.
   */
  public static ThreadPerTask named(String name) {
    return new ThreadPerTask(name);
  }

  @Override
  public void execute(Runnable task) {
    Thread thread = new Thread(task, name + "-" + started.incrementAndGet());
    thread.setDaemon(true);
    thread.start();
  }
}
