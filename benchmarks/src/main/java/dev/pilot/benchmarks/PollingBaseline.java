package dev.pilot.benchmarks;

import dev.pilot.systemtests.AgentFixtures;
import dev.pilot.systemtests.PilotApi;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The seed's design on the same run: every open dashboard polls every 5 s with its three queries
 * (running executions, their agents, their pending approvals). Measured: database queries per
 * minute and staleness (commit of a step → the first poll that started after it returns). Ours for
 * the same number of open dashboards: database transactions per minute while they are open and idle
 * (pg_stat_database), and the SSE delivery delay from the fan-out benchmark.
 */
final class PollingBaseline {

  static final String RUNNING =
      "select id, agent_id, status, execution_state, created_at"
          + " from execution.workflow_executions"
          + " where owner = ? and status in ('running','waiting_approval','paused')"
          + " order by created_at desc limit 20";
  static final String AGENTS =
      "select id, name, pilot_steps from execution.agents where id = any(?)";
  static final String APPROVALS =
      "select approval_id, execution_id from approval.approval_requests"
          + " where status = 'pending' and execution_id = any(?)";

  static void run(BenchSystem system, EventTap tap, int dashboards, Duration window, Report report)
      throws SQLException {
    BlockingQueue<Connection> pool = new ArrayBlockingQueue<>(16);
    for (int i = 0; i < 16; i++) {
      // The seed's dashboards read every service's schema: here as the superuser, so that their
      // statements are counted apart from the services' roles.
      pool.add(system.superuser());
    }
    AtomicLong queries = new AtomicLong();
    List<List<long[]>> polls = new ArrayList<>(); // per dashboard: {start, end} of each poll
    ScheduledExecutorService pollers = Executors.newScheduledThreadPool(16);
    for (int i = 0; i < dashboards; i++) {
      List<long[]> mine = Collections.synchronizedList(new ArrayList<>());
      polls.add(mine);
      pollers.scheduleAtFixedRate(
          () -> poll(pool, queries, mine),
          ThreadLocalRandom.current().nextLong(5_000),
          5_000,
          TimeUnit.MILLISECONDS);
    }
    // Light steady load so there are changes to notice.
    PilotApi alice = new PilotApi(system.uri(BenchSystem.Service.EXECUTION), "alice");
    UUID agent =
        UUID.fromString(
            alice.createAgent(AgentFixtures.benchmarkAgent("bob")).get("id").asString());
    Launcher launcher = new Launcher(system, "alice");
    List<UUID> runs = new ArrayList<>();
    long started = System.currentTimeMillis();
    long until = System.nanoTime() + window.toNanos();
    while (System.nanoTime() < until) {
      runs.add(launcher.start(agent).join());
      long next = System.nanoTime() + Duration.ofMillis(200).toNanos();
      while (System.nanoTime() < next) {
        Pause.briefly();
      }
    }
    long elapsed = System.currentTimeMillis() - started;
    pollers.shutdownNow();
    Throughput.await(tap, runs);
    for (Connection c : pool) {
      c.close();
    }

    List<Long> staleness = new ArrayList<>();
    for (UUID run : runs) {
      for (EventTap.Seen seen : tap.of(run)) {
        if (!seen.type().equals("StepCompleted")) {
          continue;
        }
        // A few open dashboards at random: each sees the change when its next poll returns.
        for (int sample = 0; sample < 10; sample++) {
          List<long[]> dashboard = polls.get(ThreadLocalRandom.current().nextInt(dashboards));
          synchronized (dashboard) {
            dashboard.stream()
                .filter(poll -> poll[0] >= seen.occurredAtMillis())
                .findFirst()
                .ifPresent(poll -> staleness.add(poll[1] - seen.occurredAtMillis()));
          }
        }
      }
    }
    double perMinute = queries.get() * 60_000.0 / elapsed;
    Latencies stale =
        Latencies.of("seed polling staleness (" + dashboards + " dashboards)", staleness);
    System.out.printf(
        "polling baseline: %d dashboards -> %.0f queries/min; %s%n", dashboards, perMinute, stale);
    report.figure("polling." + dashboards + ".queries_per_min", perMinute, "queries/min", "");
    report.latencies("polling." + dashboards + ".staleness", stale, "");
  }

  /**
   * What {@code dashboards} open, idle SSE clients add to the database: the dashboard role's
   * statements per minute with them open against a window without them (its own timers run in
   * both), and the database-wide transactions per minute likewise.
   */
  record IdleCost(
      int dashboards,
      double windowSeconds,
      PhaseCost without,
      PhaseCost with,
      double dashboardStatementsAddedPerMinute,
      double transactionsAddedPerMinute) {}

  static IdleCost idleSse(BenchSystem system, Counters counters, int dashboards, Duration window) {
    Counters.Snapshot start = counters.take();
    pause(window);
    PhaseCost without = PhaseCost.of("idle, no dashboards open", 0, start, counters.take());
    try (SseCrowd crowd = new SseCrowd(system.dashboard(), "alice", dashboards)) {
      crowd.awaitConnected(dashboards, Duration.ofMinutes(3));
      Counters.Snapshot open = counters.take();
      pause(window);
      PhaseCost with =
          PhaseCost.of("idle, " + dashboards + " SSE dashboards open", 0, open, counters.take());
      double statementsAdded =
          perMinute(with.statementsOf(BenchSystem.Service.DASHBOARD), with)
              - perMinute(without.statementsOf(BenchSystem.Service.DASHBOARD), without);
      double transactionsAdded =
          perMinute(with.transactions(), with) - perMinute(without.transactions(), without);
      System.out.printf(
          "SSE idle: %d open dashboards add %.0f dashboard-role statements/min,"
              + " %.0f database transactions/min (all roles: %.0f/min with them, %.0f/min without)%n",
          dashboards,
          statementsAdded,
          transactionsAdded,
          perMinute(with.transactions(), with),
          perMinute(without.transactions(), without));
      return new IdleCost(
          dashboards,
          window.toMillis() / 1000.0,
          without,
          with,
          statementsAdded,
          transactionsAdded);
    }
  }

  private static double perMinute(long count, PhaseCost phase) {
    return count * 60 / phase.seconds();
  }

  private static void pause(Duration window) {
    long until = System.nanoTime() + window.toNanos();
    while (System.nanoTime() < until) {
      Pause.briefly();
    }
  }

  private static void poll(BlockingQueue<Connection> pool, AtomicLong queries, List<long[]> polls) {
    long start = System.currentTimeMillis();
    Connection c = null;
    try {
      c = pool.take();
      List<Object> agents = new ArrayList<>();
      List<Object> executions = new ArrayList<>();
      try (PreparedStatement st = c.prepareStatement(RUNNING)) {
        st.setString(1, "alice");
        try (ResultSet rs = st.executeQuery()) {
          while (rs.next()) {
            executions.add(rs.getObject(1));
            agents.add(rs.getObject(2));
          }
        }
      }
      try (PreparedStatement st = c.prepareStatement(AGENTS)) {
        st.setArray(1, c.createArrayOf("uuid", agents.toArray()));
        st.executeQuery().close();
      }
      try (PreparedStatement st = c.prepareStatement(APPROVALS)) {
        st.setArray(1, c.createArrayOf("uuid", executions.toArray()));
        st.executeQuery().close();
      }
      queries.addAndGet(3);
      polls.add(new long[] {start, System.currentTimeMillis()});
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (SQLException e) {
      System.err.println("polling query failed: " + e.getMessage());
    } finally {
      if (c != null) {
        pool.add(c);
      }
    }
  }
}
