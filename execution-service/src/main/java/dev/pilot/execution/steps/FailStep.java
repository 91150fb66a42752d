package dev.pilot.execution.steps;

import dev.pilot.platform.web.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/** Always fails with {@code message}: exercises retries and failure paths. */
@Component
class FailStep implements StepKind {

  @Override
  public String name() {
    return "fail";
  }

  @Override
  public List<Violation> validate(String path, Map<String, Object> params) {
    List<Violation> violations = new ArrayList<>();
    Params.optionalString(params, path, "message", violations);
    return violations;
  }

  @Override
  public JsonNode run(StepInvocation invocation) {
    throw new StepFailedException(
        Params.string(invocation.params(), "message", "step failed on purpose"));
  }
}
