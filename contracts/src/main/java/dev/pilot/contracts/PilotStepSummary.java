package dev.pilot.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A pilot step as announced in {@code ExecutionStarted}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PilotStepSummary(String id, String title, StepType type) {}
