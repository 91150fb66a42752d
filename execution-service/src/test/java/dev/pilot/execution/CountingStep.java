package dev.pilot.execution;

import dev.pilot.execution.steps.StepInvocation;
import dev.pilot.execution.steps.StepKind;
import dev.pilot.platform.web.Violation;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * A test-only step kind that counts how often each step of each execution began and finished its
 * work, across every application context of the JVM. Its work is to keep its worker busy for {@code
 * duration_ms} (unlike a {@code delay}, which holds no thread); a stop interrupts it.
 */
@Component
public class CountingStep implements StepKind {

  private static final Map<String, AtomicInteger> started = new ConcurrentHashMap<>();
  private static final Map<String, AtomicInteger> finished = new ConcurrentHashMap<>();
  private static final Map<String, AtomicInteger> interrupted = new ConcurrentHashMap<>();

  public static int started(Object executionId, String stepId) {
    return started.getOrDefault(executionId + ":" + stepId, new AtomicInteger()).get();
  }

  public static int finished(Object executionId, String stepId) {
    return finished.getOrDefault(executionId + ":" + stepId, new AtomicInteger()).get();
  }

  /** How often the step's work was interrupted (its worker told to stop) before it finished. */
  public static int interrupted(Object executionId, String stepId) {
    return interrupted.getOrDefault(executionId + ":" + stepId, new AtomicInteger()).get();
  }

  private final AtomicInteger finishedHere = new AtomicInteger();

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
    long millis = ((Number) invocation.params().getOrDefault("duration_ms", 0)).longValue();
    if (millis > 0) {
      try {
        Thread.sleep(millis);
      } catch (InterruptedException stopped) {
        interrupted.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        throw stopped;
      }
    }
    finished.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
    finishedHere.incrementAndGet();
    return null;
  }
}
