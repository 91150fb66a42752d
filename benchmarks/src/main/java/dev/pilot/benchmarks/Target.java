package dev.pilot.benchmarks;

/**
 * A target of issue 12 and whether a measured value meets it.
 *
 * @param text how the issue states it
 */
record Target(String text, Comparison comparison, double limit) {

  enum Comparison {
    BELOW,
    AT_MOST,
    AT_LEAST
  }

  static Target below(double limit, String text) {
    return new Target(text, Comparison.BELOW, limit);
  }

  static Target atMost(double limit, String text) {
    return new Target(text, Comparison.AT_MOST, limit);
  }

  static Target atLeast(double limit, String text) {
    return new Target(text, Comparison.AT_LEAST, limit);
  }

  /** MET or MISSED; "n/a" when nothing was measured (no samples). */
  String verdict(double value) {
    if (Double.isNaN(value)) {
      return "n/a";
    }
    boolean met =
        switch (comparison) {
          case BELOW -> value < limit;
          case AT_MOST -> value <= limit;
          case AT_LEAST -> value >= limit;
        };
    return met ? "MET" : "MISSED";
  }
}
