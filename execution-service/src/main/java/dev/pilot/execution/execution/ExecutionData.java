package dev.pilot.execution.execution;

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

  JsonNode inputs(UUID executionId) {
    return jdbc.sql("select inputs::text from execution_inputs where execution_id = ?")
        .param(executionId)
        .query(String.class)
        .optional()
        .map(JSON::readTree)
        .orElseGet(JSON::createObjectNode);
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
