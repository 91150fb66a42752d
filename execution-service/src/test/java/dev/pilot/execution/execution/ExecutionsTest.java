package dev.pilot.execution.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.pilot.contracts.ApprovalOutcome;
import dev.pilot.contracts.ApprovalType;
import dev.pilot.contracts.ExecutionMode;
import dev.pilot.contracts.StepType;
import dev.pilot.contracts.Trigger;
import dev.pilot.contracts.approval.ApprovalResolved;
import dev.pilot.contracts.execution.ExecutionEvent;
import dev.pilot.execution.Instances;
import dev.pilot.execution.agent.Agent;
import dev.pilot.execution.agent.PilotStep;
import dev.pilot.execution.directory.GroupDirectory;
import dev.pilot.execution.execution.model.Execution;
import dev.pilot.execution.execution.model.ExecutionStatus;
import dev.pilot.execution.execution.model.QueueEntry;
import dev.pilot.execution.execution.model.Transition;
import dev.pilot.execution.steps.StepsProperties;
import dev.pilot.platform.events.EventCodec;
import dev.pilot.platform.listen.PgListener;
import dev.pilot.platform.outbox.Outbox;
import dev.pilot.testsupport.Infrastructure;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.unit.DataSize;

/**
 * The execution repository on real PostgreSQL, without a Spring context (nothing else writes to its
 * database or sends on its channels): every column round-trips, and a worker's one-statement
 * transition writes the row, its finished step, its events and its wake-up together — or, when its
 * guard fails, nothing at all and no NOTIFY.
 */
class ExecutionsTest {

