package dev.pilot.execution.execution;

/** What an action step produced, as JSON, to be kept with the transition that finishes it. */
record StepOutput(String stepId, String json) {}
