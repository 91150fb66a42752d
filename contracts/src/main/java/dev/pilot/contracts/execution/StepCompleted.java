package dev.pilot.contracts.execution;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A step finished successfully: an action step's work is done, or an approval step was approved.
 * {@code completed_steps} lists every step id completed so far, this one included. {@code output}
 * (added within v1) is reserved for the step's output, any JSON value; the execution service does
 * not write it yet (outputs are read through its API, by those who may see the run). Outputs are
 * bounded by the execution service's limit (at most 256 KiB), so the event would stay far below
 * Kafka's default 1 MiB record size.
 */
public record StepCompleted(
    @JsonProperty("event_id") UUID eventId,
    @JsonProperty("occurred_at") Instant occurredAt,
    @JsonProperty("execution_id") UUID executionId,
    long sequence,
    @JsonProperty("step_id") String stepId,
    @JsonProperty("step_title") String stepTitle,
    @JsonProperty("step_order") int stepOrder,
    @JsonProperty("total_steps") int totalSteps,
    @JsonProperty("completed_steps") List<String> completedSteps,
    @JsonInclude(JsonInclude.Include.NON_NULL) Object output)
    implements ExecutionEvent {

  /** A completion without output, as every step completed before outputs existed. */
  public StepCompleted(
      UUID eventId,
      Instant occurredAt,
      UUID executionId,
      long sequence,
      String stepId,
      String stepTitle,
      int stepOrder,
      int totalSteps,
      List<String> completedSteps) {
    this(
        eventId,
        occurredAt,
        executionId,
        sequence,
        stepId,
        stepTitle,
        stepOrder,
        totalSteps,
        completedSteps,
        null);
  }
}
