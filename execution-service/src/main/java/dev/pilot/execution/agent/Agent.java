package dev.pilot.execution.agent;

import dev.pilot.contracts.ExecutionMode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A stored agent. {@code nextFireAt} is set only for scheduled agents. {@code inputSchema} (a JSON
 * Schema, or null) is what a run's inputs must satisfy; {@code defaultInputs} are the inputs of
 * scheduled runs and of manual runs started without any.
 */
public record Agent(
    UUID id,
    String owner,
    String name,
    String description,
    ExecutionMode mode,
    String schedule,
    String timezone,
    List<PilotStep> pilotSteps,
    Instant nextFireAt,
    Instant createdAt,
    Instant updatedAt,
    Map<String, Object> inputSchema,
    Map<String, Object> defaultInputs) {

  /** An agent that takes no inputs. */
  public Agent(
      UUID id,
      String owner,
      String name,
      String description,
      ExecutionMode mode,
      String schedule,
      String timezone,
      List<PilotStep> pilotSteps,
      Instant nextFireAt,
      Instant createdAt,
      Instant updatedAt) {
    this(
        id,
        owner,
        name,
        description,
        mode,
        schedule,
        timezone,
        pilotSteps,
        nextFireAt,
        createdAt,
        updatedAt,
        null,
        Map.of());
  }

  public boolean ownedBy(String user) {
    return owner.equals(user);
  }
}
