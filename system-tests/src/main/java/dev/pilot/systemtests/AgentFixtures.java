package dev.pilot.systemtests;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Agent definitions as a user would post them. */
public final class AgentFixtures {

  private AgentFixtures() {}

  /** Five steps: two quick actions, one approval, two more actions. */
  public static String agentWithApprovalStep(
      String approvalType, String timeout, String... approvers) {
    return agentWithApprovalStep(false, approvalType, timeout, approvers);
  }

  /**
   * The same agent whose approval step lets the run's owner approve it: separation of duties is the
   * default, so the seed's "I run it, I approve it" scenario has to opt in.
   */
  public static String agentOwnerMayApprove(
      String approvalType, String timeout, String... approvers) {
    return agentWithApprovalStep(true, approvalType, timeout, approvers);
  }

  private static String agentWithApprovalStep(
      boolean allowSelfApproval, String approvalType, String timeout, String... approvers) {
    String names =
        Arrays.stream(approvers).map(a -> "\"" + a + "\"").collect(Collectors.joining(","));
    return """
        {"name":"Invoice review %s","description":"Pays large invoices once finance agrees",
         "mode":"manual","pilot_steps":[
          %s,
          %s,
          {"id":"review","title":"Finance approval","type":"approval",
           "approval":{"approvers":[%s],"approval_type":"%s","timeout":"%s",
                       "reason":"Payment above the limit","allow_self_approval":%s}},
          %s,
          %s]}"""
        .formatted(
            approvalType,
            delay("fetch", "Fetch invoices", 200),
            delay("check", "Check amounts", 200),
            names,
            approvalType,
            timeout,
            allowSelfApproval,
            delay("pay", "Pay invoices", 200),
            log("notify", "Notify accounting"));
  }

  /** A scheduled agent without approval, firing on the given cron. */
  public static String scheduledAgent(String cron) {
    return """
        {"name":"Nightly sync","mode":"scheduled","schedule":"%s","timezone":"UTC",
         "pilot_steps":[%s,%s,%s]}"""
        .formatted(
            cron,
            delay("pull", "Pull changes", 100),
            delay("merge", "Merge records", 100),
            log("report", "Report"));
  }

  /** Five quick action steps and one approval: the benchmark's workload. */
  public static String benchmarkAgent(String approver) {
    return """
        {"name":"Benchmark","mode":"manual","pilot_steps":[
          %s,%s,
          {"id":"approve","title":"Approve","type":"approval",
           "approval":{"approvers":["%s"],"approval_type":"any","timeout":"PT1H","reason":"bench"}},
          %s,%s]}"""
        .formatted(
            log("a", "Step A"),
            log("b", "Step B"),
            approver,
            log("c", "Step C"),
            log("d", "Step D"));
  }

  public static String delay(String id, String title, int millis) {
    return """
        {"id":"%s","title":"%s","type":"action","action":{"kind":"delay","params":{"duration_ms":%d}}}"""
        .formatted(id, title, millis);
  }

  public static String log(String id, String title) {
    return """
        {"id":"%s","title":"%s","type":"action","action":{"kind":"log","params":{"message":"%s"}}}"""
        .formatted(id, title, title);
  }
}
