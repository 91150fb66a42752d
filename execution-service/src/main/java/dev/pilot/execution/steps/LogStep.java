package dev.pilot.execution.steps;

import dev.pilot.platform.web.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Writes {@code message} to the service log. */
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
  public void run(StepInvocation invocation) {
    log.info(
        "execution {} step {}: {}",
        invocation.executionId(),
        invocation.stepId(),
        Params.string(invocation.params(), "message", ""));
  }
}
