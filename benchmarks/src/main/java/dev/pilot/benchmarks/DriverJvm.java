package dev.pilot.benchmarks;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * The driver's own JVM flags. The driver shares the machine's cores with the system it measures;
 * with tiered compilation its C2 compiler was still busy in the measured phase after 3,000 warm-up
 * runs (2.2 of its 7.1 CPU ms per run, docs/notes/issue-12-driver.md). The client compiler alone
 * compiles its code once, early, and costs less CPU in total, as it does for the services (see
 * {@link BenchSystem#JVM_FLAGS}).
 *
 * <p>{@code run.sh} and {@code compare.sh} start the driver with their own flags; rather than
 * depend on every caller, a driver started without these flags starts itself again with them and
 * waits for that JVM. A flag the caller sets itself (say {@code -XX:TieredStopAtLevel=4}) is left
 * as the caller set it.
 */
final class DriverJvm {

  static final List<String> FLAGS = List.of("-XX:TieredStopAtLevel=1");

  private DriverJvm() {}

  /**
   * Runs the driver with {@code args} in a JVM with {@link #FLAGS} and returns its exit code, or
   * returns empty when this JVM is already that one (or was not started from the jar).
   */
  static OptionalInt relaunchUnlessFlagged(String[] args) throws Exception {
    List<String> current = ManagementFactory.getRuntimeMXBean().getInputArguments();
    List<String> missing = missing(current);
    String classPath = System.getProperty("java.class.path", "");
    if (missing.isEmpty() || !classPath.endsWith(".jar") || classPath.contains(":")) {
      return OptionalInt.empty();
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(current);
    command.addAll(missing);
    command.addAll(List.of("-jar", classPath));
    command.addAll(List.of(args));
    Process driver = new ProcessBuilder(command).inheritIO().start();
    // Stopping this JVM stops the driver, whose own hook stops the system it started.
    Runtime.getRuntime().addShutdownHook(new Thread(driver::destroy, "driver-jvm-stop"));
    return OptionalInt.of(driver.waitFor());
  }

  /** The flags of {@link #FLAGS} whose option the given JVM arguments do not set. */
  static List<String> missing(List<String> jvmArguments) {
    return FLAGS.stream()
        .filter(flag -> jvmArguments.stream().noneMatch(a -> option(a).equals(option(flag))))
        .toList();
  }

  /** "-XX:TieredStopAtLevel=1" → "TieredStopAtLevel"; "-XX:+UseParallelGC" → "UseParallelGC". */
  private static String option(String argument) {
    String name = argument.replaceFirst("^-XX:[+-]?", "");
    int equals = name.indexOf('=');
    return equals < 0 ? name : name.substring(0, equals);
  }
}
