package dev.pilot.benchmarks;

/** A short wait between checks of a condition the benchmark is polling for. */
final class Pause {

  private Pause() {}

  static void briefly() {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
