package dev.pilot.approval.notify;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Notifications to approvers; see the README's configuration table for the environment variables.
 *
 * @param linkBaseUrl the browser's origin (the dashboard), where {@code /approval-links/**} is
 *     forwarded to this service
 * @param linkSecret the HMAC-SHA256 key signing approve/reject links, at least 32 characters, the
 *     same on every instance; required once a channel is configured
 * @param linkLifetime how long a link lives when its approval never expires
 * @param pollInterval pause between two looks for due notifications (a local enqueue wakes the
 *     poller at once)
 * @param workers threads sending notifications, per instance
 * @param batchSize notifications claimed at most per look
 * @param lease how long a claimed notification is this instance's: after it, an instance that finds
 *     it unsent sends it again (at least once)
 * @param retry back-off between attempts of one notification
 */
@ConfigurationProperties("pilot.approval.notify")
public record NotifyProperties(
    @DefaultValue("http://localhost:8080") URI linkBaseUrl,
    String linkSecret,
    @DefaultValue("7d") Duration linkLifetime,
    @DefaultValue("1s") Duration pollInterval,
    @DefaultValue("4") int workers,
    @DefaultValue("20") int batchSize,
    @DefaultValue("2m") Duration lease,
    @DefaultValue Retry retry,
    @DefaultValue Webhook webhook,
    @DefaultValue Mail mail) {

  /**
   * @param initial the pause after the first failure; it doubles with each further one
   * @param max the longest pause
   * @param maxAttempts attempts before a notification is given up (kept, with its last error)
   */
  public record Retry(
      @DefaultValue("2s") Duration initial,
      @DefaultValue("10m") Duration max,
      @DefaultValue("12") int maxAttempts) {

    /** The pause after {@code attempts} failed attempts. */
    Duration after(int attempts) {
      int doublings = Math.max(0, Math.min(attempts - 1, 30));
      Duration pause = initial.multipliedBy(1L << doublings);
      return pause.compareTo(max) > 0 ? max : pause;
    }
  }

  /**
   * @param url where Slack-compatible JSON is posted; empty: no webhook channel
   * @param timeout connect and answer timeout of one post
   */
  public record Webhook(String url, @DefaultValue("10s") Duration timeout) {}

  /**
   * The e-mail channel is on when {@code spring.mail.host} is set.
   *
   * @param from the sender address
   * @param addresses the directory: {@code user=address} pairs, comma-separated
   * @param addressTemplate the address of a user not in {@code addresses}, {@code {user}} replaced
   *     by the user name (e.g. {@code {user}@example.com}); empty: only listed users get mail
   */
  public record Mail(
      @DefaultValue("pilot@localhost") String from, String addresses, String addressTemplate) {}
}
