package dev.pilot.dashboard.rebuild;

import dev.pilot.contracts.execution.ExecutionCompleted;
import dev.pilot.contracts.execution.ExecutionEvent;
import dev.pilot.contracts.execution.StepCompleted;
import dev.pilot.contracts.execution.StepStarted;
import dev.pilot.platform.events.CanonicalInstants;
import dev.pilot.platform.events.EventCodec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Reads the replay's most frequent records, {@code StepStarted}, {@code StepCompleted} and {@code
 * ExecutionCompleted} (ten of a five-step run's twelve execution events), straight from the JSON
 * tokens, at about half the cost of binding them (the rebuild's largest stage is decoding, and the
 * services run C1-compiled code). Only the form the producers write is taken here: every field of
 * the record present once, of its JSON type, no nulls, nothing unknown besides {@code
 * schema_version}, ids and instants in their canonical text. Anything else goes to {@link
 * EventCodec}, which binds it or refuses it as the live consumers do; so what is read is what the
 * codec reads, and the tests hold the two to that.
 */
final class StepEventReader {

  private static final JsonFactory JSON = new JsonFactory();

  private static final int EVENT_ID = 1;
  private static final int OCCURRED_AT = 1 << 1;
  private static final int EXECUTION_ID = 1 << 2;
  private static final int SEQUENCE = 1 << 3;
  private static final int STEP_ID = 1 << 4;
  private static final int STEP_TITLE = 1 << 5;
  private static final int STEP_ORDER = 1 << 6;
  private static final int TOTAL_STEPS = 1 << 7;
  private static final int ATTEMPT = 1 << 8;
  private static final int COMPLETED_STEPS = 1 << 9;
  private static final int DURATION_MS = 1 << 10;
  private static final int EVENT_TYPE = 1 << 11;
  private static final int SCHEMA_VERSION = 1 << 12;

  private static final int ENVELOPE = EVENT_TYPE | EVENT_ID | OCCURRED_AT | EXECUTION_ID | SEQUENCE;
  private static final int STEP = ENVELOPE | STEP_ID | STEP_TITLE | STEP_ORDER | TOTAL_STEPS;

  private final EventCodec codec;

  StepEventReader(EventCodec codec) {
    this.codec = codec;
  }

  /** As {@link EventCodec#readExecutionEvent}: the same event, or the same refusal. */
  Optional<ExecutionEvent> read(byte[] json) {
    ExecutionEvent event = quickly(json);
    return event != null ? Optional.of(event) : codec.readExecutionEvent(json);
  }

  /** The event if the text has the producers' form exactly, else null (the codec decides). */
  static ExecutionEvent quickly(byte[] json) {
    try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), json)) {
      return fields(parser);
    } catch (RuntimeException unusual) {
      return null;
    }
  }

  private static ExecutionEvent fields(JsonParser parser) {
    if (parser.nextToken() != JsonToken.START_OBJECT) {
      return null;
    }
    Fields f = new Fields();
    JsonToken token;
    while ((token = parser.nextToken()) == JsonToken.PROPERTY_NAME) {
      String name = parser.currentName();
      JsonToken value = parser.nextToken();
      int field = f.read(name, value, parser);
      if (field == 0 || (f.seen & field) != 0) {
        return null; // unknown, of another JSON type, null, or a duplicate: the codec decides
      }
      f.seen |= field;
    }
    if (token != JsonToken.END_OBJECT || parser.nextToken() != null) {
      return null;
    }
    return f.event();
  }

  /** The fields read so far; {@code seen} holds a bit per field. */
  private static final class Fields {
    int seen;
    String type;
    UUID eventId;
    Instant occurredAt;
    UUID executionId;
    long sequence;
    String stepId;
    String stepTitle;
    int stepOrder;
    int totalSteps;
    int attempt;
    List<String> completedSteps;
    long durationMs;

    /** Reads one field's value: its bit, or 0 if the codec must decide. */
    int read(String name, JsonToken value, JsonParser parser) {
      return switch (name) {
        case "event_type" -> (type = text(value, parser)) == null ? 0 : EVENT_TYPE;
        case "event_id" -> (eventId = uuid(value, parser)) == null ? 0 : EVENT_ID;
        case "occurred_at" -> (occurredAt = instant(value, parser)) == null ? 0 : OCCURRED_AT;
        case "execution_id" -> (executionId = uuid(value, parser)) == null ? 0 : EXECUTION_ID;
        case "step_id" -> (stepId = text(value, parser)) == null ? 0 : STEP_ID;
        case "step_title" -> (stepTitle = text(value, parser)) == null ? 0 : STEP_TITLE;
        case "completed_steps" ->
            (completedSteps = texts(value, parser)) == null ? 0 : COMPLETED_STEPS;
        case "sequence" -> {
          if (!isLong(value, parser)) {
            yield 0;
          }
          sequence = parser.getLongValue();
          yield SEQUENCE;
        }
        case "duration_ms" -> {
          if (!isLong(value, parser)) {
            yield 0;
          }
          durationMs = parser.getLongValue();
          yield DURATION_MS;
        }
        case "step_order" -> {
          if (!isInt(value, parser)) {
            yield 0;
          }
          stepOrder = parser.getIntValue();
          yield STEP_ORDER;
        }
        case "total_steps" -> {
          if (!isInt(value, parser)) {
            yield 0;
          }
          totalSteps = parser.getIntValue();
          yield TOTAL_STEPS;
        }
        case "attempt" -> {
          if (!isInt(value, parser)) {
            yield 0;
          }
          attempt = parser.getIntValue();
          yield ATTEMPT;
        }
        // Not a field of the records (the codec ignores it): any scalar.
        case "schema_version" -> value.isScalarValue() ? SCHEMA_VERSION : 0;
        default -> 0;
      };
    }

    /** The event, if the fields are exactly those of its type (schema_version aside). */
    ExecutionEvent event() {
      int fields = seen & ~SCHEMA_VERSION;
      if (type == null) {
        return null;
      }
      return switch (type) {
        case "StepStarted" ->
            fields != (STEP | ATTEMPT)
                ? null
                : new StepStarted(
                    eventId,
                    occurredAt,
                    executionId,
                    sequence,
                    stepId,
                    stepTitle,
                    stepOrder,
                    totalSteps,
                    attempt);
        case "StepCompleted" ->
            fields != (STEP | COMPLETED_STEPS)
                ? null
                : new StepCompleted(
                    eventId,
                    occurredAt,
                    executionId,
                    sequence,
                    stepId,
                    stepTitle,
                    stepOrder,
                    totalSteps,
                    completedSteps);
        case "ExecutionCompleted" ->
            fields != (ENVELOPE | TOTAL_STEPS | DURATION_MS)
                ? null
                : new ExecutionCompleted(
                    eventId, occurredAt, executionId, sequence, totalSteps, durationMs);
        default -> null;
      };
    }
  }

  private static String text(JsonToken value, JsonParser parser) {
    return value == JsonToken.VALUE_STRING ? parser.getString() : null;
  }

  private static List<String> texts(JsonToken value, JsonParser parser) {
    if (value != JsonToken.START_ARRAY) {
      return null;
    }
    List<String> texts = new ArrayList<>();
    JsonToken element;
    while ((element = parser.nextToken()) == JsonToken.VALUE_STRING) {
      texts.add(parser.getString());
    }
    return element == JsonToken.END_ARRAY ? texts : null;
  }

  private static boolean isInt(JsonToken value, JsonParser parser) {
    return value == JsonToken.VALUE_NUMBER_INT
        && parser.getNumberType() == JsonParser.NumberType.INT;
  }

  private static boolean isLong(JsonToken value, JsonParser parser) {
    return value == JsonToken.VALUE_NUMBER_INT
        && (parser.getNumberType() == JsonParser.NumberType.INT
            || parser.getNumberType() == JsonParser.NumberType.LONG);
  }

  private static Instant instant(JsonToken value, JsonParser parser) {
    return value == JsonToken.VALUE_STRING ? CanonicalInstants.parse(parser.getString()) : null;
  }

  /** A UUID in its canonical 36-character text (hex digits of either case), read in place. */
  private static UUID uuid(JsonToken value, JsonParser parser) {
    if (value != JsonToken.VALUE_STRING || parser.getStringLength() != 36) {
      return null;
    }
    char[] text = parser.getStringCharacters();
    int from = parser.getStringOffset();
    long high = 0;
    long low = 0;
    for (int i = 0; i < 36; i++) {
      char c = text[from + i];
      if (i == 8 || i == 13 || i == 18 || i == 23) {
        if (c != '-') {
          return null;
        }
        continue;
      }
      int digit = Character.digit(c, 16);
      if (digit < 0 || c > 'f') {
        return null; // Character.digit also takes other scripts' digits
      }
      if (i < 18) {
        high = high << 4 | digit;
      } else {
        low = low << 4 | digit;
      }
    }
    return new UUID(high, low);
  }
}
