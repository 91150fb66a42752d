package dev.pilot.dashboard.stream;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * One row of the change feed; its id is the SSE event id. Its frames are encoded at most once per
 * kind, on first use, and shared by every subscriber.
 */
final class Change {

  private final long id;
  private final UUID executionId;
  private final String kind;
  private final List<String> viewers;
  private final List<String> dropped;
  private final String payload;
  private volatile Frame upserted;
  private volatile Frame removed;

  Change(
      long id,
      UUID executionId,
      String kind,
      List<String> viewers,
      List<String> dropped,
      String payload) {
    this.id = id;
    this.executionId = executionId;
    this.kind = kind;
    this.viewers = viewers;
    this.dropped = dropped;
    this.payload = payload;
  }

  long id() {
    return id;
  }

  UUID executionId() {
    return executionId;
  }

  List<String> viewers() {
    return viewers;
  }

  List<String> dropped() {
    return dropped;
  }

  boolean isReset() {
    return "reset".equals(kind);
  }

  /** What this change means to one user: an upserted row, a removal, or nothing at all. */
  Optional<Frame> frameFor(String user) {
    if ("upsert".equals(kind) && viewers.contains(user)) {
      Frame frame = upserted;
      if (frame == null) {
        frame = upserted = Frame.event(id, "execution", payload);
      }
      return Optional.of(frame);
    }
    if (dropped.contains(user) || ("removed".equals(kind) && viewers.contains(user))) {
      Frame frame = removed;
      if (frame == null) {
        frame = removed = Frame.event(id, "removed", payload);
      }
      return Optional.of(frame);
    }
    return Optional.empty();
  }
}
