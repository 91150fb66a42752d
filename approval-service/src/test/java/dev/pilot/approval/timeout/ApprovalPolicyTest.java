package dev.pilot.approval.timeout;

import static dev.pilot.approval.ExecutionEventsFixture.approvalExpiringAt;
import static dev.pilot.approval.ExecutionEventsFixture.approvalRequested;
import static dev.pilot.approval.ExecutionEventsFixture.publish;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pilot.approval.Api;
import dev.pilot.approval.ApprovalEventsRecorded;
import dev.pilot.approval.ApprovalRequestedCopy;
import dev.pilot.approval.ApprovalServiceTest;
import dev.pilot.contracts.ApprovalType;
import dev.pilot.contracts.GroupMembers;
import dev.pilot.contracts.TimeoutOutcome;
import dev.pilot.contracts.execution.ApprovalRequested;
import dev.pilot.testsupport.AdjustableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Reminders, escalation and the timeout outcome (issue 15) on the service's clock: a test moves the
 * clock past a stage instead of waiting for it. Competing sweeps play several instances on one
 * database.
 */
@ApprovalServiceTest
class ApprovalPolicyTest {

  static final Duration MINUTE = Duration.ofMinutes(1);

  @LocalServerPort int port;
  @Autowired DueStages stages;
  @Autowired Expiries expiries;
  @Autowired AdjustableClock clock;
  Api api;

  @BeforeEach
  void setUp() {
    api = new Api(port);
    ApprovalEventsRecorded.recorder();
  }

  @AfterEach
  void realTimeAgain() {
    clock.reset();
  }

