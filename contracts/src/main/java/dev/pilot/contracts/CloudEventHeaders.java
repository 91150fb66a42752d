package dev.pilot.contracts;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Kafka record headers of the CloudEvents Kafka protocol binding (binary mode): the record value is
 * the event JSON, these headers let a consumer route without parsing it.
 */
public final class CloudEventHeaders {

  public static final String ID = "ce_id";
  public static final String TYPE = "ce_type";
  public static final String SOURCE = "ce_source";
  public static final String SPEC_VERSION = "ce_specversion";
  public static final String TIME = "ce_time";
  public static final String SUBJECT = "ce_subject";
  public static final String CONTENT_TYPE = "content-type";

  /**
   * W3C Trace Context of the work that caused the event (optional: absent when the producer does
   * not trace). A consumer that continues it joins the execution's trace.
   */
  public static final String TRACEPARENT = "traceparent";

  /** Prefix of {@code ce_type}: {@code dev.pilot.StepCompleted.v1}. */
  public static final String TYPE_PREFIX = "dev.pilot.";

  private CloudEventHeaders() {}

  public static String ceType(String eventType, int schemaVersion) {
    return TYPE_PREFIX + eventType + ".v" + schemaVersion;
  }

  /** The header values for one event, published by the given source (e.g. /execution-service). */
  public static Map<String, String> of(PilotEvent event, String source) {
    return of(
        event.eventId().toString(),
        event.eventType(),
        event.schemaVersion(),
        source,
        event.occurredAt(),
        event.executionId().toString());
  }

  /** The header values from an event's stored attributes, for relays that hold no record. */
  public static Map<String, String> of(
      String eventId,
      String eventType,
      int schemaVersion,
      String source,
      Instant occurredAt,
      String executionId) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put(ID, eventId);
    headers.put(TYPE, ceType(eventType, schemaVersion));
    headers.put(SOURCE, source);
    headers.put(SPEC_VERSION, "1.0");
    headers.put(TIME, DateTimeFormatter.ISO_INSTANT.format(occurredAt));
    headers.put(SUBJECT, executionId);
    headers.put(CONTENT_TYPE, "application/json");
    return headers;
  }
}
