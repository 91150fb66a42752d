package dev.pilot.execution.execution;

import dev.pilot.execution.agent.PilotSteps;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A run's data: the inputs it was started with and what each finished step produced. */
@Repository
class ExecutionData {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final JdbcClient jdbc;

  ExecutionData(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** In the transaction that inserts the execution. */
  void saveInputs(UUID executionId, Map<String, Object> inputs) {
    jdbc.sql("insert into execution_inputs (execution_id, inputs) values (?, ?::jsonb)")
        .params(executionId, PilotSteps.toJsonValue(inputs))
        .update();
  }

  JsonNode inputs(UUID executionId) {
    return jdbc.sql("select inputs::text from execution_inputs where execution_id = ?")
        .param(executionId)
        .query(String.class)
        .optional()
        .map(JSON::readTree)
        .orElseGet(JSON::createObjectNode);
  }

  /**
   * Keeps a step's output; a step that runs again after a crash or a lost lease replaces the output
   * of its earlier run.
   */
  void saveOutput(UUID executionId, String stepId, String outputJson) {
    jdbc.sql(
            """
            insert into step_outputs (execution_id, step_id, output) values (?, ?, ?::jsonb)
            on conflict (execution_id, step_id) do update set output = excluded.output""")
        .params(executionId, stepId, outputJson)
        .update();
  }

  /** Every stored output of the execution, by step id. */
  Map<String, JsonNode> outputs(UUID executionId) {
    Map<String, JsonNode> outputs = new LinkedHashMap<>();
    jdbc.sql("select step_id, output::text as output from step_outputs where execution_id = ?")
        .param(executionId)
        .query(
            (rs, row) ->
                outputs.put(rs.getString("step_id"), JSON.readTree(rs.getString("output"))))
        .list();
    return outputs;
  }

  /** The execution's outputs by step id, as plain values for views. */
  Map<String, Object> outputValues(UUID executionId) {
    Map<String, Object> values = new LinkedHashMap<>();
    outputs(executionId)
        .forEach((step, node) -> values.put(step, JSON.treeToValue(node, Object.class)));
    return values;
  }
}
