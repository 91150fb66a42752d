package dev.pilot.contracts;

/** A pilot step as announced in {@code ExecutionStarted}. */
public record PilotStepSummary(String id, String title, StepType type) {}
