package dev.pilot.execution.steps;

import dev.pilot.platform.web.Violation;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/** The work behind an action step's {@code action.kind}. Implementations are Spring beans. */
public interface StepKind {

  /** The value of {@code action.kind} that selects this kind. */
  String name();

  /**
   * The rules {@code params} break, each naming its field under {@code path} (e.g. {@code
   * pilot_steps[0].action.params.duration_ms}); empty when they are fine.
   */
  List<Violation> validate(String path, Map<String, Object> params);

  /**
   * Does the work with the step's params, templates already resolved. Returning means success and
   * gives the step's output (any JSON value, or null for none), which later steps may reference;
   * throwing means this attempt failed. Runs outside any transaction and may run again after a
   * crash, so it should be idempotent by {@link StepInvocation#idempotencyKey()}. An output larger
   * than {@link StepsProperties#outputLimit()} fails the attempt.
   */
  JsonNode run(StepInvocation invocation) throws Exception;

  /**
   * For a kind whose only work is waiting: how long, with these params (templates resolved). The
   * engine then waits durably instead of calling {@link #run}: the run waits in the database with
   * no thread held, survives restarts, and can be paused or cancelled at once; when the time has
   * come the step succeeds without output. Empty, the default, for kinds that do work.
   */
  default Optional<Duration> waits(Map<String, Object> params) {
    return Optional.empty();
  }
}
