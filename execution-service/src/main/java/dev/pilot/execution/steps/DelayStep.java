package dev.pilot.execution.steps;

import dev.pilot.platform.web.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/** Simulated work: waits {@code duration_ms}. */
@Component
class DelayStep implements StepKind {

  static final long MAX_MS = 24L * 60 * 60 * 1000;

  @Override
  public String name() {
    return "delay";
  }

  @Override
  public List<Violation> validate(String path, Map<String, Object> params) {
    List<Violation> violations = new ArrayList<>();
    Params.requireLong(params, path, "duration_ms", 0, MAX_MS, violations);
    return violations;
  }

  @Override
  public JsonNode run(StepInvocation invocation) throws InterruptedException {
    long millis = Params.longValue(invocation.params(), "duration_ms", 0);
    if (millis > 0) {
      Thread.sleep(millis);
    }
    return null; // waiting produces nothing
  }
}
