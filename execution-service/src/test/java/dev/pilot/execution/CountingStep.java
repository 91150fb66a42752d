package dev.pilot.execution;

import dev.pilot.execution.steps.StepInvocation;
import dev.pilot.execution.steps.StepKind;
import dev.pilot.execution.steps.StepKinds;
import dev.pilot.platform.web.Violation;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * A test-only step kind that counts how often each step of each execution began and finished its
 * work, across every application context of the JVM. The work itself is the production {@code
 * delay} kind's ({@code duration_ms}), so the simulated work stays in one place.
 */
@Component
public class CountingStep implements StepKind {

  private static final Map<String, AtomicInteger> started = new ConcurrentHashMap<>();
  private static final Map<String, AtomicInteger> finished = new ConcurrentHashMap<>();

  public static int started(Object executionId, String stepId) {
    return started.getOrDefault(executionId + ":" + stepId, new AtomicInteger()).get();
  }

  public static int finished(Object executionId, String stepId) {
    return finished.getOrDefault(executionId + ":" + stepId, new AtomicInteger()).get();
  }

  private final AtomicInteger finishedHere = new AtomicInteger();
  // Lazy: StepKinds is built from every StepKind bean, this one included.
  private final ObjectProvider<StepKinds> kinds;

  public CountingStep(ObjectProvider<StepKinds> kinds) {
    this.kinds = kinds;
  }

  /** Steps this application context's instance finished. */
  public int finishedHere() {
    return finishedHere.get();
  }

  @Override
  public String name() {
    return "counting";
  }

  @Override
  public List<Violation> validate(String path, Map<String, Object> params) {
    return List.of();
  }

  @Override
  public JsonNode run(StepInvocation invocation) throws Exception {
    String key = invocation.idempotencyKey();
    started.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
    kinds.getObject().get("delay").run(invocation);
    finished.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
    finishedHere.incrementAndGet();
    return null;
  }
}
