package dev.pilot.localstack;

import dev.pilot.localstack.demo.DemoData;
import dev.pilot.localstack.demo.DemoDataException;
import dev.pilot.localstack.demo.DemoPartner;
import dev.pilot.localstack.demo.DemoUsers;
import dev.pilot.localstack.infrastructure.InfrastructureProcess;
import dev.pilot.localstack.infrastructure.InfrastructureSettings;
import dev.pilot.localstack.ports.FreePorts;
import dev.pilot.localstack.ports.RequiredPort;
import dev.pilot.localstack.services.LocalServices;
import dev.pilot.localstack.services.ServiceProcess;
import dev.pilot.localstack.services.ServiceSpec;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One command runs the whole system: Kafka and PostgreSQL in this JVM, then the three services as
 * child processes; seeds the demo agents once, prints where to go, and stops everything on Ctrl-C.
 */
public final class LocalStack {

  private static final Duration SERVICE_STARTUP_DEADLINE = Duration.ofSeconds(240);
  private static final Duration SERVICE_STOP_GRACE = Duration.ofSeconds(20);
  private static final Duration WATCH_INTERVAL = Duration.ofSeconds(2);

  /** Logged to the file only (local-stack-logback.xml): the stack trace behind a failed start. */
  private static final String FAILURE_LOG = "local-stack.failure";

  private final StackOptions options;
  private final Logger log;
  private final StartedParts started;
  private final List<ServiceProcess> services = new ArrayList<>();
  private volatile boolean stopping;

  private LocalStack(StackOptions options) {
    this.options = options;
    this.log = LoggerFactory.getLogger(LocalStack.class);
    this.started = new StartedParts(log);
  }

