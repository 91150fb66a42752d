package dev.pilot.execution.steps;

import dev.pilot.platform.web.Violation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Waits {@code duration_ms}: a durable timer (see {@link StepKind#waits}), never a sleeping thread.
 */
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
  public Optional<Duration> waits(Map<String, Object> params) {
    return Optional.of(Duration.ofMillis(Params.longValue(params, "duration_ms", 0)));
  }

  /** Not called by the engine, which waits itself ({@link #waits}); waiting produces nothing. */
  @Override
  public JsonNode run(StepInvocation invocation) {
    return null;
  }
}