  static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);
  static final String EXECUTIONS_CHANNEL = "executions_execution";
  static final String OUTBOX_CHANNEL = "outbox_execution";
  static final String STOPS_CHANNEL = "execution_stops_execution";

  static HikariDataSource dataSource;
  static String url;
  static JdbcClient jdbc;
  static Executions executions;
  static WorkSignal signal;

  Connection listener;

  @BeforeAll
  static void migrate() {
    url = Instances.freshDatabase("executions_repository");
    Infrastructure infrastructure = Infrastructure.get();
    dataSource = new HikariDataSource();
    dataSource.setJdbcUrl(url);
    dataSource.setUsername(infrastructure.postgresUser());
    dataSource.setPassword(infrastructure.postgresPassword());
    dataSource.setSchema("execution");
    dataSource.setMaximumPoolSize(3);
    Flyway.configure()
        .dataSource(dataSource)
        .schemas("execution")
        .defaultSchema("execution")
        .locations("classpath:db/migration", "classpath:db/platform")
        .load()
        .migrate();
    jdbc = JdbcClient.create(dataSource);
    EventCodec codec = new EventCodec();
    ExecutionProperties properties =
        new ExecutionProperties(1, 1, Duration.ofSeconds(30), Duration.ZERO, true, 100);
    PgListener notifications = new PgListener("test-listener", dataSource, Duration.ofMillis(500));
    signal = new WorkSignal(notifications, properties);
    executions =
        new Executions(
            jdbc,
            new NamedParameterJdbcTemplate(dataSource),
            new Outbox(jdbc, codec),
            codec,
            signal,
            new StopSignal(notifications),
            new RunDataApprovals(
                new ExecutionData(jdbc),
                new StepsProperties(DataSize.ofKilobytes(64)),
                GroupDirectory.learnedOnly(jdbc)),
            new ExecutionMetrics(new io.micrometer.core.instrument.simple.SimpleMeterRegistry()));
  }

  @AfterAll
  static void close() {
    dataSource.close();
  }

  @BeforeEach
  void listen() throws SQLException {
    Infrastructure infrastructure = Infrastructure.get();
    listener =
        DriverManager.getConnection(
            url, infrastructure.postgresUser(), infrastructure.postgresPassword());
    try (Statement st = listener.createStatement()) {
      st.execute("LISTEN " + EXECUTIONS_CHANNEL);
      st.execute("LISTEN " + OUTBOX_CHANNEL);
      st.execute("LISTEN " + STOPS_CHANNEL);
    }
  }

  @AfterEach
  void stopListening() throws SQLException {
    listener.close();
  }

  static PilotStep action(String id) {
    return new PilotStep(
        id, id, StepType.ACTION, new PilotStep.Action("log", Map.of()), null, null);
  }

  static PilotStep approval(String id) {
    return new PilotStep(
        id,
        id,
        StepType.APPROVAL,
        null,
        null,
        new PilotStep.Approval(List.of("bob"), ApprovalType.MAJORITY, "PT1H", "why", false));
  }

  static Execution.Started started(PilotStep... steps) {
    Agent agent =
        new Agent(
            UUID.randomUUID(),
            "alice",
            "agent",
            "described",
            ExecutionMode.MANUAL,
            null,
            "UTC",
            List.of(steps),
            null,
            NOW,
            NOW);
    return Execution.start(agent, Trigger.MANUAL, NOW);
  }

  static Execution stored(PilotStep... steps) {
    Execution.Started started = started(steps);
    executions.insert(started.execution(), started.transition(), Map.of(), Integer.MAX_VALUE);
    return started.execution();
  }

  /** Claims the run as a worker would: locked, leased, its StepStarted queued. */
  static UUID claim(Execution e) {
    UUID token = UUID.randomUUID();
    Transition claim = e.claimed("worker", token, NOW.plusSeconds(30), NOW);
    executions.saveClaimed(List.of(e), claim.events());
    return token;
  }

  @Test
  void aStoredRunReadsBackAsItWasSaved() {
    Execution e = stored(approval("ok"), action("after"));
    ApprovalResolved approved =
        new ApprovalResolved(
            UUID.randomUUID(),
            NOW,
            e.id(),
            1,
            e.awaitedApproval().approvalId(),
            "ok",
            ApprovalOutcome.APPROVED,
            1,
            0,
            1,
            List.of());
    executions.save(e, e.pause("alice", NOW));
    executions.save(e, e.approvalResolved(approved, NOW));

    Execution read = executions.find(e.id()).orElseThrow();

    assertThat(read.plan()).isEqualTo(e.plan());
    assertThat(read.progress()).isEqualTo(e.progress());
    assertThat(read.queue()).isEqualTo(e.queue());
    assertThat(read.awaitedApproval()).isEqualTo(e.awaitedApproval());
    assertThat(read.awaitedApproval().pending()).isEqualTo(approved);
  }

  @Test
  void aStartCountsItsOwnersActiveRunsWithItselfInItsOwnStatement() {
    int active =
        jdbc.sql(
                "select count(*) from workflow_executions where owner = 'alice'"
                    + " and status in ('running', 'waiting_approval', 'paused')")
            .query(Integer.class)
            .single();
    Execution.Started last = started(action("a"));
    Execution.Started overLimit = started(action("a"));

    assertThat(executions.insert(last.execution(), last.transition(), Map.of(), active + 1))
        .isTrue();
    assertThat(
            executions.insert(overLimit.execution(), overLimit.transition(), Map.of(), active + 1))
        .isFalse();
  }

  @Test
  void aStartRefusedByItsOwnersLimitOutsideATransactionLeavesNothingBehind() throws SQLException {
    Execution.Started refused = started(action("a"));
    drainNotifications();

    boolean written =
        executions.insert(
            refused.execution(), wakingWorkers(refused.transition()), Map.of("x", 1), 0);

    assertThat(written).isFalse();
    assertThat(executions.find(refused.execution().id())).isEmpty();
    assertThat(
            jdbc.sql("select count(*) from execution_inputs where execution_id = :id")
                .param("id", refused.execution().id())
                .query(Integer.class)
                .single())
        .isZero();
    assertThat(queuedEvents(refused.transition())).isZero();
    assertThat(notificationsBeforeSentinel()).isEmpty();
  }

  @Test
  void aDecisionLocksItsRunOnlyOnItsFirstDeliveryToAConsumer() {
    Execution e = stored(approval("ok"));
    UUID eventId = UUID.randomUUID();

    var first = executions.lockOnFirstDelivery("consumer-a", eventId, e.id());
    var again = executions.lockOnFirstDelivery("consumer-a", eventId, e.id());
    var otherConsumer = executions.lockOnFirstDelivery("consumer-b", eventId, e.id());
    var unknownRun =
        executions.lockOnFirstDelivery("consumer-a", UUID.randomUUID(), UUID.randomUUID());

    assertThat(first)
        .hasValueSatisfying(
            run ->
                assertThat(run)
                    .hasValueSatisfying(
                        read -> assertThat(read.progress()).isEqualTo(e.progress())));
    assertThat(again).isEmpty();
    assertThat(otherConsumer).hasValueSatisfying(run -> assertThat(run).isPresent());
    assertThat(unknownRun).hasValueSatisfying(run -> assertThat(run).isEmpty());
  }

  @Test
  void claimingSeveralRunsLeasesEachAndQueuesEveryStepStarted() {
    Execution first = stored(action("a"));
    Execution second = stored(action("a"));
    Execution third = stored(action("a"));
    List<Transition> claims =
        List.of(first, second, third).stream()
            .map(e -> e.claimed("worker", UUID.randomUUID(), NOW.plusSeconds(30), NOW))
            .toList();

    executions.saveClaimed(
        List.of(first, second, third),
        claims.stream().flatMap(claim -> claim.events().stream()).toList());

    for (Execution e : List.of(first, second, third)) {
      assertThat(executions.find(e.id()).orElseThrow().queue()).isEqualTo(e.queue());
    }
    for (Transition claim : claims) {
      assertThat(claim.events()).isNotEmpty();
      assertThat(queuedEvents(claim)).isEqualTo(claim.events().size());
    }
  }

  @Test
  void aFailedRunReadsBackWithItsFailureAndHistory() {
    Execution e = stored(action("a"));
    UUID token = claim(e);
    Transition failed = e.attemptFailed("boom", NOW.plusSeconds(1));

    assertThat(executions.saveIfUndisturbed(e, failed, token)).isTrue();

    Execution read = executions.find(e.id()).orElseThrow();
    assertThat(read.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(read.failure()).isEqualTo(e.failure());
    assertThat(read.progress()).isEqualTo(e.progress());
    assertThat(read.queue()).isEqualTo(e.queue());
    assertThat(executions.history(e.id())).isEqualTo(failed.finishedSteps());
  }

  @Test
  void aWorkersTransitionCommitsTheRowItsStepItsEventsAndItsWakeUpInOneStatement()
      throws SQLException {
    Execution e = stored(action("a"), action("b"));
    UUID token = claim(e);
    Transition succeeded = e.stepSucceeded(NOW.plusSeconds(1));
    drainNotifications();

    boolean written = executions.saveIfUndisturbed(e, wakingWorkers(succeeded), token);

    assertThat(written).isTrue();
    Execution read = executions.find(e.id()).orElseThrow();
    assertThat(read.progress()).isEqualTo(e.progress());
    assertThat(read.queue().leaseToken()).isEqualTo(token);
    assertThat(executions.history(e.id())).isEqualTo(succeeded.finishedSteps());
    assertThat(queuedEvents(succeeded)).isEqualTo(succeeded.events().size());
    assertThat(notificationsBeforeSentinel())
        .containsExactlyInAnyOrder(EXECUTIONS_CHANNEL, OUTBOX_CHANNEL);
  }

  @Test
  void aTransitionWhoseGuardFailsWritesNothingQueuesNothingAndWakesNobody() throws SQLException {
    Execution stale = stored(action("a"), action("b"));
    UUID token = claim(stale);
    Execution current = executions.find(stale.id()).orElseThrow();
    executions.save(current, current.cancel("alice", NOW)); // someone cancelled it meanwhile
    Transition succeeded = stale.stepSucceeded(NOW.plusSeconds(1));
    drainNotifications();

    boolean written = executions.saveIfUndisturbed(stale, wakingWorkers(succeeded), token);

    assertThat(written).isFalse();
    Execution read = executions.find(stale.id()).orElseThrow();
    assertThat(read.status()).isEqualTo(ExecutionStatus.CANCELLED);
    assertThat(read.progress()).isEqualTo(current.progress());
    assertThat(executions.history(stale.id())).isEmpty();
    assertThat(queuedEvents(succeeded)).isZero();
    assertThat(notificationsBeforeSentinel()).isEmpty();
  }

  @Test
  void aStepsOutputIsKeptByTheStatementThatRecordsItsSuccessAndOnlyThen() {
    Execution kept = stored(action("a"), action("b"));
    UUID keptToken = claim(kept);
    Execution stale = stored(action("a"), action("b"));
    UUID staleToken = claim(stale);
    Execution current = executions.find(stale.id()).orElseThrow();
    executions.save(current, current.cancel("alice", NOW)); // cancelled while its step ran

    boolean written =
        executions.saveIfUndisturbed(
            kept, kept.stepSucceeded(NOW), keptToken, new StepOutput("a", "{\"total\": 3}"));
    boolean refused =
        executions.saveIfUndisturbed(
            stale, stale.stepSucceeded(NOW), staleToken, new StepOutput("a", "{\"total\": 4}"));

    assertThat(written).isTrue();
    assertThat(refused).isFalse();
    assertThat(outputOf(kept.id(), "a")).isEqualTo("{\"total\": 3}");
    assertThat(outputOf(stale.id(), "a")).isNull();
  }

  static String outputOf(UUID executionId, String stepId) {
    return jdbc.sql(
            "select output::text from step_outputs where execution_id = :id and step_id = :step")
        .param("id", executionId)
        .param("step", stepId)
        .query(String.class)
        .optional()
        .orElse(null);
  }

  @Test
  void aTransitionOfARunWhoseLeaseWasTakenOverWritesNothing() {
    Execution stale = stored(action("a"));
    UUID token = claim(stale);
    Execution taken = executions.find(stale.id()).orElseThrow();
    taken.extendLease(NOW); // expired: another worker claims it
    claim(taken);

    assertThat(executions.saveIfUndisturbed(stale, stale.stepSucceeded(NOW), token)).isFalse();
    assertThat(executions.find(stale.id()).orElseThrow().status())
        .isEqualTo(ExecutionStatus.RUNNING);
    assertThat(executions.history(stale.id())).isEmpty();
  }

  @Test
  void aDelayingRunReadsBackWithItsTimerAndQueuedAtItsWakeTime() {
    Execution e = stored(action("wait"), action("b"));
    UUID token = claim(e);
    Instant wake = NOW.plusSeconds(3600);

    assertThat(executions.saveIfUndisturbed(e, e.waitUntil(wake, NOW), token)).isTrue();

    Execution read = executions.find(e.id()).orElseThrow();
    assertThat(read.progress().waitingUntil()).isEqualTo(wake);
    assertThat(read.queue()).isEqualTo(QueueEntry.runnableAt(wake));
    assertThat(executions.lockRunnable(NOW.plusSeconds(60), 100))
        .extracting(Execution::id)
        .doesNotContain(e.id());
    assertThat(executions.lockRunnable(wake, 100)).extracting(Execution::id).contains(e.id());
  }

  @Test
  void cancellingARunAWorkerHoldsTellsEveryInstanceToStopItsWorker() throws SQLException {
    Execution e = stored(action("a"));
    claim(e);
    Execution current = executions.find(e.id()).orElseThrow();
    drainNotifications();

    executions.save(current, current.cancel("alice", NOW));

    assertThat(notificationsBeforeSentinel())
        .containsExactlyInAnyOrder(STOPS_CHANNEL, OUTBOX_CHANNEL);
  }

  /** The same transition, as if it had made the run runnable: its statement then notifies too. */
  static Transition wakingWorkers(Transition transition) {
    return new Transition(transition.events(), transition.finishedSteps(), true, false);
  }

  static long queuedEvents(Transition transition) {
    List<UUID> ids = transition.events().stream().map(ExecutionEvent::eventId).toList();
    return jdbc.sql("select count(*) from outbox_events where event_id = any(:ids::uuid[])")
        .param("ids", ids.stream().map(UUID::toString).toArray(String[]::new))
        .query(Long.class)
        .single();
  }

  void drainNotifications() throws SQLException {
    notificationsBeforeSentinel();
  }

  /**
   * The channels notified (with the engine's empty payload) by everything committed so far: a
   * sentinel NOTIFY is committed after it, and notifications arrive in commit order.
   */
  List<String> notificationsBeforeSentinel() throws SQLException {
    String sentinel = UUID.randomUUID().toString();
    jdbc.sql("select pg_notify(:channel, :sentinel)")
        .param("channel", EXECUTIONS_CHANNEL)
        .param("sentinel", sentinel)
        .query()
        .singleRow();
    List<String> channels = new ArrayList<>();
    PGConnection pg = listener.unwrap(PGConnection.class);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              PGNotification[] received = pg.getNotifications(100);
              boolean done = false;
              for (PGNotification n : received == null ? new PGNotification[0] : received) {
                if (sentinel.equals(n.getParameter())) {
                  done = true;
                } else if (!done) {
                  channels.add(n.getName());
                }
              }
              return done;
            });
    return channels;
  }
}
