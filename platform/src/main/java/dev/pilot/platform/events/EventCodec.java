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
          .addModule(new SimpleModule().addDeserializer(Instant.class, new CanonicalInstants()))
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
