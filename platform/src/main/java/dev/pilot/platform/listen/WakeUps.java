package dev.pilot.platform.listen;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Wake-ups for one waiting thread, coalesced: any number of {@link #wake()} calls while it works
 * make its next {@link #await} return at once, and only once. None is lost, so a thread that checks
 * for work after every wake-up misses nothing; none piles up, so a burst costs one extra pass.
 */
public final class WakeUps {

  private final Semaphore permits = new Semaphore(0);

  public void wake() {
    if (permits.availablePermits() == 0) {
      permits.release();
    }
  }

  /** Waits for a wake-up, at most {@code timeout}; true if woken, false if the time passed. */
  public boolean await(Duration timeout) throws InterruptedException {
    if (permits.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      permits.drainPermits();
      return true;
    }
    return false;
  }
}
