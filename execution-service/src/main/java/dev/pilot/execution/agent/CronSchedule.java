package dev.pilot.execution.agent;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;
import org.springframework.scheduling.support.CronExpression;

/**
 * A cron expression in a time zone. Accepts the standard five fields ({@code *}{@code /5 * * * *})
 * and Spring's six with seconds first ({@code *}{@code /3 * * * * *}).
 */
public record CronSchedule(String expression, CronExpression cron, ZoneId zone) {

  /** Empty when the expression is not a valid 5- or 6-field cron. */
  public static Optional<CronSchedule> parse(String expression, ZoneId zone) {
    if (expression == null || expression.isBlank()) {
      return Optional.empty();
    }
    String trimmed = expression.trim();
    int fields = trimmed.split("\\s+").length;
    String sixFields = fields == 5 ? "0 " + trimmed : trimmed;
    if (fields != 5 && fields != 6 && !trimmed.startsWith("@")) {
      return Optional.empty();
    }
    try {
      return Optional.of(new CronSchedule(trimmed, CronExpression.parse(sixFields), zone));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Whether the schedule has a tick after {@code after} (e.g. not only on 30 February). */
  public boolean firesAfter(Instant after) {
    return cron.next(after.atZone(zone)) != null;
  }

  /** The first tick strictly after {@code after}, evaluated in the schedule's time zone. */
  public Instant nextAfter(Instant after) {
    ZonedDateTime next = cron.next(after.atZone(zone));
    if (next == null) {
      throw new IllegalStateException("cron " + expression + " never fires again");
    }
    return next.toInstant();
  }
}
