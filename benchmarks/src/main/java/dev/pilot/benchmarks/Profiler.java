package dev.pilot.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * JFR recordings of the service and broker JVMs during one phase ({@code jcmd JFR.start/stop}),
 * each summarised as text: the hottest methods (self time), the hottest Pilot methods (the first
 * {@code dev.pilot} frame of each sample), CPU samples per kind of thread, a flame graph ({@code
 * <name>-flame.svg}) and the stacks folded for other tools ({@code <name>.collapsed}, the format
 * flamegraph.pl and speedscope read).
 */
final class Profiler {

  private final Map<String, Long> jvms;
  private final Path directory;

  /**
   * @param jvms name → pid of each JVM to record
   */
  Profiler(Map<String, Long> jvms, Path directory) {
    this.jvms = jvms;
    this.directory = directory;
  }

  void start() {
    jvms.values().forEach(pid -> jcmd(pid, "JFR.start", "name=bench", "settings=profile"));
  }

  /** Stops the recordings, writes them and their summaries; returns a line per JVM. */
  List<String> stopAndSummarise() {
    List<String> lines = new ArrayList<>();
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    jvms.forEach(
        (name, pid) -> {
          Path recording = directory.resolve(name + ".jfr").toAbsolutePath();
          jcmd(pid, "JFR.stop", "name=bench", "filename=" + recording);
          if (!Files.exists(recording)) {
            lines.add(name + ": no recording");
            return;
          }
          try {
            lines.add(summarise(name, recording));
          } catch (IOException e) {
            lines.add(name + ": recording unreadable: " + e.getMessage());
          }
        });
    return lines;
  }

  private String summarise(String name, Path recording) throws IOException {
    Map<String, Long> self = new HashMap<>();
    Map<String, Long> pilot = new HashMap<>();
    Map<String, Long> threads = new HashMap<>();
    Map<String, Long> folded = new HashMap<>();
    long samples = 0;
    for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
      if (!event.getEventType().getName().equals("jdk.ExecutionSample")) {
        continue;
      }
      RecordedStackTrace stack = event.getStackTrace();
      if (stack == null || stack.getFrames().isEmpty()) {
        continue;
      }
      samples++;
      List<RecordedFrame> frames = stack.getFrames();
      self.merge(method(frames.get(0)), 1L, Long::sum);
      frames.stream()
          .map(Profiler::method)
          .filter(m -> m.startsWith("dev.pilot."))
          .findFirst()
          .ifPresent(m -> pilot.merge(m, 1L, Long::sum));
      String thread =
          event.getThread("sampledThread") == null
              ? "?"
              : threadKind(event.getThread("sampledThread").getJavaName());
      threads.merge(thread, 1L, Long::sum);
      StringBuilder line = new StringBuilder(thread);
      for (int i = frames.size() - 1; i >= 0; i--) {
        line.append(';').append(method(frames.get(i)));
      }
      folded.merge(line.toString(), 1L, Long::sum);
    }
    StringBuilder text = new StringBuilder();
    text.append(name).append(": ").append(samples).append(" CPU samples (jdk.ExecutionSample)\n");
    appendTop(text, "by kind of thread", threads, samples, 12);
    appendTop(text, "hottest methods (self)", self, samples, 25);
    appendTop(text, "hottest Pilot methods (first dev.pilot frame)", pilot, samples, 25);
    Files.writeString(directory.resolve(name + "-profile.txt"), text);
    StringBuilder collapsed = new StringBuilder();
    folded.forEach((stack, n) -> collapsed.append(stack).append(' ').append(n).append('\n'));
    Files.writeString(directory.resolve(name + ".collapsed"), collapsed);
    Files.writeString(
        directory.resolve(name + "-flame.svg"),
        FlameGraph.svg(name + ", CPU samples of the throughput phase", folded));
    List<Map.Entry<String, Long>> topThreads = top(threads, 3);
    StringBuilder line = new StringBuilder(String.format("%s: %d samples;", name, samples));
    for (Map.Entry<String, Long> t : topThreads) {
      line.append(
          String.format(" %s %.0f%%,", t.getKey(), 100.0 * t.getValue() / Math.max(1, samples)));
    }
    return line.toString().replaceAll(",$", "");
  }

  private static void appendTop(
      StringBuilder text, String title, Map<String, Long> counts, long total, int limit) {
    text.append('\n').append(title).append(":\n");
    for (Map.Entry<String, Long> e : top(counts, limit)) {
      text.append(
          String.format("  %5.1f%%  %s%n", 100.0 * e.getValue() / Math.max(1, total), e.getKey()));
    }
  }

  private static List<Map.Entry<String, Long>> top(Map<String, Long> counts, int limit) {
    return counts.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
        .limit(limit)
        .toList();
  }

  private static String method(RecordedFrame frame) {
    return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
  }

  /** A thread's name without its numbers: "http-nio-8080-exec-7" → "http-nio-#-exec-#". */
  static String threadKind(String threadName) {
    if (threadName == null) {
      return "?";
    }
    // Spring Cloud Stream names its listener threads after the whole destination's toString().
    String name =
        threadName.replaceAll(
            "^KafkaConsumerDestination\\{consumerDestinationName='([^']+)'.*\\}\\.container.*$",
            "consumer of $1");
    return name.replaceAll("\\d+", "#");
  }

  private static void jcmd(long pid, String... command) {
    List<String> args = new ArrayList<>();
    args.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
    args.add(Long.toString(pid));
    args.addAll(List.of(command));
    try {
      Process process =
          new ProcessBuilder(args)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (IOException e) {
      System.out.println("jcmd " + String.join(" ", command) + " failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** name → pid of every JVM of the system (instances numbered). */
  static Map<String, Long> jvmsOf(BenchSystem system) {
    Map<String, Long> jvms = new LinkedHashMap<>();
    for (BenchSystem.Service service : BenchSystem.Service.values()) {
      List<Long> pids = system.pids(service);
      for (int i = 0; i < pids.size(); i++) {
        jvms.put(service.module + (pids.size() > 1 ? "-" + (i + 1) : ""), pids.get(i));
      }
    }
    jvms.put("kafka-broker", system.brokerPid());
    return jvms;
  }
}
