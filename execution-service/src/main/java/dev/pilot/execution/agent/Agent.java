package dev.pilot.execution.agent;

import dev.pilot.contracts.ExecutionMode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.relational.core.mapping.Column;
import org.springframework.data.relational.core.mapping.Table;

/**
 * A stored agent, loaded and saved whole (Spring Data JDBC, table {@code agents}). Its steps, input
 * schema and default inputs are each one jsonb column: they are held as value types ({@link
 * PilotSteps}, {@link JsonDocument}) because Spring Data JDBC would map a bare {@code List} or
 * {@code Map} as child tables. {@code nextFireAt} is set only for scheduled agents. {@code
 * inputSchema} (a JSON Schema, or null) is what a run's inputs must satisfy; {@code defaultInputs}
 * are the inputs of scheduled runs and of manual runs started without any.
 */
@Table("agents")
public record Agent(
    @Id UUID id,
    String owner,
    String name,
    String description,
    ExecutionMode mode,
    String schedule,
    String timezone,
    @Column("pilot_steps") PilotSteps steps,
    Instant nextFireAt,
    Instant createdAt,
    Instant updatedAt,
    @Column("input_schema") JsonDocument inputSchemaDocument,
    @Column("default_inputs") JsonDocument defaultInputsDocument) {

  @PersistenceCreator
  public Agent {}

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
      Instant updatedAt,
      Map<String, Object> inputSchema,
      Map<String, Object> defaultInputs) {
    this(
        id,
        owner,
        name,
        description,
        mode,
        schedule,
        timezone,
        new PilotSteps(pilotSteps),
        nextFireAt,
        createdAt,
        updatedAt,
        JsonDocument.of(inputSchema),
        JsonDocument.of(defaultInputs));
  }

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

  public List<PilotStep> pilotSteps() {
    return steps.list();
  }

  public Map<String, Object> inputSchema() {
    return JsonDocument.mapOf(inputSchemaDocument);
  }

  public Map<String, Object> defaultInputs() {
    return JsonDocument.mapOf(defaultInputsDocument);
  }

  public boolean ownedBy(String user) {
    return owner.equals(user);
  }
}
