package dev.pilot.localstack;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;

/** What has started so far, stopped in reverse order exactly once (on Ctrl-C or a failure). */
final class StartedParts {

  private final Deque<Part> parts = new ArrayDeque<>();
  private final Logger log;

  StartedParts(Logger log) {
    this.log = log;
  }

  synchronized void add(String name, Runnable stop) {
    parts.push(new Part(name, stop));
  }

  synchronized void stopAll() {
    while (!parts.isEmpty()) {
      Part part = parts.pop();
      long started = System.nanoTime();
      try {
        part.stop().run();
        log.info("Stopped {} ({} ms)", part.name(), (System.nanoTime() - started) / 1_000_000);
      } catch (RuntimeException e) {
        log.warn("{} did not stop cleanly: {}", part.name(), e.getMessage());
      }
    }
  }

  private record Part(String name, Runnable stop) {}
}
