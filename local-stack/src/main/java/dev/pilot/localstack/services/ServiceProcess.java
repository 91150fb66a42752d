package dev.pilot.localstack.services;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One service jar running as a child process of this JVM. */
public final class ServiceProcess {

  private static final Duration POLL = Duration.ofMillis(250);

  private final ServiceSpec spec;
  private final Process process;

  private ServiceProcess(ServiceSpec spec, Process process) {
    this.spec = spec;
    this.process = process;
  }

  /** Starts the jar with the JVM running this code; output goes to the spec's log file. */
  public static ServiceProcess start(ServiceSpec spec) {
    requireJar(spec);
    try {
      Files.createDirectories(spec.logFile().toAbsolutePath().getParent());
      Files.writeString(
          spec.logFile(),
          "=== local-stack starts " + spec.name() + " at " + Instant.now() + " ===\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
      ProcessBuilder builder = new ProcessBuilder(command(spec));
      builder.environment().putAll(spec.environment());
      builder.redirectErrorStream(true);
      builder.redirectOutput(Redirect.appendTo(spec.logFile().toFile()));
      builder.redirectInput(Redirect.from(Path.of("/dev/null").toFile()));
      return new ServiceProcess(spec, builder.start());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start " + spec.name(), e);
    }
  }

  /**
   * @throws ServiceStartupException when the spec's jar has not been built
   */
  public static void requireJar(ServiceSpec spec) {
    if (!Files.isRegularFile(spec.jar())) {
      throw new ServiceStartupException(
          spec.name() + " cannot start: " + spec.jar() + " is missing (build it first).");
    }
  }

  public ServiceSpec spec() {
    return spec;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /**
   * Waits until {@code /actuator/health} says UP.
   *
   * @throws ServiceStartupException when the process exits or the deadline passes first
   */
  public void awaitHealthy(Duration deadline) {
    long until = System.nanoTime() + deadline.toNanos();
    while (!HealthProbe.isUp(spec.baseUri())) {
      if (!process.isAlive()) {
        throw new ServiceStartupException(
            spec.name()
                + " exited with code "
                + process.exitValue()
                + " while starting; see "
                + spec.logFile());
      }
      if (System.nanoTime() > until) {
        throw new ServiceStartupException(
            spec.name()
                + " was not healthy at "
                + spec.baseUri()
                + "/actuator/health within "
                + deadline.toSeconds()
                + " s; see "
                + spec.logFile());
      }
      pause();
    }
  }

  /** SIGTERM (Spring shuts down gracefully), then SIGKILL if it is still running after grace. */
  public void stop(Duration grace) {
    process.destroy();
    try {
      if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        kill();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      kill();
    }
  }

  /** SIGKILL: the crash a system test wants to survive. Returns once the process is gone. */
  public void kill() {
    process.destroyForcibly();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Waits until the process exits on its own; returns its exit code. */
  public int awaitExit() throws InterruptedException {
    return process.waitFor();
  }

  private static List<String> command(ServiceSpec spec) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(spec.jvmFlags());
    command.add("-jar");
    command.add(spec.jar().toAbsolutePath().toString());
    command.add("--server.port=" + spec.port());
    command.addAll(spec.arguments());
    return command;
  }

  private static void pause() {
    try {
      Thread.sleep(POLL.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ServiceStartupException("Interrupted while waiting for a service to start");
    }
  }
}
