package dev.pilot.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every counter that says where a phase's time went, read at once: CPU per process, SQL statements
 * per database role (pg_stat_statements) and per statement, database transactions, Kafka records
 * per topic (end offsets), HTTP requests served per service (the services' own {@code
 * http.server.requests} metric) and sent by this driver.
 */
final class Counters implements AutoCloseable {

  /** HTTP requests this driver sent to the services (starts and approvals, retries included). */
  static final AtomicLong SENT = new AtomicLong();

  /** One statement of one role, as pg_stat_statements normalises it. */
  record StatementKey(String role, String query) {}

  /** Calls and execution time of one statement. */
  record Calls(long calls, double millis) {}

  /** All counters at one instant. */
  record Snapshot(
      long atNanos,
      Map<String, Double> cpuSeconds,
      Map<String, Double> compilerSeconds,
      Map<StatementKey, Calls> statements,
      long transactions,
      long walSyncs,
      Map<String, Long> kafkaRecords,
      Map<String, Long> httpServed,
      long httpSent) {}

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final BenchSystem system;
  private final CpuMeter cpu;
  private final Admin admin;
  private final HttpClient http = HttpClient.newHttpClient();

  Counters(BenchSystem system) {
    this.system = system;
    this.cpu = new CpuMeter(system);
    this.admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, system.kafkaBootstrapServers()));
  }

  Snapshot take() {
    return new Snapshot(
        System.nanoTime(),
        cpu.seconds(),
        cpu.compilerSeconds(),
        statements(),
        transactions(),
        walSyncs(),
        kafkaRecords(),
        httpServed(),
        SENT.get());
  }

  /** What happened between two snapshots, for {@code executions} runs. */
  PhaseCost between(String phase, int executions, Snapshot before, Snapshot after) {
    return PhaseCost.of(phase, executions, before, after);
  }

  private Map<StatementKey, Calls> statements() {
    Map<StatementKey, Calls> calls = new HashMap<>();
    if (!system.statementsTracked()) {
      return calls;
    }
    String query =
        "select r.rolname, s.query, sum(s.calls), sum(s.total_exec_time)"
            + " from pg_stat_statements s join pg_roles r on r.oid = s.userid"
            + " join pg_database d on d.oid = s.dbid where d.datname = 'pilot'"
            + " group by r.rolname, s.query";
    try (Connection c = system.superuser();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(query)) {
      while (rs.next()) {
        calls.merge(
            new StatementKey(rs.getString(1), rs.getString(2)),
            new Calls(rs.getLong(3), rs.getDouble(4)),
            (a, b) -> new Calls(a.calls() + b.calls(), a.millis() + b.millis()));
      }
    } catch (SQLException e) {
      System.out.println("pg_stat_statements not readable: " + e.getMessage());
    }
    return calls;
  }

  private long transactions() {
    try (Connection c = system.superuser();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "select xact_commit + xact_rollback from pg_stat_database where datname = 'pilot'")) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The server's write-ahead-log flushes to disk (every database: the log is the server's): with
   * {@code synchronous_commit=on} each committed write waits for one, shared by the commits that
   * queued behind it.
   */
  private long walSyncs() {
    try (Connection c = system.superuser();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("select wal_sync from pg_stat_wal")) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      return 0; // before PostgreSQL 14: not counted
    }
  }

  private Map<String, Long> kafkaRecords() {
    try {
      // Internal topics too: __consumer_offsets grows by one record per partition whose offset a
      // consumer commits, so it shows how often the consumers commit.
      Set<String> topics =
          admin
              .listTopics(new ListTopicsOptions().listInternal(true))
              .names()
              .get(30, TimeUnit.SECONDS);
      Map<String, TopicDescription> described =
          admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS);
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      described
          .values()
          .forEach(
              d ->
                  d.partitions()
                      .forEach(
                          p ->
                              latest.put(
                                  new TopicPartition(d.name(), p.partition()),
                                  OffsetSpec.latest())));
      Map<String, Long> perTopic = new TreeMap<>();
      admin
          .listOffsets(latest)
          .all()
          .get(30, TimeUnit.SECONDS)
          .forEach((tp, info) -> perTopic.merge(tp.topic(), info.offset(), Long::sum));
      return perTopic;
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException("Cannot read the topics' end offsets", e);
    }
  }

  private Map<String, Long> httpServed() {
    Map<String, Long> served = new LinkedHashMap<>();
    for (BenchSystem.Service service : BenchSystem.Service.values()) {
      long total = 0;
      for (URI uri : system.uris(service)) {
        total += requestsServed(uri);
      }
      served.put(service.module, total);
    }
    return served;
  }

  /** The service's count of requests it answered (0 before its first). */
  private long requestsServed(URI service) {
    HttpRequest request =
        HttpRequest.newBuilder(service.resolve("/actuator/metrics/http.server.requests"))
            .header(
                "Authorization",
                "Basic "
                    + Base64.getEncoder()
                        .encodeToString("alice:demo".getBytes(StandardCharsets.UTF_8)))
            .build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        return 0;
      }
      for (JsonNode m : JSON.readTree(response.body()).get("measurements")) {
        if (m.get("statistic").asString().equals("COUNT")) {
          return (long) m.get("value").asDouble();
        }
      }
      return 0;
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      return 0;
    }
  }

  /** Roles of the services, for grouping statements. */
  static List<String> serviceRoles() {
    return java.util.Arrays.stream(BenchSystem.Service.values())
        .map(s -> s.role)
        .collect(Collectors.toList());
  }

  @Override
  public void close() {
    admin.close();
  }
}
