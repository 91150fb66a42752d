package dev.pilot.execution.steps;

import dev.pilot.platform.web.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.StringNode;

/** Writes {@code message} to the service log; the message is the step's output. */
@Component
class LogStep implements StepKind {

  private static final Logger log = LoggerFactory.getLogger(LogStep.class);

  @Override
  public String name() {
    return "log";
  }

  @Override
  public List<Violation> validate(String path, Map<String, Object> params) {
    List<Violation> violations = new ArrayList<>();
    Params.optionalString(params, path, "message", violations);
    return violations;
  }

  @Override
  public JsonNode run(StepInvocation invocation) {
    String message = Params.string(invocation.params(), "message", "");
    log.info("execution {} step {}: {}", invocation.executionId(), invocation.stepId(), message);
    return StringNode.valueOf(message);
  }
}
