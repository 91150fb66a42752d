package dev.pilot.approval.request;

import dev.pilot.contracts.GroupMembers;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * A reminder or the escalation of an approval.
 *
 * @param planned the users an escalation adds (as requested); empty for a reminder
 * @param groups the groups those users came from
 * @param firedAt when it fired, or null
 * @param notified who was reminded, or who was added, when it fired
 */
public record Stage(
    UUID approvalId,
    Kind kind,
    int number,
    Instant dueAt,
    List<String> planned,
    List<GroupMembers> groups,
    Instant firedAt,
    List<String> notified) {

  /** The stages there are. */
  public enum Kind {
    REMINDER,
    ESCALATION;

    public String value() {
      return name().toLowerCase(Locale.ROOT);
    }

    static Kind parse(String value) {
      return valueOf(value.toUpperCase(Locale.ROOT));
    }
  }
}
