package dev.pilot.approval.notify;

import java.util.Locale;

/** Why an approver is notified; the message's opening line says so. */
public enum NotificationKind {
  /** The approval was requested and waits for the recipient's answer. */
  REQUESTED("Your approval is requested"),
  /** The approval still waits for the recipient's answer. */
  REMINDER("Reminder: your approval is still awaited"),
  /** The recipient was added to the approvers because nobody answered in time. */
  ESCALATED("Escalated to you: an approval nobody answered in time");

  private final String headline;

  NotificationKind(String headline) {
    this.headline = headline;
  }

  public String headline() {
    return headline;
  }

  String value() {
    return name().toLowerCase(Locale.ROOT);
  }

  static NotificationKind parse(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }
}