  @Test
  void eachReminderAndTheEscalationFireOnceAcrossCompetingInstances() throws Exception {
    Instant now = clock.instant();
    ApprovalRequested requested =
        open(
            policy(
                approvalRequested(
                    UUID.randomUUID(),
                    ApprovalType.MAJORITY,
                    "alice",
                    true,
                    now.plus(Duration.ofHours(1)),
                    "bob",
                    "carol"),
                List.of(now.plus(MINUTE), now.plus(MINUTE.multipliedBy(2))),
                new ApprovalRequested.Escalation(
                    now.plus(MINUTE.multipliedBy(3)),
                    List.of("carol", "dave", "erin", "alice"),
                    List.of(new GroupMembers("finance-directors", List.of("dave", "erin")))),
                null));
    assertThat(api.respond("bob", requested.approvalId(), "approve", null).status()).isEqualTo(200);
    assertThat(api.get("dave", path(requested)).status()).isEqualTo(404);

    clock.advance(MINUTE.multipliedBy(3).plusSeconds(1));
    sweepConcurrently(() -> stages.fireDue(10));

    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () -> {
              assertThat(events(requested, "ApprovalReminderSent")).hasSize(2);
              assertThat(events(requested, "ApprovalEscalated")).hasSize(1);
            });
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> {
              assertThat(events(requested, "ApprovalReminderSent")).hasSize(2);
              assertThat(events(requested, "ApprovalEscalated")).hasSize(1);
            });
    List<JsonNode> reminders = events(requested, "ApprovalReminderSent");
    assertThat(reminders)
        .extracting(r -> r.path("reminder").asInt())
        .containsExactlyInAnyOrder(1, 2);
    // bob answered: only carol is reminded
    assertThat(reminders)
        .allSatisfy(r -> assertThat(names(r.path("reminded"))).containsExactly("carol"));
    JsonNode escalated = events(requested, "ApprovalEscalated").get(0);
    // carol already could answer, and the owner alice may not approve her own run
    assertThat(names(escalated.path("added"))).containsExactly("dave", "erin");
    assertThat(names(escalated.path("approvers"))).containsExactly("bob", "carol", "dave", "erin");
    assertThat(escalated.path("total_approvers").asInt()).isEqualTo(4);
    assertThat(escalated.path("approvals").asInt()).isEqualTo(1);

    JsonNode view = api.get("dave", path(requested)).body();
    assertThat(names(view.path("approvers"))).containsExactly("bob", "carol", "dave", "erin");
    assertThat(view.path("tally").path("total_approvers").asInt()).isEqualTo(4);
    assertThat(view.path("stages"))
        .extracting(s -> s.path("kind").asString() + "@" + !s.path("fired_at").isNull())
        .containsExactly("reminder@true", "reminder@true", "escalation@true");
    assertThat(api.respond("mallory", requested.approvalId(), "approve", null).status())
        .isEqualTo(404);
    // majority of the new n = 4 needs three approvals: two are not enough
    assertThat(api.respond("dave", requested.approvalId(), "approve", null).status())
        .isEqualTo(200);
    assertThat(api.get("dave", path(requested)).body().path("status").asString())
        .isEqualTo("pending");
    assertThat(api.respond("erin", requested.approvalId(), "approve", null).status())
        .isEqualTo(200);
    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () ->
                assertThat(events(requested, "ApprovalResolved"))
                    .singleElement()
                    .satisfies(
                        r -> assertThat(r.path("outcome").asString()).isEqualTo("approved")));
  }

  @Test
  void aDueReminderFiresAtTheNextScheduledSweep() {
    ApprovalRequested requested = openRemindingBobInAMinute(null);

    // Nobody calls a sweep here: the service's own, every sweep-interval, finds the stage due.
    clock.advance(MINUTE.plusSeconds(1));

    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () ->
                assertThat(events(requested, "ApprovalReminderSent"))
                    .singleElement()
                    .satisfies(r -> assertThat(names(r.path("reminded"))).containsExactly("bob")));
    assertThat(events(requested, "ApprovalResolved")).isEmpty();
  }

  @Test
  void noStageFiresAfterTheApprovalResolved() {
    ApprovalRequested requested =
        openRemindingBobInAMinute(
            new ApprovalRequested.Escalation(clock.instant().plus(MINUTE), List.of("dave"), null));
    assertThat(api.respond("bob", requested.approvalId(), "approve", null).status()).isEqualTo(200);
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> !events(requested, "ApprovalResolved").isEmpty());

    clock.advance(MINUTE.plusSeconds(1));
    stages.fireDue(10);

    await()
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> {
              assertThat(events(requested, "ApprovalReminderSent")).isEmpty();
              assertThat(events(requested, "ApprovalEscalated")).isEmpty();
            });
    assertThat(api.get("bob", path(requested)).body().path("stages")).isEmpty();
  }

  @Test
  void onTimeoutRejectResolvesAsRejectedAndSaysTheExpiryDecided() {
    ApprovalRequested requested = expiring(TimeoutOutcome.REJECT);

    clock.advance(MINUTE.plusSeconds(1));
    expiries.expireDue(10);

    JsonNode resolved = awaitResolution(requested);
    assertThat(resolved.path("outcome").asString()).isEqualTo("rejected");
    assertThat(resolved.path("timed_out").asBoolean()).isTrue();
    JsonNode view = api.get("bob", path(requested)).body();
    assertThat(view.path("status").asString()).isEqualTo("rejected");
    assertThat(view.path("timed_out").asBoolean()).isTrue();
    assertThat(view.path("on_timeout").asString()).isEqualTo("reject");
  }

  @Test
  void onTimeoutApproveResolvesAsApproved() {
    ApprovalRequested requested = expiring(TimeoutOutcome.APPROVE);

    clock.advance(MINUTE.plusSeconds(1));
    expiries.expireDue(10);

    JsonNode resolved = awaitResolution(requested);
    assertThat(resolved.path("outcome").asString()).isEqualTo("approved");
    assertThat(resolved.path("timed_out").asBoolean()).isTrue();
    assertThat(resolved.path("approvals").asInt()).isZero();
  }

  @Test
  void withoutAPolicyAnExpiryStillTimesOut() {
    ApprovalRequested requested = expiring(null);

    clock.advance(MINUTE.plusSeconds(1));
    expiries.expireDue(10);

    JsonNode resolved = awaitResolution(requested);
    assertThat(resolved.path("outcome").asString()).isEqualTo("timeout");
    assertThat(resolved.path("timed_out").asBoolean()).isTrue();
  }

  /**
   * Each approval's escalation and on_timeout approve fall due together while its approver rejects:
   * every approval resolves exactly once, the answer's reply agrees with the outcome, and no
   * escalation is published after the resolution.
   */
  @Test
  void stagesExpiryAndAnswersRacingResolveEachApprovalOnce() throws Exception {
    Instant now = clock.instant();
    List<ApprovalRequested> approvals = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      approvals.add(
          open(
              policy(
                  approvalExpiringAt(ApprovalType.ANY, now.plus(MINUTE), "erin"),
                  List.of(now.plus(MINUTE).minusMillis(1)),
                  new ApprovalRequested.Escalation(
                      now.plus(MINUTE).minusMillis(1), List.of("frank"), null),
                  TimeoutOutcome.APPROVE)));
    }
    clock.advance(MINUTE.plusSeconds(1));

    ExecutorService racers = Executors.newFixedThreadPool(4);
    List<CompletableFuture<Integer>> answers = new ArrayList<>();
    try {
      CompletableFuture<Void> sweeps =
          CompletableFuture.runAsync(
              () -> {
                for (int round = 0; round < 20; round++) {
                  stages.fireDue(3);
                  expiries.expireDue(3);
                }
              },
              racers);
      CompletableFuture<Void> otherInstance =
          CompletableFuture.runAsync(
              () -> {
                for (int round = 0; round < 20; round++) {
                  expiries.expireDue(3);
                  stages.fireDue(3);
                }
              },
              racers);
      for (ApprovalRequested requested : approvals) {
        answers.add(
            CompletableFuture.supplyAsync(
                () -> api.respond("erin", requested.approvalId(), "reject", null).status(),
                racers));
      }
      sweeps.get();
      otherInstance.get();
      for (CompletableFuture<Integer> answer : answers) {
        answer.get();
      }
    } finally {
      racers.shutdownNow();
    }

    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> approvals.stream().allMatch(a -> !events(a, "ApprovalResolved").isEmpty()));
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> {
              for (int i = 0; i < approvals.size(); i++) {
                ApprovalRequested requested = approvals.get(i);
                List<JsonNode> resolved = events(requested, "ApprovalResolved");
                assertThat(resolved).as("resolutions of approval %d", i).hasSize(1);
                String outcome = resolved.get(0).path("outcome").asString();
                assertThat(answers.get(i).get() == 200 ? "rejected" : "approved")
                    .as("reply to the answer to approval %d", i)
                    .isEqualTo(outcome);
                assertThat(api.get("erin", path(requested)).body().path("status").asString())
                    .isEqualTo(outcome);
                long resolvedAt = resolved.get(0).path("sequence").asLong();
                assertThat(events(requested, "ApprovalEscalated"))
                    .allSatisfy(
                        e -> assertThat(e.path("sequence").asLong()).isLessThan(resolvedAt));
                assertThat(events(requested, "ApprovalEscalated")).hasSizeLessThanOrEqualTo(1);
                assertThat(events(requested, "ApprovalReminderSent")).hasSizeLessThanOrEqualTo(1);
              }
            });
  }

  private ApprovalRequested expiring(TimeoutOutcome onTimeout) {
    return open(
        policy(
            approvalExpiringAt(ApprovalType.ALL, clock.instant().plus(MINUTE), "bob"),
            null,
            null,
            onTimeout));
  }

  /** Bob's approval, due in an hour, with a reminder a minute from now and {@code escalation}. */
  private ApprovalRequested openRemindingBobInAMinute(ApprovalRequested.Escalation escalation) {
    Instant now = clock.instant();
    return open(
        policy(
            approvalExpiringAt(ApprovalType.ANY, now.plus(Duration.ofHours(1)), "bob"),
            List.of(now.plus(MINUTE)),
            escalation,
            null));
  }

  private ApprovalRequested open(ApprovalRequested requested) {
    publish(requested);
    return api.awaitOpen(requested);
  }

  private static void sweepConcurrently(java.util.concurrent.Callable<Integer> sweep)
      throws Exception {
    ExecutorService sweepers = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> sweeps = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        sweeps.add(sweepers.submit(sweep));
      }
      for (Future<Integer> s : sweeps) {
        s.get();
      }
    } finally {
      sweepers.shutdownNow();
    }
  }

  private JsonNode awaitResolution(ApprovalRequested requested) {
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> !events(requested, "ApprovalResolved").isEmpty());
    return events(requested, "ApprovalResolved").get(0);
  }

  static ApprovalRequested policy(
      ApprovalRequested r,
      List<Instant> remindAt,
      ApprovalRequested.Escalation escalation,
      TimeoutOutcome onTimeout) {
    return ApprovalRequestedCopy.of(r).policy(remindAt, escalation, onTimeout).build();
  }

  private static String path(ApprovalRequested requested) {
    return "/api/approvals/" + requested.approvalId();
  }

  private static List<String> names(JsonNode array) {
    List<String> names = new ArrayList<>();
    array.forEach(n -> names.add(n.asString()));
    return names;
  }

  private static List<JsonNode> events(ApprovalRequested requested, String type) {
    return ApprovalEventsRecorded.ofType(requested.executionId(), type);
  }
}