  public static void main(String[] args) {
    StackOptions options;
    try {
      options = StackOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    // Read by logback: set before the first logger exists.
    System.setProperty("logback.configurationFile", "local-stack-logback.xml");
    System.setProperty("pilot.localstack.logs", options.logsDir().toString());
    new LocalStack(options).run();
  }

  private void run() {
    long begin = System.nanoTime();
    InfrastructureSettings infrastructure = InfrastructureSettings.local(options.dataDir());
    try {
      FreePorts.require(requiredPorts(infrastructure));
      if (!options.infraOnly()) {
        serviceSpecs(infrastructure).forEach(ServiceProcess::requireJar);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(this::shutDown, "local-stack-stop"));
      PidFile.write(options.dataDir().resolve("local-stack.pid"), started);
      startInfrastructure(infrastructure);
      if (!options.infraOnly()) {
        startServices(infrastructure);
        seedDemoData();
      }
    } catch (RuntimeException e) {
      log.error(
          "Local stack failed to start: {} (details: {})",
          e.getMessage(),
          options.logsDir().resolve("infrastructure.log"));
      LoggerFactory.getLogger(FAILURE_LOG).error("Local stack failed to start", e);
      System.exit(1);
    }
    printReady(infrastructure, Duration.ofNanos(System.nanoTime() - begin));
    watchServices();
  }

  private List<RequiredPort> requiredPorts(InfrastructureSettings infrastructure) {
    List<RequiredPort> ports = new ArrayList<>(infrastructure.requiredPorts());
    if (!options.infraOnly()) {
      ports.addAll(LocalServices.requiredPorts());
      if (options.demoData()) {
        ports.add(new RequiredPort(DemoPartner.PORT, "the demo agents' partner endpoints"));
      }
    }
    return ports;
  }

  private void startInfrastructure(InfrastructureSettings settings) {
    long begin = System.nanoTime();
    log.info("Starting Kafka and PostgreSQL (data in {})", options.dataDir());
    InfrastructureProcess infrastructure = InfrastructureProcess.start(settings);
    started.add("Kafka and PostgreSQL", infrastructure::close);
    log.info(
        "Kafka on {} and PostgreSQL on {} ready in {}",
        infrastructure.kafkaBootstrapServers(),
        infrastructure.postgres().jdbcUrl(),
        seconds(System.nanoTime() - begin));
  }

  private void startServices(InfrastructureSettings infrastructure) {
    long begin = System.nanoTime();
    for (ServiceSpec spec : serviceSpecs(infrastructure)) {
      log.info("Starting {} on port {} (log: {})", spec.name(), spec.port(), spec.logFile());
      ServiceProcess service = ServiceProcess.start(spec);
      services.add(service);
      started.add(spec.name(), () -> service.stop(SERVICE_STOP_GRACE));
      if (options.oneByOne()) {
        awaitHealthy(service, begin);
        begin = System.nanoTime();
      }
    }
    if (!options.oneByOne()) {
      for (ServiceProcess service : services) {
        awaitHealthy(service, begin);
      }
    }
  }

  private List<ServiceSpec> serviceSpecs(InfrastructureSettings infrastructure) {
    return LocalServices.specs(options.root(), options.logsDir(), infrastructure);
  }

  private void awaitHealthy(ServiceProcess service, long begin) {
    service.awaitHealthy(SERVICE_STARTUP_DEADLINE);
    log.info("{} is healthy ({})", service.spec().name(), seconds(System.nanoTime() - begin));
  }

  private void seedDemoData() {
    if (!options.demoData()) {
      return;
    }
    DemoPartner partner = DemoPartner.start(DemoPartner.PORT);
    started.add("demo partner endpoints", partner::close);
    log.info(
        "Demo partner endpoints on http://localhost:{}/demo (invoices, payments)", partner.port());
    try {
      List<String> created =
          new DemoData(URI.create("http://localhost:" + LocalServices.EXECUTION_PORT)).seed();
      log.info(
          created.isEmpty()
              ? "Demo agents already present"
              : "Seeded demo agents: " + String.join(", ", created));
    } catch (DemoDataException e) {
      log.warn("Could not seed the demo agents ({}); the stack runs without them", e.getMessage());
    }
  }

  private void printReady(InfrastructureSettings infrastructure, Duration startup) {
    StringBuilder ready = new StringBuilder("\n\n  Pilot is running (started in ");
    ready.append(seconds(startup.toNanos())).append(").\n\n");
    if (!options.infraOnly()) {
      ready
          .append("  Dashboard   http://localhost:")
          .append(LocalServices.DASHBOARD_PORT)
          .append('\n')
          .append("  Users       ")
          .append(String.join(", ", DemoUsers.NAMES))
          .append("  (password: ")
          .append(DemoUsers.PASSWORD)
          .append(")\n")
          .append("  Services    execution http://localhost:")
          .append(LocalServices.EXECUTION_PORT)
          .append(", approval http://localhost:")
          .append(LocalServices.APPROVAL_PORT)
          .append('\n');
    }
    ready
        .append("  Kafka       ")
        .append(infrastructure.kafka().bootstrapServers())
        .append('\n')
        .append("  PostgreSQL  ")
        .append(infrastructure.postgres().jdbcUrl())
        .append("  (user pilot, password pilot)\n")
        .append("  Logs        ")
        .append(options.logsDir())
        .append("\n\n  Press Ctrl-C to stop.\n");
    log.info(ready.toString());
  }

  /** Keeps the JVM up and reports a service that exits on its own. */
  private void watchServices() {
    List<ServiceProcess> watched = new ArrayList<>(services);
    while (true) {
      try {
        Thread.sleep(WATCH_INTERVAL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      for (ServiceProcess service : List.copyOf(watched)) {
        if (!service.isAlive() && !stopping) {
          log.warn(
              "{} stopped unexpectedly; see {}", service.spec().name(), service.spec().logFile());
          watched.remove(service);
        }
      }
    }
  }

  private void shutDown() {
    stopping = true;
    log.info("Stopping the local stack");
    started.stopAll();
  }

  private static String seconds(long nanos) {
    return String.format("%.1f s", nanos / 1e9);
  }
}
