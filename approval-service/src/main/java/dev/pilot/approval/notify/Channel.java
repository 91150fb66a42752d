package dev.pilot.approval.notify;

/**
 * A way to reach approvers (webhook, e-mail). A channel bean exists only when configured; with none
 * configured nothing is enqueued. {@link #send} runs on the delivery executor, never on a request
 * or consumer thread, and may throw: the notification is retried with back-off.
 */
interface Channel {

  /** The channel's name as stored ({@code webhook}, {@code mail}). */
  String name();

  /** Whether the channel knows how to reach this user (e-mail: an address in the directory). */
  boolean reaches(String recipient);

  /**
   * Delivers once; the same {@code message.notificationId()} on every retry of one notification.
   */
  void send(Message message) throws Exception;
}
