package dev.pilot.approval.notify;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one way to notify approvers. {@link #enqueue} writes the notifications in the caller's
 * transaction, next to the state change they announce: they exist exactly when it committed, and
 * sending them (slow, failing, retried) happens later on the delivery executor, so a notification
 * never delays or fails an approval.
 */
@Service
public class Notifications {

  private static final Logger log = LoggerFactory.getLogger(Notifications.class);

  private final JdbcClient jdbc;
  private final JsonMapper json;
  private final List<Channel> channels;
  private final DeliverySignal signal;

  Notifications(
      JdbcClient jdbc, JsonMapper json, ObjectProvider<Channel> channels, DeliverySignal signal) {
    this.jdbc = jdbc;
    this.json = json;
    this.channels = channels.orderedStream().toList();
    this.signal = signal;
  }

  /** Whether any channel is configured: without one, {@link #enqueue} does nothing. */
  public boolean enabled() {
    return !channels.isEmpty();
  }

  /**
   * Enqueues one notification per recipient and configured channel that reaches them, in the
   * caller's transaction (one must be active). Recipients are notified once each, in order; with no
   * channel configured this does nothing.
   *
   * @return how many notifications were enqueued
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public int enqueue(Notice notice, Collection<String> recipients, NotificationKind kind) {
    if (channels.isEmpty()) {
      return 0;
    }
    String stored = json.writeValueAsString(notice);
    int enqueued = 0;
    for (String recipient : new LinkedHashSet<>(recipients)) {
      for (Channel channel : channels) {
        if (!channel.reaches(recipient)) {
          log.debug("{} has no {} address: not notified that way", recipient, channel.name());
          continue;
        }
        jdbc.sql(
                """
                insert into notifications (notification_id, approval_id, recipient, kind,
                    channel, notice)
                values (:id, :approval, :recipient, :kind, :channel, cast(:notice as jsonb))""")
            .param("id", UUID.randomUUID())
            .param("approval", notice.approvalId())
            .param("recipient", recipient)
            .param("kind", kind.value())
            .param("channel", channel.name())
            .param("notice", stored)
            .update();
        enqueued++;
      }
    }
    if (enqueued > 0) {
      wakeDeliveryAfterCommit();
    }
    return enqueued;
  }

  /** This instance's delivery looks at once rather than at its next poll. */
  private void wakeDeliveryAfterCommit() {
    TransactionSynchronizationManager.registerSynchronization(
        new TransactionSynchronization() {
          @Override
          public void afterCommit() {
            signal.wake();
          }
        });
  }
}
