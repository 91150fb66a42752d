package dev.pilot.execution.agent;

import dev.pilot.contracts.ExecutionMode;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A stored agent. {@code nextFireAt} is set only for scheduled agents. */
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
    Instant updatedAt) {

  public boolean ownedBy(String user) {
    return owner.equals(user);
  }
}
