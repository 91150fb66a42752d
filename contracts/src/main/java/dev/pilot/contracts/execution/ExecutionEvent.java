package dev.pilot.contracts.execution;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.pilot.contracts.PilotEvent;

/** An event on {@code execution-events}. Unknown fields are ignored: they may be added in v1. */
@JsonTypeInfo(use = JsonTypeInfo.Id.SIMPLE_NAME, property = "event_type")
@JsonSubTypes({
  @JsonSubTypes.Type(ExecutionStarted.class),
  @JsonSubTypes.Type(StepStarted.class),
  @JsonSubTypes.Type(StepCompleted.class),
  @JsonSubTypes.Type(ApprovalRequested.class),
  @JsonSubTypes.Type(ExecutionPaused.class),
  @JsonSubTypes.Type(ExecutionResumed.class),
  @JsonSubTypes.Type(ExecutionCompleted.class),
  @JsonSubTypes.Type(ExecutionFailed.class),
  @JsonSubTypes.Type(ExecutionCancelled.class)
})
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface ExecutionEvent extends PilotEvent
    permits ExecutionStarted,
        StepStarted,
        StepCompleted,
        ApprovalRequested,
        ExecutionPaused,
        ExecutionResumed,
        ExecutionCompleted,
        ExecutionFailed,
        ExecutionCancelled {}
