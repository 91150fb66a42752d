package dev.pilot.approval.notify;

import dev.pilot.approval.notify.NotificationOutbox.Claimed;
import dev.pilot.contracts.Decision;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Sends enqueued notifications: a poller thread claims due ones (as many as the workers can take)
 * and hands each to a bounded pool of its own, so a slow or failing channel occupies only these
 * threads, never a request or consumer thread, and never holds back an approval. A failed attempt
 * is retried with a doubling pause; a notification that expired with its approval is not sent.
 */
@Component
class NotificationDelivery implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(NotificationDelivery.class);

  private final NotificationOutbox outbox;
  private final Map<String, Channel> channels;
  private final Links links;
  private final DeliverySignal signal;
  private final NotifyProperties properties;
  private final Clock clock;
  private volatile ThreadPoolExecutor workers;
  private volatile Thread poller;

  NotificationDelivery(
      NotificationOutbox outbox,
      ObjectProvider<Channel> channels,
      Links links,
      LinkTokens tokens,
      DeliverySignal signal,
      NotifyProperties properties,
      Clock clock) {
    this.outbox = outbox;
    this.channels =
        channels.orderedStream().collect(Collectors.toMap(Channel::name, Function.identity()));
    this.links = links;
    this.signal = signal;
    this.properties = properties;
    this.clock = clock;
    if (!this.channels.isEmpty() && !tokens.canSign()) {
      throw new IllegalStateException(
          "Notification channels "
              + this.channels.keySet()
              + " are configured but no link secret: set NOTIFY_LINK_SECRET");
    }
  }

  @Override
  public void start() {
    if (channels.isEmpty()) {
      return; // nothing is ever enqueued: no threads
    }
    AtomicInteger count = new AtomicInteger();
    workers =
        new ThreadPoolExecutor(
            properties.workers(),
            properties.workers(),
            1,
            TimeUnit.MINUTES,
            new ArrayBlockingQueue<>(properties.batchSize()),
            r -> {
              Thread thread = new Thread(r, "notify-" + count.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    poller = new Thread(this::poll, "notify-poller");
    poller.setDaemon(true);
    poller.start();
  }

  @Override
  public void stop() {
    Thread running = poller;
    poller = null;
    if (running != null) {
      running.interrupt();
    }
    if (workers != null) {
      // A send cut short is unsent: its lease ends and it is sent again.
      workers.shutdownNow();
    }
  }

  @Override
  public boolean isRunning() {
    return poller != null;
  }

  private void poll() {
    while (poller == Thread.currentThread()) {
      try {
        int free = workers.getQueue().remainingCapacity();
        List<Claimed> claimed = free == 0 ? List.of() : claim(free);
        claimed.forEach(c -> workers.execute(() -> deliverGuarded(c)));
        if (claimed.size() < free || free == 0) {
          if (!signal.await(properties.pollInterval().toMillis())) {
            return;
          }
        }
      } catch (RuntimeException e) {
        log.warn("Could not claim notifications, trying again: {}", e.toString());
        if (!signal.await(properties.pollInterval().toMillis())) {
          return;
        }
      }
    }
  }

  private List<Claimed> claim(int limit) {
    Instant now = now();
    return outbox.claimDue(now, now.plus(properties.lease()), limit);
  }

  /**
   * A failure to record the outcome (the database away) leaves the row claimed: its lease ends and
   * it is attempted again, so nothing escapes this thread.
   */
  private void deliverGuarded(Claimed n) {
    try {
      deliver(n);
    } catch (RuntimeException e) {
      log.warn("Could not record notification {}: {}", n.notificationId(), e.toString());
    }
  }

  /** One attempt; whatever happens, the row says so afterwards. */
  void deliver(Claimed n) {
    Instant now = now();
    if (n.notice().expiresAt() != null && !now.isBefore(n.notice().expiresAt())) {
      outbox.givenUp(n.notificationId(), "the approval expired before it was sent", now);
      return;
    }
    Channel channel = channels.get(n.channel());
    if (channel == null) {
      // Configured when it was enqueued, not now: it waits for the channel to come back.
      outbox.retryAt(n.notificationId(), "channel " + n.channel() + " not configured", retry(n));
      return;
    }
    try {
      channel.send(message(n));
      outbox.sent(n.notificationId(), now());
      log.info(
          "Notified {} by {} of approval {}", n.recipient(), n.channel(), n.notice().approvalId());
    } catch (Exception e) {
      Instant retryAt = n.attempts() >= properties.retry().maxAttempts() ? null : retry(n);
      log.warn(
          "Notifying {} by {} failed (attempt {}), {}: {}",
          n.recipient(),
          n.channel(),
          n.attempts(),
          retryAt == null ? "given up" : "retrying at " + retryAt,
          e.toString());
      if (retryAt == null) {
        outbox.givenUp(n.notificationId(), e.toString(), now());
      } else {
        outbox.retryAt(n.notificationId(), e.toString(), retryAt);
      }
    }
  }

  private Instant retry(Claimed n) {
    return now().plus(properties.retry().after(n.attempts()));
  }

  private Message message(Claimed n) {
    return new Message(
        n.notificationId(),
        n.recipient(),
        n.kind(),
        n.notice(),
        links.link(n.notificationId(), n.recipient(), n.notice(), n.enqueuedAt(), Decision.APPROVE),
        links.link(n.notificationId(), n.recipient(), n.notice(), n.enqueuedAt(), Decision.REJECT),
        links.approvalPage(n.notice().approvalId()));
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }
}
