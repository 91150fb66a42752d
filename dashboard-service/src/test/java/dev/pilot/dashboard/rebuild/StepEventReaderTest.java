package dev.pilot.dashboard.rebuild;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pilot.contracts.execution.ExecutionCompleted;
import dev.pilot.contracts.execution.ExecutionEvent;
import dev.pilot.contracts.execution.ExecutionResumed;
import dev.pilot.contracts.execution.StepCompleted;
import dev.pilot.contracts.execution.StepStarted;
import dev.pilot.platform.events.EventCodec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The rebuild reads its most frequent events without binding them; whatever the text, it must read
 * the same event as the live consumers' codec, or refuse it the same way.
 */
class StepEventReaderTest {

  private static final EventCodec CODEC = new EventCodec();
  private static final StepEventReader READER = new StepEventReader(CODEC);

  private static final UUID EVENT = UUID.fromString("0b6f3c1e-2a4d-4f7b-9c8e-1d2f3a4b5c03");
  private static final UUID EXECUTION = UUID.fromString("7c9e6679-7425-40de-944b-e07fc1f90ae7");
  private static final Instant AT = Instant.parse("2026-03-14T09:30:01.310123456Z");

  private static final StepStarted STARTED =
      new StepStarted(EVENT, AT, EXECUTION, 2, "fetch-invoices", "Fetch invoices", 1, 4, 1);
  private static final StepCompleted COMPLETED =
      new StepCompleted(
          EVENT,
          AT,
          EXECUTION,
          3,
          "fetch-invoices",
          "Fetch \"approved\" invoices ü",
          1,
          4,
          List.of("a", "fetch-invoices"));
  private static final ExecutionCompleted FINISHED =
      new ExecutionCompleted(EVENT, AT, EXECUTION, 11, 4, 2_149_870_000_000L);

  @Test
  void readsTheStepEventsTheProducersWriteWithoutBindingThem() {
    for (ExecutionEvent event :
        List.of(
            STARTED,
            COMPLETED,
            FINISHED,
            new StepCompleted(EVENT, AT, EXECUTION, 5, "s", "", 2, 2, List.of()))) {
      byte[] json = CODEC.write(event).getBytes(StandardCharsets.UTF_8);
      assertThat(StepEventReader.quickly(json)).isEqualTo(event);
      assertThat(READER.read(json)).contains(event);
    }
  }

  @Test
  void readsEveryOtherFormAsTheCodecDoes() {
    String started = CODEC.write(STARTED);
    String completed = CODEC.write(COMPLETED);
    String finished = CODEC.write(FINISHED);
    List<UnaryOperator<String>> edits =
        List.of(
            s -> s.replace("\"step_title\":\"Fetch invoices\",", ""),
            s -> s.replace("\"Fetch invoices\"", "null"),
            s -> s.replace("\"sequence\":2", "\"sequence\":\"2\""),
            s -> s.replace("\"sequence\":2", "\"sequence\":2.0"),
            s -> s.replace("\"sequence\":2", "\"sequence\":99999999999999999999"),
            s -> s.replace("\"step_order\":1", "\"step_order\":4294967296"),
            s -> s.replace("\"attempt\":1,", ""),
            s -> s.replace("\"attempt\":1", "\"attempt\":null"),
            s -> s.replace("{", "{\"extra\":[1,{\"a\":null}],"),
            s -> s.replace("{", "{\"sequence\":7,"),
            s -> s.replace("{", "{\"schema_version\":{\"v\":1},"),
            s -> s.replace("\"schema_version\":1", "\"schema_version\":\"one\""),
            s -> s.replace(EVENT.toString(), EVENT.toString().toUpperCase()),
            s -> s.replace(EVENT.toString(), EVENT.toString().replace('-', '_')),
            s -> s.replace(EVENT.toString(), "0b6f3c1e-2a4d-4f7b-9c8e-1d2f3a4b5cg3"),
            s -> s.replace(EXECUTION.toString(), "C56a4180-65aa-42ec-a945-5fd21dec0538"),
            s -> s.replace(EXECUTION.toString(), "Bpw+Xm6+RBKQ7MSVq1F1+Q=="),
            s -> s.replace("\"execution_id\":\"" + EXECUTION + "\",", ""),
            s -> s.replace("\"event_id\":\"" + EVENT + "\",", ""),
            s -> s.replace("2026-03-14T09:30:01.310123456Z", "2026-03-14T10:30:01.310+01:00"),
            s -> s.replace("2026-03-14T09:30:01.310123456Z", "2026-02-30T09:30:01Z"),
            s -> s.replace("\"occurred_at\":\"2026-03-14T09:30:01.310123456Z\",", ""),
            s -> s.replace("StepStarted", "ExecutionResumed"),
            s -> s.replace("StepStarted", "StepRetried"),
            s -> s.replace("\"event_type\":\"StepStarted\",", ""),
            s -> s + " {}",
            s -> s + " x",
            s -> "[" + s + "]",
            s -> s.substring(0, s.length() - 1));
    List<UnaryOperator<String>> completedEdits =
        List.of(
            s -> s.replace("[\"a\",", "[null,"),
            s -> s.replace("[\"a\",", "[1,"),
            s -> s.replace("[\"a\",", "[[\"a\"],"),
            s -> s.replace("[\"a\",\"fetch-invoices\"]", "\"a\""),
            s -> s.replace("{", "{\"output\":{\"rows\":[1,2]},"),
            s -> s.replace("StepCompleted", "StepStarted"),
            s -> s.replace("\"step_order\":1", "\"step_order\":-1"));
    List<UnaryOperator<String>> finishedEdits =
        List.of(
            s -> s.replace("\"duration_ms\":2149870000000", "\"duration_ms\":-5"),
            s -> s.replace(",\"duration_ms\":2149870000000", ""),
            s -> s.replace("ExecutionCompleted", "ExecutionCancelled"));
    for (UnaryOperator<String> edit : edits) {
      assertThat(
              !edit.apply(started).equals(started)
                  || !edit.apply(completed).equals(completed)
                  || !edit.apply(finished).equals(finished))
          .as("the edit changes an event")
          .isTrue();
      assertReadAsByTheCodec(edit.apply(started));
      assertReadAsByTheCodec(edit.apply(completed));
      assertReadAsByTheCodec(edit.apply(finished));
    }
    for (UnaryOperator<String> edit : completedEdits) {
      assertThat(edit.apply(completed)).isNotEqualTo(completed);
      assertReadAsByTheCodec(edit.apply(completed));
    }
    for (UnaryOperator<String> edit : finishedEdits) {
      assertThat(edit.apply(finished)).isNotEqualTo(finished);
      assertReadAsByTheCodec(edit.apply(finished));
    }
    assertReadAsByTheCodec(CODEC.write(new ExecutionResumed(EVENT, AT, EXECUTION, 9, "alice")));
  }

  private static void assertReadAsByTheCodec(String text) {
    byte[] json = text.getBytes(StandardCharsets.UTF_8);
    assertThat(outcome(() -> READER.read(json)))
        .as(text)
        .isEqualTo(outcome(() -> CODEC.readExecutionEvent(json)));
  }

  /** The event read, or the refusal's class and reason. */
  private static Object outcome(java.util.function.Supplier<?> read) {
    try {
      return read.get();
    } catch (RuntimeException refused) {
      return refused.getClass().getName() + ": " + refused.getMessage();
    }
  }
}
