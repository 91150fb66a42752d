package dev.pilot.dashboard.rebuild;

import dev.pilot.platform.events.CanonicalInstants;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * One JSON object of an event in the producers' form, read from the parser's tokens: each field
 * known here, present at most once, of its JSON type and not null. {@link #read} returns null for
 * anything else, and the codec decides. A bit per field says which were present; which fields an
 * event must and may have is the caller's to check ({@link #exactly}).
 */
final class Fields {

  /** How a field's value is written. */
  private enum Kind {
    TEXT,
    UUID,
    INSTANT,
    INT,
    LONG,
    BOOLEAN,
    TEXTS,
    OBJECT,
    OBJECTS,
    /** Ignored by the codec (not a field of the records): any scalar. */
    SCALAR
  }

  /** Every field of the events read here; the JSON name is the constant's name in lower case. */
  enum Field {
    EVENT_TYPE(Kind.TEXT),
    SCHEMA_VERSION(Kind.SCALAR),
    EVENT_ID(Kind.UUID),
    OCCURRED_AT(Kind.INSTANT),
    EXECUTION_ID(Kind.UUID),
    SEQUENCE(Kind.LONG),
    STEP_ID(Kind.TEXT),
    STEP_TITLE(Kind.TEXT),
    STEP_ORDER(Kind.INT),
    TOTAL_STEPS(Kind.INT),
    ATTEMPT(Kind.INT),
    COMPLETED_STEPS(Kind.TEXTS),
    DURATION_MS(Kind.LONG),
    AGENT_ID(Kind.UUID),
    AGENT_NAME(Kind.TEXT),
    DESCRIPTION(Kind.TEXT),
    OWNER(Kind.TEXT),
    MODE(Kind.TEXT),
    TRIGGER(Kind.TEXT),
    EXECUTION_STARTED_AT(Kind.INSTANT),
    PILOT_STEPS(Kind.OBJECTS),
    ID(Kind.TEXT),
    TITLE(Kind.TEXT),
    TYPE(Kind.TEXT),
    STATUS(Kind.TEXT),
    APPROVAL_ID(Kind.UUID),
    APPROVERS(Kind.TEXTS),
    APPROVAL_TYPE(Kind.TEXT),
    EXPIRES_AT(Kind.INSTANT),
    REASON(Kind.TEXT),
    PREVENT_SELF_APPROVAL(Kind.BOOLEAN),
    CONTEXT(Kind.OBJECT),
    APPROVER(Kind.TEXT),
    DECISION(Kind.TEXT),
    COMMENT(Kind.TEXT),
    APPROVALS(Kind.INT),
    REJECTIONS(Kind.INT),
    TOTAL_APPROVERS(Kind.INT),
    OUTCOME(Kind.TEXT),
    RESPONSES(Kind.OBJECTS),
    RESPONDED_AT(Kind.INSTANT);

    private static final Map<String, Field> BY_NAME =
        Stream.of(values())
            .collect(
                Collectors.toUnmodifiableMap(
                    f -> f.name().toLowerCase(Locale.ROOT), Function.identity()));

    private final Kind kind;

    Field(Kind kind) {
      this.kind = kind;
    }

    long bit() {
      return 1L << ordinal();
    }
  }

  /** The bits of several fields. */
  static long bits(Field... fields) {
    long bits = 0;
    for (Field field : fields) {
      bits |= field.bit();
    }
    return bits;
  }

  private static final int COUNT = Field.values().length;

  private long seen;
  private final Object[] values = new Object[COUNT];
  private final long[] numbers = new long[COUNT];

  private Fields() {}

  /**
   * The object whose {@code START_OBJECT} the parser has just read, up to its {@code END_OBJECT};
   * null if it is not in the producers' form.
   */
  static Fields read(JsonParser parser) {
    Fields fields = new Fields();
    JsonToken token;
    while ((token = parser.nextToken()) == JsonToken.PROPERTY_NAME) {
      Field field = Field.BY_NAME.get(parser.currentName());
      if (field == null || fields.has(field) || !fields.value(field, parser.nextToken(), parser)) {
        return null; // unknown, duplicate, of another JSON type, or null: the codec decides
      }
      fields.seen |= field.bit();
    }
    return token == JsonToken.END_OBJECT ? fields : null;
  }

  /** Whether the fields present are all of {@code required} and none but those and {@code may}. */
  boolean exactly(long required, long may) {
    return (seen & ~may) == required;
  }

  boolean has(Field field) {
    return (seen & field.bit()) != 0;
  }

  String text(Field field) {
    return (String) values[field.ordinal()];
  }

  UUID uuid(Field field) {
    return (UUID) values[field.ordinal()];
  }

  Instant instant(Field field) {
    return (Instant) values[field.ordinal()];
  }

  @SuppressWarnings("unchecked")
  List<String> texts(Field field) {
    return (List<String>) values[field.ordinal()];
  }

  Fields object(Field field) {
    return (Fields) values[field.ordinal()];
  }

  @SuppressWarnings("unchecked")
  List<Fields> objects(Field field) {
    return (List<Fields>) values[field.ordinal()];
  }

  long number(Field field) {
    return numbers[field.ordinal()];
  }

  int integer(Field field) {
    return (int) numbers[field.ordinal()];
  }

  boolean bool(Field field) {
    return numbers[field.ordinal()] != 0;
  }

  /** Reads one field's value; false if the codec must decide. */
  private boolean value(Field field, JsonToken token, JsonParser parser) {
    int at = field.ordinal();
    switch (field.kind) {
      case TEXT -> values[at] = token == JsonToken.VALUE_STRING ? parser.getString() : null;
      case UUID -> values[at] = uuid(token, parser);
      case INSTANT ->
          values[at] =
              token == JsonToken.VALUE_STRING ? CanonicalInstants.parse(parser.getString()) : null;
      case TEXTS -> values[at] = texts(token, parser);
      case OBJECT -> values[at] = token == JsonToken.START_OBJECT ? read(parser) : null;
      case OBJECTS -> values[at] = objects(token, parser);
      case INT, LONG -> {
        if (!whole(token, parser, field.kind == Kind.LONG)) {
          return false;
        }
        numbers[at] = parser.getLongValue();
        return true;
      }
      case BOOLEAN -> {
        numbers[at] = token == JsonToken.VALUE_TRUE ? 1 : 0;
        return token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE;
      }
      case SCALAR -> {
        return token.isScalarValue();
      }
    }
    return values[at] != null;
  }

  /** A whole number that fits an {@code int}, or a {@code long} if {@code wide}. */
  private static boolean whole(JsonToken token, JsonParser parser, boolean wide) {
    if (token != JsonToken.VALUE_NUMBER_INT) {
      return false;
    }
    JsonParser.NumberType type = parser.getNumberType();
    return type == JsonParser.NumberType.INT || (wide && type == JsonParser.NumberType.LONG);
  }

  private static List<String> texts(JsonToken token, JsonParser parser) {
    if (token != JsonToken.START_ARRAY) {
      return null;
    }
    List<String> texts = new ArrayList<>();
    JsonToken element;
    while ((element = parser.nextToken()) == JsonToken.VALUE_STRING) {
      texts.add(parser.getString());
    }
    return element == JsonToken.END_ARRAY ? texts : null;
  }

  private static List<Fields> objects(JsonToken token, JsonParser parser) {
    if (token != JsonToken.START_ARRAY) {
      return null;
    }
    List<Fields> objects = new ArrayList<>();
    JsonToken element;
    while ((element = parser.nextToken()) == JsonToken.START_OBJECT) {
      Fields object = read(parser);
      if (object == null) {
        return null;
      }
      objects.add(object);
    }
    return element == JsonToken.END_ARRAY ? objects : null;
  }

  /** A UUID in its canonical 36-character text (hex digits of either case), read in place. */
  private static UUID uuid(JsonToken token, JsonParser parser) {
    if (token != JsonToken.VALUE_STRING || parser.getStringLength() != 36) {
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
