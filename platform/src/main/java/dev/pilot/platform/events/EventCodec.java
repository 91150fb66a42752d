package dev.pilot.platform.events;

import dev.pilot.contracts.PilotEvent;
import dev.pilot.contracts.approval.ApprovalEvent;
import dev.pilot.contracts.execution.ExecutionEvent;
import java.time.Instant;
import java.util.Optional;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

/**
 * The one JSON mapping of contract events. Events of a type this build does not know are returned
 * empty (a newer producer may add types); anything unparseable throws {@link
 * MalformedEventException} so the binder can dead-letter it.
 */
public class EventCodec {

  private final JsonMapper mapper =
      JsonMapper.builder()
          .disable(DeserializationFeature.FAIL_ON_INVALID_SUBTYPE)
          .addModule(
              new SimpleModule() {
                @Override
                public void setupModule(SetupContext context) {
                  super.setupModule(context);
                  context.addValueInstantiators(new SpreadCreators());
                }
              }.addDeserializer(Instant.class, new CanonicalInstants()))
          .build();

  public String write(PilotEvent event) {
    return mapper.writeValueAsString(event);
  }

  public Optional<ExecutionEvent> readExecutionEvent(byte[] json) {
    return read(json, ExecutionEvent.class);
  }

  public Optional<ApprovalEvent> readApprovalEvent(byte[] json) {
    return read(json, ApprovalEvent.class);
  }

  private <T extends PilotEvent> Optional<T> read(byte[] json, Class<T> type) {
    if (!mayHoldNullElement(json)) {
      // The common case, bound straight from the bytes (about half the work of a tree and then
      // binding it). Only a well-formed event of a known type with both ids is taken from here;
      // anything else goes the checked way below, which says why it is refused.
      try {
        T event = mapper.readValue(json, type);
        if (event != null && event.eventId() != null && event.executionId() != null) {
          return Optional.of(event);
        }
      } catch (RuntimeException checkedBelow) {
        // the checked way gives the reason
      }
    }
    T event;
    try {
      JsonNode tree = mapper.readTree(json);
      if (tree == null || !tree.path("event_type").isString()) {
        throw new MalformedEventException("event_type is required", null);
      }
      String hole = nullElement(tree, "");
      if (hole != null) {
        // Well-formed JSON, but no consumer can apply it: it must not stall a partition.
        throw new MalformedEventException(
            hole + " is null; no list of the contract holds nulls", null);
      }
      event = mapper.treeToValue(tree, type);
    } catch (MalformedEventException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new MalformedEventException(e.getMessage(), e);
    }
    if (event != null && (event.eventId() == null || event.executionId() == null)) {
      throw new MalformedEventException("event_id and execution_id are required", null);
    }
    return Optional.ofNullable(event);
  }

  /**
   * Whether the text may hold a null element of an array: a {@code null} after {@code [} or {@code
   * ,} (whitespace between). An object's null value follows a {@code :}; a match inside a string
   * only sends the record the checked way.
   */
  static boolean mayHoldNullElement(byte[] json) {
    for (int i = 0; i + 4 <= json.length; i++) {
      if (json[i] == 'n'
          && json[i + 1] == 'u'
          && json[i + 2] == 'l'
          && json[i + 3] == 'l'
          && afterOpenerOrComma(json, i)) {
        return true;
      }
    }
    return false;
  }

  private static boolean afterOpenerOrComma(byte[] json, int at) {
    for (int i = at - 1; i >= 0; i--) {
      byte b = json[i];
      if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
        return b == '[' || b == ',';
      }
    }
    return false;
  }

  /** The path of the first null element of an array inside the tree, or null if there is none. */
  private static String nullElement(JsonNode node, String path) {
    if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        JsonNode element = node.get(i);
        String at = path + "[" + i + "]";
        String hole = element.isNull() ? at : nullElement(element, at);
        if (hole != null) {
          return hole;
        }
      }
    } else if (node.isObject()) {
      for (var field : node.properties()) {
        String hole =
            nullElement(
                field.getValue(), path.isEmpty() ? field.getKey() : path + "." + field.getKey());
        if (hole != null) {
          return hole;
        }
      }
    }
    return null;
  }
}
