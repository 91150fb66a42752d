package dev.pilot.platform.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pilot.contracts.execution.ExecutionEvent;
import dev.pilot.contracts.execution.ExecutionResumed;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CanonicalInstantsTest {

  final EventCodec codec = new EventCodec();

  @Test
  void eventTimesReadTheSameAsThroughTheFormatter() {
    for (String text :
        List.of(
            "2026-11-30T01:58:59Z",
            "2026-11-30T01:58:59.3Z",
            "2026-11-30T01:58:59.317Z",
            "2026-11-30T01:58:59.317831Z",
            "2026-11-30T01:58:59.317831614Z",
            "2024-02-29T23:59:59.999999999Z",
            "1970-01-01T00:00:00Z",
            "0001-01-01T00:00:00Z")) {
      assertThat(CanonicalInstants.parse(text)).as(text).isEqualTo(Instant.parse(text));
      assertThat(occurredAt(text)).as(text).isEqualTo(Instant.parse(text));
    }
  }

  @Test
  void otherFormsAreLeftToJacksonAndReadAsBefore() {
    for (String text :
        List.of(
            "2026-11-30T02:58:59+01:00",
            "2026-11-30T01:58:59.Z",
            "2026-02-30T01:58:59Z",
            "2026-11-30T24:00:00Z",
            "+12026-11-30T01:58:59Z",
            "2026-11-30 01:58:59Z")) {
      assertThat(CanonicalInstants.parse(text)).as(text).isNull();
    }
    assertThat(occurredAt("2026-11-30T02:58:59+01:00"))
        .isEqualTo(Instant.parse("2026-11-30T01:58:59Z"));
    assertThat(occurred("1764467939")).isEqualTo(Instant.ofEpochSecond(1764467939L));
  }

  private Instant occurredAt(String text) {
    return occurred("\"" + text + "\"");
  }

  private Instant occurred(String json) {
    String event =
        """
        {"event_type":"ExecutionResumed","event_id":"%s","execution_id":"%s","sequence":2,
         "occurred_at":%s,"requested_by":"alice"}"""
            .formatted(UUID.randomUUID(), UUID.randomUUID(), json);
    ExecutionEvent read =
        codec.readExecutionEvent(event.getBytes(StandardCharsets.UTF_8)).orElseThrow();
    return ((ExecutionResumed) read).occurredAt();
  }
}
