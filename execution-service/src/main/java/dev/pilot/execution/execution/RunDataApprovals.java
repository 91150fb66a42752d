package dev.pilot.execution.execution;

import dev.pilot.execution.agent.PilotStep;
import dev.pilot.execution.directory.GroupDirectory;
import dev.pilot.execution.execution.model.ApprovalTemplates;
import dev.pilot.execution.steps.StepsProperties;
import dev.pilot.execution.template.MissingReferenceException;
import dev.pilot.execution.template.Scope;
import dev.pilot.execution.template.TemplateSyntaxException;
import dev.pilot.execution.template.Templates;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Approval steps' templates resolved against a run's data: its inputs and the outputs of the steps
 * before. The data is read only when an approval step actually has templates.
 */
@Component
class RunDataApprovals {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final ExecutionData data;
  private final StepsProperties properties;
  private final GroupDirectory directory;

  RunDataApprovals(ExecutionData data, StepsProperties properties, GroupDirectory directory) {
    this.data = data;
    this.properties = properties;
    this.directory = directory;
  }

  /** For a stored run: its inputs and outputs as stored. */
  ApprovalTemplates fromStoredData() {
    return templates(id -> new Stored(data.inputs(id), data.outputs(id)));
  }

  /**
   * For a stored run whose current step just produced {@code pending}: that output is stored by the
   * same statement as the step's success, so it is not in the database yet when the run reaches the
   * next (approval) step.
   */
  ApprovalTemplates fromStoredDataAnd(StepOutput pending) {
    return templates(
        id -> {
          Map<String, JsonNode> outputs = new LinkedHashMap<>(data.outputs(id));
          outputs.put(pending.stepId(), JSON.readTree(pending.json()));
          return new Stored(data.inputs(id), outputs);
        });
  }

  /** For a run being started, whose inputs are not stored yet and which has no outputs. */
  ApprovalTemplates forNewRun(Map<String, Object> inputs) {
    JsonNode given = JSON.valueToTree(inputs);
    return templates(id -> new Stored(given, Map.of()));
  }

  private record Stored(JsonNode inputs, Map<String, JsonNode> outputs) {}

  private ApprovalTemplates templates(Function<UUID, Stored> load) {
    ApprovalTemplates resolving = resolving(load);
    return new ApprovalTemplates() {
      @Override
      public Resolved resolve(UUID executionId, String agentName, PilotStep step) {
        return resolving.resolve(executionId, agentName, step);
      }

      @Override
      public List<String> membersOf(String group) {
        return directory.membersOf(group);
      }
    };
  }

  private ApprovalTemplates resolving(Function<UUID, Stored> load) {
    return (executionId, agentName, step) -> {
      PilotStep.Approval approval = step.approval();
      if (Templates.find("approval", Arrays.asList(approval.reason(), approval.proposal()))
          .isEmpty()) {
        return ApprovalTemplates.AS_WRITTEN.resolve(executionId, agentName, step);
      }
      Stored stored = load.apply(executionId);
      Scope scope = new Scope(stored.inputs(), stored.outputs(), executionId, agentName);
      try {
        Object reason = Templates.resolve(approval.reason(), scope);
        Object proposal = Templates.resolve(approval.proposal(), scope);
        bounded(proposal);
        return new ApprovalTemplates.Resolved(
            reason == null || reason instanceof String
                ? (String) reason
                : JSON.writeValueAsString(reason),
            proposal);
      } catch (MissingReferenceException | TemplateSyntaxException e) {
        throw new ApprovalTemplates.Unresolvable(e.getMessage());
      }
    };
  }

  private void bounded(Object proposal) {
    String refusal = properties.refusal("the proposal", JSON.writeValueAsString(proposal));
    if (refusal != null) {
      throw new ApprovalTemplates.Unresolvable(refusal);
    }
  }
}
