package dev.pilot.contracts;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.UUID;

/**
 * The envelope every event shares. {@code event_type} is written by the type id of the topic's
 * sealed hierarchy; {@code sequence} strictly increases per execution on one topic.
 */
public interface PilotEvent {

  /** Version of the schemas under {@code schemas/v1}. A breaking change needs a new version. */
  int SCHEMA_VERSION = 1;

  UUID eventId();

  Instant occurredAt();

  UUID executionId();

  long sequence();

  @JsonProperty("schema_version")
  default int schemaVersion() {
    return SCHEMA_VERSION;
  }

  /** The {@code event_type} value, equal to the record's simple name. */
  @JsonIgnore
  default String eventType() {
    return getClass().getSimpleName();
  }
}
