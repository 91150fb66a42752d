package dev.pilot.approval.notify;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * Wakes this instance's delivery poller when a transaction enqueued notifications, so the first
 * attempt need not wait for the poll interval. Other instances find them at their next poll.
 */
@Component
class DeliverySignal {

  private final Semaphore pending = new Semaphore(0);

  void wake() {
    if (pending.availablePermits() == 0) {
      pending.release();
    }
  }

  /** Waits until woken or {@code millis} passed; false when interrupted. */
  boolean await(long millis) {
    try {
      if (pending.tryAcquire(millis, TimeUnit.MILLISECONDS)) {
        pending.drainPermits();
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
