package dev.pilot.execution;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Agent bodies in the API's JSON shape. */
public final class AgentFixtures {

  private AgentFixtures() {}

  /** The example, verbatim: delay, approval by bob, log with a retry policy. */
  public static final String INVOICE_REVIEW =
      """
      {"name":"Invoice review","mode":"manual","pilot_steps":[{"id":"fetch","title":"Fetch invoices","type":"action","action":{"kind":"delay","params":{"duration_ms":2000}}},{"id":"review","title":"Finance approval","type":"approval","approval":{"approvers":["bob"],"approval_type":"any","timeout":"PT1H","reason":"Large payment"}},{"id":"pay","title":"Pay","type":"action","action":{"kind":"log","params":{"message":"paid"}},"retry":{"max_attempts":3,"backoff":"PT1S"}}]}""";

  public static Map<String, Object> manualAgent(String name, Map<String, Object>... steps) {
    Map<String, Object> agent = new LinkedHashMap<>();
    agent.put("name", name);
    agent.put("description", "fixture " + name);
    agent.put("mode", "manual");
    agent.put("pilot_steps", new ArrayList<>(Arrays.asList(steps)));
    return agent;
  }

  public static Map<String, Object> scheduledAgent(
      String name, String cron, Map<String, Object>... steps) {
    Map<String, Object> agent = manualAgent(name, steps);
    agent.put("mode", "scheduled");
    agent.put("schedule", cron);
    agent.put("timezone", "Europe/Paris");
    return agent;
  }

  public static Map<String, Object> delayStep(String id, long millis) {
    return action(id, "delay", Map.of("duration_ms", millis));
  }

  public static Map<String, Object> logStep(String id) {
    return action(id, "log", Map.of("message", "hello from " + id));
  }

  public static Map<String, Object> countingStep(String id, long millis) {
    return action(id, "counting", Map.of("duration_ms", millis));
  }

  public static Map<String, Object> failStep(String id, int maxAttempts) {
    Map<String, Object> step = action(id, "fail", Map.of("message", "boom"));
    step.put("retry", Map.of("max_attempts", maxAttempts, "backoff", "PT0.1S"));
    return step;
  }

  public static Map<String, Object> httpStep(String id, String url, int maxAttempts) {
    Map<String, Object> step = action(id, "http", Map.of("url", url, "method", "POST"));
    step.put("retry", Map.of("max_attempts", maxAttempts, "backoff", "PT0.1S"));
    return step;
  }

  public static Map<String, Object> action(String id, String kind, Map<String, Object> params) {
    Map<String, Object> step = new LinkedHashMap<>();
    step.put("id", id);
    step.put("title", "Step " + id);
    step.put("type", "action");
    step.put("action", Map.of("kind", kind, "params", params));
    return step;
  }

  public static Map<String, Object> approvalStep(String id, String type, String... approvers) {
    Map<String, Object> step = new LinkedHashMap<>();
    step.put("id", id);
    step.put("title", "Approve " + id);
    step.put("type", "approval");
    step.put(
        "approval",
        new LinkedHashMap<>(
            Map.of(
                "approvers",
                List.of(approvers),
                "approval_type",
                type,
                "timeout",
                "PT1H",
                "reason",
                "needs a human")));
    return step;
  }
}
