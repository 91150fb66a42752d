package dev.pilot.platform.tracing;

import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.messaging.Message;

/**
 * The trace of an execution, carried across the outbox, Kafka and the services as a W3C {@code
 * traceparent} (docs/notes/issue-14.md, "One trace per execution"). When tracing is off ({@link
 * #OFF}: no {@code OTEL_EXPORTER_OTLP_ENDPOINT}) every method returns at once without creating a
 * span or reading a header, and {@link #current()} is null, so nothing is stored or sent.
 */
public interface Traces {

  Traces OFF = new Off();

  boolean enabled();

  /** The {@code traceparent} of the span current on this thread; null when off or none. */
  String current();

  /**
   * A span continuing the trace of {@code traceparent} (a new trace when it is null or not a valid
   * traceparent), current on this thread until closed. A span that was current before (the HTTP
   * request that caused this work) is linked, so both traces lead to each other.
   */
  TraceScope continueTrace(String traceparent, String name);

  /** As {@link #continueTrace(String, String)}; {@code traceparent} is asked only when on. */
  TraceScope continueTrace(Supplier<String> traceparent, String name);

  /** As {@link #continueTrace(String, String)}, a consumer's span of a received record. */
  TraceScope consuming(String traceparent, String name);

  /** The {@code traceparent} headers of a batch's records by event id ({@code ce_id}). */
  RecordTraces of(Message<List<byte[]>> batch);

  /**
   * One consumer span per record of the batch that carries a {@code traceparent}, each a child of
   * its record's context, ended (failed if {@link TraceScope#failed} was called) on close. None is
   * current: a batch applied in one transaction has many parents, and every one of its events gets
   * a span in its own execution's trace.
   */
  TraceScope spanPerRecord(Message<List<byte[]>> batch, String name);

  /** The trace contexts a batch's records carried. */
  interface RecordTraces {
    RecordTraces NONE = eventId -> null;

    /** The {@code traceparent} of the record whose {@code ce_id} is the event's id, or null. */
    String of(UUID eventId);
  }

  final class Off implements Traces {
    private Off() {}

    @Override
    public boolean enabled() {
      return false;
    }

    @Override
    public String current() {
      return null;
    }

    @Override
    public TraceScope continueTrace(String traceparent, String name) {
      return TraceScope.NONE;
    }

    @Override
    public TraceScope continueTrace(Supplier<String> traceparent, String name) {
      return TraceScope.NONE;
    }

    @Override
    public TraceScope consuming(String traceparent, String name) {
      return TraceScope.NONE;
    }

    @Override
    public RecordTraces of(Message<List<byte[]>> batch) {
      return RecordTraces.NONE;
    }

    @Override
    public TraceScope spanPerRecord(Message<List<byte[]>> batch, String name) {
      return TraceScope.NONE;
    }
  }
}
