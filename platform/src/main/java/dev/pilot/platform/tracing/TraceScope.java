package dev.pilot.platform.tracing;

/** A span (or several) of {@link Traces}; closing ends it and restores what was current before. */
public interface TraceScope extends AutoCloseable {

  TraceScope NONE =
      new TraceScope() {
        @Override
        public TraceScope tag(String key, Object value) {
          return this;
        }

        @Override
        public void failed(Throwable error) {}

        @Override
        public void close() {}
      };

  /** Adds an attribute (e.g. {@code pilot.execution_id}); a null value is left out. */
  TraceScope tag(String key, Object value);

  /** Marks the span as failed with the error. */
  void failed(Throwable error);

  @Override
  void close();
}
