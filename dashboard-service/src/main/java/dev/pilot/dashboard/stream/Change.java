package dev.pilot.dashboard.stream;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.codec.ServerSentEvent;

/** One row of the change feed; its id is the SSE event id. */
record Change(
    long id,
    UUID executionId,
    String kind,
    List<String> viewers,
    List<String> dropped,
    String payload) {

  boolean isReset() {
    return "reset".equals(kind);
  }

  /** What this change means to one user: an upserted row, a removal, or nothing at all. */
  Optional<ServerSentEvent<String>> eventFor(String user) {
    if ("upsert".equals(kind) && viewers.contains(user)) {
      return Optional.of(event("execution"));
    }
    if (dropped.contains(user) || ("removed".equals(kind) && viewers.contains(user))) {
      return Optional.of(event("removed"));
    }
    return Optional.empty();
  }

  private ServerSentEvent<String> event(String name) {
    return ServerSentEvent.builder(payload).id(Long.toString(id)).event(name).build();
  }
}
