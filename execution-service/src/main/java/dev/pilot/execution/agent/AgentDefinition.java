package dev.pilot.execution.agent;

import dev.pilot.contracts.ExecutionMode;
import java.util.List;
import java.util.Map;

/** What a valid create or update request defines. */
record AgentDefinition(
    String name,
    String description,
    ExecutionMode mode,
    CronSchedule schedule,
    String timezone,
    List<PilotStep> pilotSteps,
    Map<String, Object> inputSchema,
    Map<String, Object> defaultInputs) {}
