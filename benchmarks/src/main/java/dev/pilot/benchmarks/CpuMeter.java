package dev.pilot.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * CPU seconds used so far by each part of the system, from {@code /proc}: the service JVMs (all
 * instances of a service together), the broker's JVM, PostgreSQL (the postmaster, its live backends
 * and the backends that have exited, which the postmaster has reaped) and this driver.
 */
final class CpuMeter {

  static final String BROKER = "kafka broker";
  static final String POSTGRES = "postgresql";
  static final String DRIVER = "benchmark driver";

  /** Clock ticks per second ({@code getconf CLK_TCK}; run.sh passes it, 100 on Linux x86). */
  private static final double TICKS =
      Double.parseDouble(System.getenv().getOrDefault("CLK_TCK", "100"));

  private final Map<String, Supplier<List<Long>>> jvms = new LinkedHashMap<>();
  private final Supplier<Long> postmaster;

  CpuMeter(BenchSystem system) {
    for (BenchSystem.Service service : BenchSystem.Service.values()) {
      List<Long> pids = system.pids(service);
      jvms.put(service.module, () -> pids);
    }
    jvms.put(BROKER, () -> List.of(system.brokerPid()));
    postmaster = system::postmasterPid;
  }

  /** CPU seconds per part, in a stable order; the driver last. */
  Map<String, Double> seconds() {
    Map<String, Double> used = new LinkedHashMap<>();
    jvms.forEach(
        (name, pids) ->
            used.put(
                name,
                pids.get().stream()
                        .flatMap(pid -> ProcStat.of(pid).stream())
                        .mapToLong(ProcStat::ownTicks)
                        .sum()
                    / TICKS));
    used.put(POSTGRES, postgresTicks(postmaster.get()) / TICKS);
    used.put(
        DRIVER,
        ProcStat.of(ProcessHandle.current().pid()).map(ProcStat::ownTicks).orElse(0L) / TICKS);
    return used;
  }

  /**
   * CPU seconds the JVMs' JIT compiler threads have used so far, per part (the services, the broker
   * and this driver). Five JVMs compile on two cores here: until they have compiled what the runs
   * use, part of every phase's CPU is the compilers', and the phase reports it apart.
   */
  Map<String, Double> compilerSeconds() {
    Map<String, Double> used = new LinkedHashMap<>();
    jvms.forEach(
        (name, pids) ->
            used.put(name, pids.get().stream().mapToLong(CpuMeter::compilerTicks).sum() / TICKS));
    used.put(DRIVER, compilerTicks(ProcessHandle.current().pid()) / TICKS);
    return used;
  }

  /** Ticks of one JVM's threads named "C1 CompilerThread…" or "C2 CompilerThread…". */
  static long compilerTicks(long pid) {
    return threads(pid, "C[12] CompilerThre.*").stream().mapToLong(ProcStat::ownTicks).sum();
  }

  /**
   * The stats of one JVM's threads whose name (as the kernel keeps it: its first 15 characters)
   * matches {@code name}; none when the process has gone.
   */
  static List<ProcStat> threads(long pid, String name) {
    try (Stream<Path> threads = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
      return threads
          .flatMap(
              thread -> {
                try {
                  return Stream.of(ProcStat.parse(Files.readString(thread.resolve("stat"))));
                } catch (IOException | RuntimeException gone) {
                  return Stream.empty();
                }
              })
          .filter(stat -> stat.command().matches(name))
          .toList();
    } catch (IOException | RuntimeException gone) {
      return List.of();
    }
  }

  /** Clock ticks as milliseconds. */
  static long millis(long ticks) {
    return Math.round(ticks * 1000 / TICKS);
  }

  /** The postmaster with everything it reaped, plus its live children (the backends). */
  static long postgresTicks(long postmasterPid) {
    long total = ProcStat.of(postmasterPid).map(ProcStat::ticksWithReapedChildren).orElse(0L);
    try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
      total +=
          processes
              .map(p -> p.getFileName().toString())
              .filter(name -> name.chars().allMatch(Character::isDigit))
              .flatMap(name -> ProcStat.of(Long.parseLong(name)).stream())
              .filter(stat -> stat.parentPid() == postmasterPid)
              .mapToLong(ProcStat::ownTicks)
              .sum();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return total;
  }
}
