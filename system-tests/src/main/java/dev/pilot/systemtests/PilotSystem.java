package dev.pilot.systemtests;

import dev.pilot.localstack.infrastructure.InfrastructureProcess;
import dev.pilot.localstack.infrastructure.InfrastructureSettings;
import dev.pilot.localstack.ports.FreePorts;
import dev.pilot.localstack.services.ServiceProcess;
import dev.pilot.localstack.services.ServiceSpec;
import dev.pilot.localstack.threads.ThreadPerTask;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole system as separate processes, started once per test JVM: Kafka and PostgreSQL (this JVM
 * and a postgres server process) and one child JVM per service, each on free ports. Fault tests
 * kill, stop and restart the parts.
 */
public final class PilotSystem {

  public enum Service {
    EXECUTION("execution-service"),
    APPROVAL("approval-service"),
    DASHBOARD("dashboard-service");

    final String module;

    Service(String module) {
      this.module = module;
    }
  }

  private static final Logger log = LoggerFactory.getLogger(PilotSystem.class);

  /** How long a service may take to report healthy; {@code -Dpilot.system.startup-seconds}. */
  private static final Duration STARTUP =
      Duration.ofSeconds(Long.getLong("pilot.system.startup-seconds", 180));

  private static PilotSystem shared;

  private final InfrastructureProcess infrastructure;
  private final OtlpCollector traces;
  private final Map<Service, ServiceSpec> specs = new LinkedHashMap<>();
  private final Map<Service, ServiceProcess> running = new LinkedHashMap<>();
  private boolean stopped;

  /** JVM flags for tests: fast start-up, small footprint (docs/adr/0003). */
  public static final List<String> TEST_JVM_FLAGS =
      List.of(
          "-XX:TieredStopAtLevel=1",
          "-XX:+UseSerialGC",
          "-Xss512k",
          "-XX:ReservedCodeCacheSize=64m",
          "-Xmx384m");

  /**
   * @param traces where the services export their spans (tracing on), or null (tracing off)
   */
  private PilotSystem(Path dataDir, List<String> jvmFlags, int poolSize, OtlpCollector traces) {
    this.traces = traces;
    infrastructure =
        InfrastructureProcess.start(
            InfrastructureSettings.under(
                dataDir, FreePorts.pick(), FreePorts.pick(), FreePorts.pick()));
    Map<Service, Integer> ports = new LinkedHashMap<>();
    for (Service service : Service.values()) {
      ports.put(service, FreePorts.pick());
    }
    for (Service service : Service.values()) {
      Map<String, String> env = new LinkedHashMap<>();
      env.put("DATABASE_URL", infrastructure.postgres().jdbcUrl());
      env.put("DATABASE_USER", infrastructure.postgres().settings().user());
      env.put("DATABASE_PASSWORD", infrastructure.postgres().settings().password());
      env.put("DATABASE_POOL_SIZE", Integer.toString(poolSize));
      env.put("KAFKA_BOOTSTRAP_SERVERS", infrastructure.kafkaBootstrapServers());
      env.put("SPRING_PROFILES_ACTIVE", "local");
      env.put("EXECUTION_SERVICE_URL", "http://localhost:" + ports.get(Service.EXECUTION));
      env.put("APPROVAL_SERVICE_URL", "http://localhost:" + ports.get(Service.APPROVAL));
      if (traces != null) {
        env.put("OTEL_EXPORTER_OTLP_ENDPOINT", traces.endpoint().toString());
        // Spans reach the collector within a fraction of a second instead of 5 s.
        env.put("MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_SCHEDULE_DELAY", "200ms");
      }
      specs.put(
          service,
          new ServiceSpec(
              service.module,
              repositoryRoot()
                  .resolve(service.module)
                  .resolve("target")
                  .resolve(service.module + ".jar"),
              ports.get(service),
              jvmFlags,
              List.of(),
              env,
              dataDir.resolve("logs").resolve(service.module + ".log")));
    }
    // Registered before anything starts, and called when starting fails: a service that came up
    // while another did not must not outlive this JVM (orphaned JVMs and databases were found
    // slowing every later build on the machine).
    Runtime.getRuntime().addShutdownHook(new Thread(this::stopAll, "pilot-system-stop"));
    ThreadPerTask starters = ThreadPerTask.named("service-start");
    List<CompletableFuture<Void>> starting =
        specs.keySet().stream()
            .map(s -> CompletableFuture.runAsync(() -> start(s), starters))
            .toList();
    try {
      CompletableFuture.allOf(starting.toArray(CompletableFuture[]::new)).join();
    } catch (RuntimeException failed) {
      stopAll();
      throw failed;
    }
  }

  /** Tests run in their module's folder, the benchmarks at the repository's root. */
  private static Path repositoryRoot() {
    return java.nio.file.Files.isDirectory(Path.of("execution-service"))
        ? Path.of(".")
        : Path.of("..");
  }

  /** The running system, started on first use. */
  public static synchronized PilotSystem get() {
    if (shared == null) {
      long started = System.nanoTime();
      // The tested system traces, as a production one would: every span goes to a collector in
      // this JVM (ExecutionTraceTest reads them).
      shared =
          new PilotSystem(
              Path.of("target", "system-" + System.currentTimeMillis()),
              TEST_JVM_FLAGS,
              8,
              OtlpCollector.start());
      log.info("Pilot system up in {} ms", (System.nanoTime() - started) / 1_000_000);
    }
    return shared;
  }

  /** Stops every service, then Kafka and PostgreSQL. */
  public void close() {
    stopAll();
  }

  public URI dashboard() {
    return specs.get(Service.DASHBOARD).baseUri();
  }

  public URI uri(Service service) {
    return specs.get(service).baseUri();
  }

  /** The spans the services exported; throws when this system does not trace. */
  public OtlpCollector traces() {
    if (traces == null) {
      throw new IllegalStateException("This system runs without tracing");
    }
    return traces;
  }

  public String kafkaBootstrapServers() {
    return infrastructure.kafkaBootstrapServers();
  }

  public InfrastructureProcess infrastructure() {
    return infrastructure;
  }

  public Path logOf(Service service) {
    return specs.get(service).logFile();
  }

  /** A user's view of the API, through the dashboard's origin as a browser would use it. */
  public PilotApi api(String user) {
    return new PilotApi(dashboard(), user);
  }

  public void start(Service service) {
    ServiceProcess process = ServiceProcess.start(specs.get(service));
    try {
      process.awaitHealthy(STARTUP);
    } catch (RuntimeException unhealthy) {
      process.stop(Duration.ofSeconds(10));
      throw unhealthy;
    }
    synchronized (running) {
      running.put(service, process);
    }
  }

  /** {@code kill -9}: no shutdown hook, no graceful close. */
  public void kill(Service service) {
    ServiceProcess process;
    synchronized (running) {
      process = running.remove(service);
    }
    if (process != null) {
      process.kill();
    }
  }

  private synchronized void stopAll() {
    if (stopped) {
      return;
    }
    stopped = true;
    synchronized (running) {
      running.values().forEach(p -> p.stop(Duration.ofSeconds(10)));
      running.clear();
    }
    infrastructure.close();
    if (traces != null) {
      traces.close();
    }
  }
}
