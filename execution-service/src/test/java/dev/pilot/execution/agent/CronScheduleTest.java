package dev.pilot.execution.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class CronScheduleTest {

  static final ZoneId PARIS = ZoneId.of("Europe/Paris");

  @Test
  void readsStandardFiveFieldCronAsFiringAtSecondZero() {
    CronSchedule schedule = CronSchedule.parse("*/5 * * * *", PARIS).orElseThrow();

    assertThat(schedule.nextAfter(Instant.parse("2026-01-01T10:02:30Z")))
        .isEqualTo(Instant.parse("2026-01-01T10:05:00Z"));
  }

  @Test
  void readsSixFieldCronWithSeconds() {
    CronSchedule schedule = CronSchedule.parse("*/3 * * * * *", PARIS).orElseThrow();

    assertThat(schedule.nextAfter(Instant.parse("2026-01-01T10:00:01Z")))
        .isEqualTo(Instant.parse("2026-01-01T10:00:03Z"));
  }

  @Test
  void firesAtWallClockTimeOfTheAgentsTimeZone() {
    CronSchedule nineInParis = CronSchedule.parse("0 9 * * *", PARIS).orElseThrow();

    // 09:00 in Paris is 08:00 UTC in winter and 07:00 UTC in summer.
    assertThat(nineInParis.nextAfter(Instant.parse("2026-01-15T00:00:00Z")))
        .isEqualTo(Instant.parse("2026-01-15T08:00:00Z"));
    assertThat(nineInParis.nextAfter(Instant.parse("2026-07-15T00:00:00Z")))
        .isEqualTo(Instant.parse("2026-07-15T07:00:00Z"));
  }

  @Test
  void rejectsWhatIsNotCron() {
    assertThat(CronSchedule.parse("every tuesday", PARIS)).isEmpty();
    assertThat(CronSchedule.parse("* * * *", PARIS)).isEmpty();
    assertThat(CronSchedule.parse("61 * * * *", PARIS)).isEmpty();
    assertThat(CronSchedule.parse("", PARIS)).isEmpty();
  }
}
