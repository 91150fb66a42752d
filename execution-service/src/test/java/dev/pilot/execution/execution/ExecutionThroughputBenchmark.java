package dev.pilot.execution.execution;

import static dev.pilot.execution.AgentFixtures.delayStep;
import static dev.pilot.execution.AgentFixtures.manualAgent;
import static org.awaitility.Awaitility.await;

import dev.pilot.contracts.Topics;
import dev.pilot.contracts.Trigger;
import dev.pilot.execution.Api;
import dev.pilot.execution.Instances;
import dev.pilot.execution.agent.Agent;
import dev.pilot.execution.agent.Agents;
import dev.pilot.testsupport.Infrastructure;
import dev.pilot.testsupport.TopicRecorder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Executions/s and step transitions/s of a 5-step agent (delay 0 ms: the engine's own cost), end to
 * end: from the first start until every ExecutionCompleted is on Kafka. Prints, never asserts. The
 * test looks for the end every 100 ms (its count is a scan of the growing table: at 20 ms it was a
 * visible share of PostgreSQL's CPU).
 */
@Tag("benchmark")
class ExecutionThroughputBenchmark {

  static final int STEPS = 5;
  static final int WARM_UP = 200;
  static final int RUNS = Integer.getInteger("bench.runs", 2000);
  static final Map<String, String> SETTINGS =
      Map.of(
          "pilot.execution.workers", System.getProperty("bench.workers", "16"),
          "spring.datasource.hikari.maximum-pool-size", "24",
          "logging.level.dev.pilot", "warn");

  @Test
  void oneInstance() throws Exception {
    String database = Instances.freshDatabase("bench_one");
    try (ConfigurableApplicationContext one = Instances.start(database, SETTINGS)) {
      measure("1 instance", List.of(one));
    }
  }

  @Test
  void twoInstances() throws Exception {
    String database = Instances.freshDatabase("bench_two");
    try (ConfigurableApplicationContext one = Instances.start(database, SETTINGS);
        ConfigurableApplicationContext two = Instances.start(database, SETTINGS)) {
      measure("2 instances", List.of(one, two));
    }
  }

  private void measure(String label, List<ConfigurableApplicationContext> instances)
      throws Exception {
    ConfigurableApplicationContext first = instances.get(0);
    Api api = new Api(Instances.port(first));
    Map<String, Object> agentBody = manualAgent("bench");
    List<Map<String, Object>> steps = new ArrayList<>();
    for (int i = 0; i < STEPS; i++) {
      steps.add(delayStep("s" + i, 0));
    }
    agentBody.put("pilot_steps", steps);
    Api.Response created = api.post("alice", "/api/agents", agentBody);
    Agent agent = first.getBean(Agents.class).find(UUID.fromString(created.text("id"))).get();
    JdbcClient jdbc = first.getBean(JdbcClient.class);

    run(instances, agent, jdbc, WARM_UP, null);
    try (TopicRecorder recorder = TopicRecorder.open(Topics.EXECUTION_EVENTS)) {
      run(instances, agent, jdbc, RUNS, recorder);
    }
  }

  private void run(
      List<ConfigurableApplicationContext> instances,
      Agent agent,
      JdbcClient jdbc,
      int runs,
      TopicRecorder recorder)
      throws Exception {
    long before = completed(jdbc);
    String url = Infrastructure.get().jdbcUrl("postgres");
    Duration cpuBefore = cpu(url);
    Duration jvmBefore = cpu("none");
    Map<String, Long> threadsBefore = threadCpu();
    long[] databaseBefore = databaseCounters(jdbc);
    long started = System.nanoTime();
    Set<String> ids = new HashSet<>(startAll(instances, agent, runs));
    long startedAll = System.nanoTime();
    await()
        .atMost(Duration.ofMinutes(5))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> completed(jdbc) - before == runs);
    long committed = System.nanoTime();
    if (recorder == null) {
      return;
    }
    await()
        .atMost(Duration.ofMinutes(5))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () ->
                recorder
                        .matching(
                            r -> ids.contains(r.key()) && r.value().contains("ExecutionCompleted"))
                        .size()
                    == runs);
    long published = System.nanoTime();
    report(instances.size(), runs, started, startedAll, committed, published);
    double cpuSeconds = cpu(url).minus(cpuBefore).toMillis() / 1000.0;
    double jvmSeconds = cpu("none").minus(jvmBefore).toMillis() / 1000.0;
    Map<String, Long> threadsAfter = threadCpu();
    StringBuilder byThread = new StringBuilder();
    threadsAfter.entrySet().stream()
        .map(e -> Map.entry(e.getKey(), e.getValue() - threadsBefore.getOrDefault(e.getKey(), 0L)))
        .filter(e -> e.getValue() > 200_000_000L)
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .forEach(e -> byThread.append(String.format(" %s=%.1fs", e.getKey(), e.getValue() / 1e9)));
    System.out.printf(
        "  of which this JVM %.1f s, PostgreSQL %.1f s; JVM threads:%s%n",
        jvmSeconds, cpuSeconds - jvmSeconds, byThread);
    long[] databaseAfter = databaseCounters(jdbc);
    double transitions = runs * STEPS;
    System.out.printf(
        "  PostgreSQL per step transition: %.2f transactions (every session of this database,"
            + " the relay's and this test's polling included; statistics lag up to 1 s), %.2f"
            + " execution row updates of which %.0f%% HOT%n",
        (databaseAfter[0] - databaseBefore[0]) / transitions,
        (databaseAfter[1] - databaseBefore[1]) / transitions,
        100.0
            * (databaseAfter[2] - databaseBefore[2])
            / Math.max(1, databaseAfter[1] - databaseBefore[1]));
    System.out.printf(
        "  CPU used meanwhile (this JVM incl. the embedded broker, plus PostgreSQL): %.1f s ="
            + " %.2f ms per step transition -> about %.0f step transitions/s on 2 idle cores%n",
        cpuSeconds, cpuSeconds * 1000 / (runs * STEPS), 2 * runs * STEPS / cpuSeconds);
  }

  private static List<String> startAll(
      List<ConfigurableApplicationContext> instances, Agent agent, int runs) throws Exception {
    ExecutorService starters = Executors.newFixedThreadPool(4);
    try {
      List<Future<String>> futures = new ArrayList<>();
      for (int i = 0; i < runs; i++) {
        ExecutionLauncher launcher =
            instances.get(i % instances.size()).getBean(ExecutionLauncher.class);
        futures.add(
            starters.submit(() -> launcher.start(agent, Trigger.MANUAL).executionId().toString()));
      }
      List<String> ids = new ArrayList<>();
      for (Future<String> f : futures) {
        ids.add(f.get());
      }
      return ids;
    } finally {
      starters.shutdown();
    }
  }

  /**
   * CPU time of this JVM (service instances, embedded broker, test) and of the PostgreSQL server
   * that serves {@code jdbcUrl} (its postmaster runs detached: found by its port).
   */
  private static Duration cpu(String jdbcUrl) {
    String port = jdbcUrl.replaceAll(".*://[^:/]+:(\\d+)/.*", "$1");
    Stream<ProcessHandle> postgres =
        ProcessHandle.allProcesses()
            .filter(
                p ->
                    p.info().commandLine().orElse("").contains("postgres")
                        && p.info().commandLine().orElse("").contains("-p " + port + " "))
            .flatMap(p -> Stream.concat(Stream.of(p), p.descendants()));
    return Stream.concat(Stream.of(ProcessHandle.current()), postgres)
        .map(p -> p.info().totalCpuDuration().orElse(Duration.ZERO))
        .reduce(Duration.ZERO, Duration::plus);
  }

  /** CPU nanoseconds of this JVM's live threads, summed by name without digits. */
  private static Map<String, Long> threadCpu() {
    java.lang.management.ThreadMXBean threads =
        java.lang.management.ManagementFactory.getThreadMXBean();
    Map<String, Long> byName = new java.util.TreeMap<>();
    for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info != null) {
        long nanos = threads.getThreadCpuTime(info.getThreadId());
        if (nanos > 0) {
          byName.merge(
              info.getThreadName().replaceAll("[0-9a-f-]{8,}|\\d+", "#"), nanos, Long::sum);
        }
      }
    }
    return byName;
  }

  /** Commits of this database, updates and HOT updates of workflow_executions. */
  private static long[] databaseCounters(JdbcClient jdbc) {
    jdbc.sql("select pg_stat_force_next_flush()").query().singleRow();
    return jdbc.sql(
            """
            select (select xact_commit from pg_stat_database where datname = current_database()),
                   (select n_tup_upd from pg_stat_user_tables where relname = 'workflow_executions'),
                   (select n_tup_hot_upd from pg_stat_user_tables
                     where relname = 'workflow_executions')""")
        .query((rs, row) -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)})
        .single();
  }

  private static long completed(JdbcClient jdbc) {
    return jdbc.sql("select count(*) from workflow_executions where status = 'completed'")
        .query(Long.class)
        .single();
  }

  private static void report(
      int instances, int runs, long started, long startedAll, long committed, long published) {
    double toCommit = (committed - started) / 1e9;
    double endToEnd = (published - started) / 1e9;
    System.out.printf(
        "%nBENCHMARK %d instance(s), %d runs of a %d-step agent:%n"
            + "  all started after %.2f s%n"
            + "  all completed in PostgreSQL after %.2f s: %.0f executions/s, %.0f step"
            + " transitions/s%n"
            + "  all ExecutionCompleted on Kafka after %.2f s: %.0f executions/s, %.0f step"
            + " transitions/s, %.0f events/s%n",
        instances,
        runs,
        STEPS,
        (startedAll - started) / 1e9,
        toCommit,
        runs / toCommit,
        runs * STEPS / toCommit,
        endToEnd,
        runs / endToEnd,
        runs * STEPS / endToEnd,
        runs * (2.0 + 2 * STEPS) / endToEnd);
  }
}
