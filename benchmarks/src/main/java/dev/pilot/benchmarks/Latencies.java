package dev.pilot.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Percentiles of a set of delays in milliseconds. */
record Latencies(
    String name, int count, double p50, double p95, double p99, double max, List<Long> samples) {

  static Latencies of(String name, List<Long> millis) {
    List<Long> sorted = new ArrayList<>(millis);
    Collections.sort(sorted);
    if (sorted.isEmpty()) {
      return new Latencies(name, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, sorted);
    }
    return new Latencies(
        name,
        sorted.size(),
        at(sorted, 0.50),
        at(sorted, 0.95),
        at(sorted, 0.99),
        sorted.get(sorted.size() - 1),
        sorted);
  }

  /** The smallest delay: the hop without any waiting, close to its service time. */
  double min() {
    return samples.isEmpty() ? Double.NaN : samples.get(0);
  }

  private static double at(List<Long> sorted, double quantile) {
    int index = (int) Math.ceil(quantile * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
  }

  @Override
  public String toString() {
    return "%s: n=%d p50=%.0f ms p95=%.0f ms p99=%.0f ms max=%.0f ms"
        .formatted(name, count, p50, p95, p99, max);
  }
}
