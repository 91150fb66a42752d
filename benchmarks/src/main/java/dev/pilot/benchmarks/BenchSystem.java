package dev.pilot.benchmarks;

import dev.pilot.localstack.ports.FreePorts;
import dev.pilot.localstack.postgres.PostgresServer;
import dev.pilot.localstack.postgres.PostgresSettings;
import dev.pilot.localstack.services.ServiceProcess;
import dev.pilot.localstack.services.ServiceSpec;
import dev.pilot.localstack.threads.ThreadPerTask;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The whole system as separate processes, arranged so that each cost can be attributed: the Kafka
 * broker in its own JVM (not in the benchmark driver's), PostgreSQL as its own server, each service
 * as one or more JVMs logging in to PostgreSQL as its own role ({@code pilot_execution}, {@code
 * pilot_approval}, {@code pilot_dashboard}), and {@code pg_stat_statements} loaded so that
 * statements can be counted per role.
 */
final class BenchSystem implements AutoCloseable {

  enum Service {
    EXECUTION("execution-service", "pilot_execution"),
    APPROVAL("approval-service", "pilot_approval"),
    DASHBOARD("dashboard-service", "pilot_dashboard");

    final String module;
    final String role;

    Service(String module, String role) {
      this.module = module;
      this.role = role;
    }
  }

  /**
   * JVM flags of the services: the client compiler (C1) only, and a parallel collector. Five JVMs
   * share two cores here; with tiered compilation the C2 compilers were still busy after 6,000 runs
   * and took 60-74 % of each service's CPU at 10 runs/s, while C1-only services used 28-55 % less
   * CPU per run in every phase measured (docs/adr/0003-jvm-flags-for-small-machines.md). The
   * compiler threads are kept for the JVM's life: one that exits takes its CPU time out of {@code
   * /proc}, and the phase's compiler share would come out short, even negative.
   */
  static final List<String> JVM_FLAGS =
      List.of(
          "-XX:TieredStopAtLevel=1",
          "-XX:+UseParallelGC",
          "-XX:-UseDynamicNumberOfCompilerThreads",
          "-Xss512k",
          "-Xms512m",
          "-Xmx1g");

  /**
   * JVM flags of the broker: the client compiler (C1) only, as for the services ({@link
   * #JVM_FLAGS}) and for the same reason. With tiered compilation the broker's C2 compiler was
   * still at work in the measured phase after 3,000 warm-up runs (0.9 of its 3.0 CPU ms per run on
   * a quiet machine, 5.0 of 12.7 on a loaded one) and in the idle phases (about 400 of its 2,000
   * CPU ms a minute); C1-only, its compiler took 0.9 and the broker 6.9 ms per run in the same
   * loaded setting (docs/notes/issue-12-driver.md). The rest is a stock single-node KRaft broker,
   * Kafka's own defaults but for replication factors of 1 (see KafkaSettings).
   */
  static final List<String> BROKER_JVM_FLAGS =
      List.of(
          "-XX:TieredStopAtLevel=1",
          "-XX:+UseParallelGC",
          "-XX:-UseDynamicNumberOfCompilerThreads",
          "-Xms256m",
          "-Xmx1g");

  static List<String> jvmFlags(List<String> extra) {
    List<String> flags = new ArrayList<>(JVM_FLAGS);
    flags.addAll(extra);
    return List.copyOf(flags);
  }

  private static final Duration STARTUP = Duration.ofSeconds(600);
  private static final String PASSWORD = "pilot";

  private final Path dataDir;
  private final PostgresSettings postgresSettings;
  private PostgresServer postgres;
  private final Process broker;
  private final String bootstrapServers;
  private final Map<Service, List<ServiceProcess>> services = new EnumMap<>(Service.class);
  private final Map<Service, AtomicInteger> roundRobin = new EnumMap<>(Service.class);
  private final boolean statementsTracked;
  private final String synchronousCommit;
  private final List<String> serviceJvmFlags;

  BenchSystem(
      Path dataDir, int instances, boolean synchronousCommit, List<String> extraServiceJvmFlags) {
    this.serviceJvmFlags = jvmFlags(extraServiceJvmFlags);
    this.dataDir = dataDir.toAbsolutePath();
    this.synchronousCommit = synchronousCommit ? "on" : "off";
    int kafkaPort = FreePorts.pick();
    int controllerPort = FreePorts.pick();
    broker = startBroker(kafkaPort, controllerPort);
    // Registered before anything else can fail: a broker that never starts must not leave the
    // PostgreSQL server (and services) started here running after the driver exits.
    Runtime.getRuntime().addShutdownHook(new Thread(this::close, "bench-system-stop"));
    bootstrapServers = "localhost:" + kafkaPort;
    postgresSettings =
        PostgresSettings.pilot(
            FreePorts.pick(),
            this.dataDir.resolve("postgres"),
            this.dataDir.resolve("logs/postgres.log"));
    postgres = PostgresServer.start(postgresSettings);
    statementsTracked = preparePostgres();
    awaitBroker();
    Map<Service, List<Integer>> ports = new EnumMap<>(Service.class);
    for (Service service : Service.values()) {
      List<Integer> mine = new ArrayList<>();
      for (int i = 0; i < instances; i++) {
        mine.add(FreePorts.pick());
      }
      ports.put(service, mine);
      roundRobin.put(service, new AtomicInteger());
    }
    List<CompletableFuture<Void>> starting = new ArrayList<>();
    ThreadPerTask waiters = ThreadPerTask.named("bench-health");
    for (Service service : Service.values()) {
      List<ServiceProcess> started = new ArrayList<>();
      services.put(service, started);
      for (int i = 0; i < instances; i++) {
        ServiceSpec spec = spec(service, i, ports);
        ServiceProcess process = ServiceProcess.start(spec);
        started.add(process);
        starting.add(CompletableFuture.runAsync(() -> process.awaitHealthy(STARTUP), waiters));
      }
    }
    CompletableFuture.allOf(starting.toArray(CompletableFuture[]::new)).join();
  }

  private ServiceSpec spec(Service service, int instance, Map<Service, List<Integer>> ports) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("DATABASE_URL", postgresSettings.jdbcUrl());
    env.put("DATABASE_USER", service.role);
    env.put("DATABASE_PASSWORD", PASSWORD);
    env.put("DATABASE_POOL_SIZE", "20");
    env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
    env.put("SPRING_PROFILES_ACTIVE", "local");
    env.put("EXECUTION_SERVICE_URL", "http://localhost:" + ports.get(Service.EXECUTION).get(0));
    env.put("APPROVAL_SERVICE_URL", "http://localhost:" + ports.get(Service.APPROVAL).get(0));
    return new ServiceSpec(
        service.module,
        Path.of(service.module, "target", service.module + ".jar").toAbsolutePath(),
        ports.get(service).get(instance),
        serviceJvmFlags,
        List.of(),
        env,
        dataDir.resolve("logs").resolve(service.module + "-" + (instance + 1) + ".log"));
  }

  /**
   * The broker runs in a child JVM of this same jar ({@code --broker=...}, see {@link Benchmarks})
   * so that its CPU is its own; closing its standard input stops it.
   */
  private Process startBroker(int port, int controllerPort) {
    try {
      Path log = dataDir.resolve("logs").resolve("kafka-broker.log");
      Files.createDirectories(log.getParent());
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(BROKER_JVM_FLAGS);
      command.addAll(List.of("-jar", Path.of("benchmarks", "target", "benchmarks.jar").toString()));
      command.add("--broker=" + port + "," + controllerPort + "," + dataDir.resolve("kafka"));
      return new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(Redirect.appendTo(log.toFile()))
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start the Kafka broker", e);
    }
  }

  private void awaitBroker() {
    Path log = dataDir.resolve("logs").resolve("kafka-broker.log");
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    try {
      while (!Files.readString(log).contains(Benchmarks.BROKER_READY)) {
        if (!broker.isAlive() || System.nanoTime() > deadline) {
          throw new IllegalStateException("The Kafka broker did not start; see " + log);
        }
        Pause.briefly();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * One login role per service (members of {@code pilot}, which owns the database), the chosen
   * {@code synchronous_commit} for every session of the database, and {@code pg_stat_statements} (a
   * restart: it must be preloaded). Returns whether statements are tracked.
   */
  private boolean preparePostgres() {
    try (Connection admin = superuser();
        Statement sql = admin.createStatement()) {
      for (Service service : Service.values()) {
        sql.execute(
            "create role " + service.role + " login password '" + PASSWORD + "' in role pilot");
      }
      // A database setting outranks the server's command line (-c synchronous_commit=off).
      sql.execute("alter database pilot set synchronous_commit = " + synchronousCommit);
      sql.execute("alter system set shared_preload_libraries = 'pg_stat_statements'");
      sql.execute("alter system set pg_stat_statements.max = 10000");
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot prepare PostgreSQL for the benchmark", e);
    }
    postgres.stop();
    postgres = PostgresServer.start(postgresSettings);
    try (Connection admin = superuser();
        Statement sql = admin.createStatement()) {
      sql.execute("create extension if not exists pg_stat_statements");
      return true;
    } catch (SQLException e) {
      System.out.println("pg_stat_statements unavailable, SQL statements not counted: " + e);
      return false;
    }
  }

  /** A connection as the server's superuser (trust authentication on loopback). */
  Connection superuser() throws SQLException {
    return DriverManager.getConnection(postgresSettings.jdbcUrl(), "postgres", "");
  }

  boolean statementsTracked() {
    return statementsTracked;
  }

  String synchronousCommit() {
    return synchronousCommit;
  }

  /**
   * The server's {@code fsync} as it runs: on, or the benchmark's commits would not reach the disk
   * whatever {@code synchronous_commit} says (shown beside it in every result).
   */
  String fsync() {
    try (Connection admin = superuser();
        Statement sql = admin.createStatement();
        ResultSet rs = sql.executeQuery("show fsync")) {
      rs.next();
      return rs.getString(1);
    } catch (SQLException e) {
      return "unknown (" + e.getMessage() + ")";
    }
  }

  int instances() {
    return services.get(Service.EXECUTION).size();
  }

  /** The first instance of a service. */
  URI uri(Service service) {
    return services.get(service).get(0).spec().baseUri();
  }

  /** The instances of a service in turn, spreading clients over them. */
  URI next(Service service) {
    List<ServiceProcess> all = services.get(service);
    return all.get(Math.floorMod(roundRobin.get(service).getAndIncrement(), all.size()))
        .spec()
        .baseUri();
  }

  List<URI> uris(Service service) {
    return services.get(service).stream().map(p -> p.spec().baseUri()).toList();
  }

  URI dashboard() {
    return uri(Service.DASHBOARD);
  }

  String kafkaBootstrapServers() {
    return bootstrapServers;
  }

  List<Long> pids(Service service) {
    return services.get(service).stream().map(ServiceProcess::pid).toList();
  }

  long brokerPid() {
    return broker.pid();
  }

  /** The postmaster's pid, from the first line of {@code postmaster.pid}. */
  long postmasterPid() {
    try {
      return Long.parseLong(
          Files.readAllLines(postgresSettings.dataDir().resolve("postmaster.pid")).get(0).strip());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Data, logs and recordings of this run. */
  Path dataDir() {
    return dataDir;
  }

  @Override
  public synchronized void close() {
    services.values().forEach(all -> all.forEach(p -> p.stop(Duration.ofSeconds(10))));
    services.clear();
    try {
      broker.getOutputStream().close();
      if (!broker.waitFor(20, TimeUnit.SECONDS)) {
        broker.destroyForcibly();
      }
    } catch (IOException | InterruptedException e) {
      broker.destroyForcibly();
    }
    if (postgres != null) {
      postgres.stop();
      postgres = null;
    }
  }
}
