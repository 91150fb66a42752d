package dev.pilot.contracts;

import dev.pilot.contracts.approval.ApprovalEvent;
import dev.pilot.contracts.execution.ExecutionEvent;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Every event type of the contract, found from the sealed topic interfaces: a record added to a
 * {@code permits} clause is picked up by every contract test without being listed anywhere else.
 */
record EventTypes(
    Class<? extends PilotEvent> type, Class<? extends PilotEvent> topicType, String topic) {

  static List<EventTypes> all() {
    return Stream.concat(
            on(ExecutionEvent.class, Topics.EXECUTION_EVENTS),
            on(ApprovalEvent.class, Topics.APPROVAL_EVENTS))
        .toList();
  }

  static EventTypes named(String name) {
    return all().stream()
        .filter(t -> t.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("No event type " + name));
  }

  private static Stream<EventTypes> on(Class<? extends PilotEvent> topicType, String topic) {
    return Arrays.stream(topicType.getPermittedSubclasses())
        .map(c -> new EventTypes(c.asSubclass(PilotEvent.class), topicType, topic));
  }

  /** The {@code event_type} value and the name of its schema and fixture files. */
  String name() {
    return type.getSimpleName();
  }

  @Override
  public String toString() {
    return name();
  }
}
