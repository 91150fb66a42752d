package dev.pilot.systemtests;

import static dev.pilot.systemtests.AgentFixtures.log;
import static dev.pilot.systemtests.SeedScenariosTest.awaitApprovalFor;
import static dev.pilot.systemtests.SeedScenariosTest.id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pilot.systemtests.OtlpCollector.ReceivedSpan;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * One execution with an approval is one connected trace across the three services and the broker,
 * as an operator sees it in their tracing tool: the services export over OTLP/HTTP to a real
 * receiver ({@link OtlpCollector}), which decodes what they sent.
 */
class ExecutionTraceTest {

  static final Duration PATIENCE = Duration.ofSeconds(60);

  final PilotSystem system = PilotSystem.get();
  final PilotApi alice = system.api("alice");
  final PilotApi bob = system.api("bob");

  @Test
  void aRunWithAnApprovalIsOneTraceFromItsStartToTheDashboardProjection() {
    UUID agent = id(alice.createAgent(agentWithApproval()), "id");
    UUID run = alice.start(agent);
    bob.respond(awaitApprovalFor(bob, run), "approve");
    await().atMost(PATIENCE).until(() -> alice.status(run).equals("completed"));

    OtlpCollector collector = system.traces();
    ReceivedSpan prepare =
        await()
            .atMost(PATIENCE)
            .until(() -> find(collector.spans(), stepOf(run, "prepare")), s -> s != null);
    String traceId = prepare.traceId();
    // Every span of the chain below is in this trace; wait until the last ones are exported.
    List<ReceivedSpan> trace =
        await()
            .atMost(PATIENCE)
            .until(
                () -> collector.trace(traceId),
                spans ->
                    find(spans, stepOf(run, "finish")) != null
                        && find(spans, projected("ExecutionCompleted")) != null
                        && find(spans, projected("ApprovalResolved")) != null);

    // The browser's start request is the root: the dashboard's server span of POST
    // .../executions; its gateway forwards it (a client span), and execution-service's server
    // span of the same request continues that.
    ReceivedSpan root = only(trace, s -> s.isRoot());
    assertThat(root.service()).isEqualTo("dashboard-service");
    assertThat(root.kind()).isEqualTo("SPAN_KIND_SERVER");
    ReceivedSpan forward = only(trace, kind("dashboard-service", "SPAN_KIND_CLIENT"));
    assertThat(forward.parentSpanId()).isEqualTo(root.spanId());
    ReceivedSpan start = only(trace, kind("execution-service", "SPAN_KIND_SERVER"));
    assertThat(start.parentSpanId()).isEqualTo(forward.spanId());
    // Each step, run later by a worker, continues the trace stored with the run.
    assertThat(prepare.parentSpanId()).isEqualTo(start.spanId());
    ReceivedSpan finish = only(trace, stepOf(run, "finish"));
    assertThat(finish.parentSpanId()).isEqualTo(start.spanId());

    // approval-service consumed the ApprovalRequested the step before the approval queued.
    ReceivedSpan requested =
        only(trace, named("approval-service", "execution-events ApprovalRequested"));
    assertThat(requested.kind()).isEqualTo("SPAN_KIND_CONSUMER");
    assertThat(requested.parentSpanId()).isEqualTo(prepare.spanId());

    // Bob's answer continues the approval's context and links his own request's trace.
    ReceivedSpan answer = only(trace, named("approval-service", "approval answer"));
    assertThat(answer.parentSpanId()).isEqualTo(requested.spanId());
    assertThat(answer.linkedSpanIds()).hasSize(1);
    ReceivedSpan answerRequest =
        only(collector.spans(), s -> s.spanId().equals(answer.linkedSpanIds().get(0)));
    assertThat(answerRequest.service()).isEqualTo("approval-service");
    assertThat(answerRequest.kind()).isEqualTo("SPAN_KIND_SERVER");
    assertThat(answerRequest.traceId()).isNotEqualTo(traceId);
    // ... which came through the dashboard's gateway, in the trace of Bob's browser request.
    assertThat(only(collector.spans(), s -> s.spanId().equals(answerRequest.parentSpanId())))
        .satisfies(s -> assertThat(s.service()).isEqualTo("dashboard-service"))
        .satisfies(s -> assertThat(s.kind()).isEqualTo("SPAN_KIND_CLIENT"));

    // execution-service applied the resolution in the answer's trace.
    ReceivedSpan resolved =
        only(trace, named("execution-service", "approval-events ApprovalResolved"));
    assertThat(resolved.parentSpanId()).isEqualTo(answer.spanId());

    // The dashboard projected the run's events in the same trace, each under what queued it.
    ReceivedSpan projectedStart = only(trace, projected("ExecutionStarted"));
    assertThat(projectedStart.parentSpanId()).isEqualTo(start.spanId());
    assertThat(projectedStart.attributes()).containsEntry("pilot.execution_id", run.toString());
    assertThat(only(trace, projected("ApprovalResolved")).parentSpanId())
        .isEqualTo(answer.spanId());
    assertThat(only(trace, projected("ExecutionCompleted")).parentSpanId())
        .isEqualTo(finish.spanId());
  }

  private static String agentWithApproval() {
    return """
        {"name":"Traced review","mode":"manual","pilot_steps":[
          %s,
          {"id":"review","title":"Review","type":"approval",
           "approval":{"approvers":["bob"],"approval_type":"any","timeout":"PT1H",
                       "reason":"Traced"}},
          %s]}"""
        .formatted(log("prepare", "Prepare"), log("finish", "Finish"));
  }

  private static Predicate<ReceivedSpan> stepOf(UUID run, String step) {
    return s ->
        s.service().equals("execution-service")
            && s.name().equals("step " + step)
            && run.toString().equals(s.attributes().get("pilot.execution_id"));
  }

  private static Predicate<ReceivedSpan> named(String service, String name) {
    return s -> s.service().equals(service) && s.name().equals(name);
  }

  private static Predicate<ReceivedSpan> kind(String service, String kind) {
    return s -> s.service().equals(service) && s.kind().equals(kind);
  }

  private static Predicate<ReceivedSpan> projected(String eventType) {
    return named("dashboard-service", "dashboard projection " + eventType);
  }

  private static ReceivedSpan find(List<ReceivedSpan> spans, Predicate<ReceivedSpan> which) {
    return spans.stream().filter(which).findFirst().orElse(null);
  }

  private static ReceivedSpan only(List<ReceivedSpan> spans, Predicate<ReceivedSpan> which) {
    List<ReceivedSpan> matching = spans.stream().filter(which).toList();
    assertThat(matching).as("spans %s", spans).hasSize(1);
    return matching.get(0);
  }
}
