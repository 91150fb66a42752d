package dev.pilot.benchmarks;

import dev.pilot.benchmarks.Counters.Calls;
import dev.pilot.benchmarks.Counters.Snapshot;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where one phase's time went: the counters' differences between its start and end.
 *
 * @param executions runs started in the phase (0 for an idle window: figures are then per minute)
 * @param cpuSeconds CPU seconds per part of the system (see {@link CpuMeter})
 * @param compilerSeconds the part of those seconds each JVM's JIT compiler threads used
 * @param statementsByRole SQL statements executed per database role
 * @param statements every statement the services executed, most frequent first (the summary prints
 *     the first ten; results.json keeps them all, so two commits can be compared statement by
 *     statement)
 * @param transactions database transactions of the pilot database (every role)
 * @param walSyncs the server's write-ahead-log flushes to disk (pg_stat_wal.wal_sync)
 */
record PhaseCost(
    String phase,
    int executions,
    double seconds,
    Map<String, Double> cpuSeconds,
    Map<String, Double> compilerSeconds,
    Map<String, Long> statementsByRole,
    List<StatementCost> statements,
    long transactions,
    long walSyncs,
    Map<String, Long> kafkaRecords,
    Map<String, Long> httpServed,
    long httpSent) {

  /** One statement's calls and time in the phase. */
  record StatementCost(String role, String query, long calls, double millis) {}

  static PhaseCost of(String phase, int executions, Snapshot before, Snapshot after) {
    Map<String, Double> cpu = secondsBetween(before.cpuSeconds(), after.cpuSeconds());
    Map<String, Double> compilers =
        secondsBetween(before.compilerSeconds(), after.compilerSeconds());
    Map<String, Long> byRole = new TreeMap<>();
    List<StatementCost> all = new ArrayList<>();
    after
        .statements()
        .forEach(
            (key, calls) -> {
              Calls earlier = before.statements().getOrDefault(key, new Calls(0, 0));
              long n = calls.calls() - earlier.calls();
              if (n <= 0) {
                return;
              }
              byRole.merge(key.role(), n, Long::sum);
              if (Counters.serviceRoles().contains(key.role())) {
                all.add(
                    new StatementCost(
                        key.role(), oneLine(key.query()), n, calls.millis() - earlier.millis()));
              }
            });
    all.sort(Comparator.comparingLong(StatementCost::calls).reversed());
    return new PhaseCost(
        phase,
        executions,
        (after.atNanos() - before.atNanos()) / 1e9,
        cpu,
        compilers,
        byRole,
        List.copyOf(all),
        after.transactions() - before.transactions(),
        after.walSyncs() - before.walSyncs(),
        difference(before.kafkaRecords(), after.kafkaRecords()),
        difference(before.httpServed(), after.httpServed()),
        after.httpSent() - before.httpSent());
  }

  private static Map<String, Double> secondsBetween(
      Map<String, Double> before, Map<String, Double> after) {
    Map<String, Double> delta = new LinkedHashMap<>();
    after.forEach((k, v) -> delta.put(k, v - before.getOrDefault(k, 0.0)));
    return delta;
  }

  private static Map<String, Long> difference(Map<String, Long> before, Map<String, Long> after) {
    Map<String, Long> delta = new LinkedHashMap<>();
    after.forEach(
        (k, v) -> {
          long d = v - before.getOrDefault(k, 0L);
          if (d != 0) {
            delta.put(k, d);
          }
        });
    return delta;
  }

  private static String oneLine(String query) {
    return query.replaceAll("\\s+", " ").strip();
  }

  private static String shortened(String query) {
    return query.length() <= 110 ? query : query.substring(0, 107) + "...";
  }

  /** The ten statements executed most often. */
  List<StatementCost> topStatements() {
    return statements.subList(0, Math.min(10, statements.size()));
  }

  /** Machine CPU per run in ms: the services, the broker and PostgreSQL (not this driver). */
  double machineCpuMsPerRun() {
    return executions == 0 ? Double.NaN : machineCpuSeconds() * 1000 / executions;
  }

  double machineCpuSeconds() {
    return cpuSeconds.entrySet().stream()
        .filter(e -> !e.getKey().equals(CpuMeter.DRIVER))
        .mapToDouble(Map.Entry::getValue)
        .sum();
  }

  /** Statements of one service's role in the phase. */
  long statementsOf(BenchSystem.Service service) {
    return statementsByRole.getOrDefault(service.role, 0L);
  }

  /** A few lines: per run when runs were started, else per minute. */
  List<String> lines() {
    boolean perRun = executions > 0;
    double divisor = perRun ? executions : seconds / 60;
    String per = perRun ? "/run" : "/min";
    List<String> lines = new ArrayList<>();
    lines.add(
        String.format(
            "%s: %s in %.1f s", phase, perRun ? executions + " runs" : "no runs started", seconds));
    StringBuilder cpu = new StringBuilder("  CPU ms" + per + ":");
    cpuSeconds.forEach(
        (part, s) -> cpu.append(String.format(" %s %.1f,", shortName(part), s * 1000 / divisor)));
    cpu.append(
        String.format(" machine (without driver) %.1f", machineCpuSeconds() * 1000 / divisor));
    lines.add(cpu.toString());
    StringBuilder jit = new StringBuilder("    of which JIT compiler threads, ms" + per + ":");
    compilerSeconds.forEach(
        (part, s) -> jit.append(String.format(" %s %.1f,", shortName(part), s * 1000 / divisor)));
    lines.add(jit.toString().replaceAll(",$", ""));
    StringBuilder sql = new StringBuilder("  SQL statements" + per + ":");
    statementsByRole.forEach(
        (role, n) -> sql.append(String.format(" %s %.1f,", role, n / divisor)));
    sql.append(String.format(" DB transactions%s (all roles) %.1f,", per, transactions / divisor));
    sql.append(String.format(" WAL flushes to disk%s %.1f", per, walSyncs / divisor));
    lines.add(sql.toString());
    StringBuilder kafka = new StringBuilder("  Kafka records" + per + ":");
    kafkaRecords.forEach(
        (topic, n) -> kafka.append(String.format(" %s %.1f,", topic, n / divisor)));
    lines.add(kafka.toString().replaceAll(",$", ""));
    StringBuilder httpLine =
        new StringBuilder(
            String.format(
                "  HTTP requests%s: sent by driver %.1f; served:", per, httpSent / divisor));
    httpServed.forEach(
        (s, n) -> httpLine.append(String.format(" %s %.1f,", shortName(s), n / divisor)));
    lines.add(httpLine.toString().replaceAll(",$", ""));
    return lines;
  }

  /** The most frequent statements, per run (or per minute). */
  List<String> statementLines() {
    double divisor = executions > 0 ? executions : seconds / 60;
    List<String> lines = new ArrayList<>();
    for (StatementCost s : topStatements()) {
      lines.add(
          String.format(
              "  %6.2f x %-16s %7.1f ms total  %s",
              s.calls() / divisor, s.role(), s.millis(), shortened(s.query())));
    }
    return lines;
  }

  private static String shortName(String part) {
    return part.replace("-service", "");
  }
}
