package dev.pilot.platform.web;

import java.util.List;
import java.util.Map;

/**
 * The rules every text a client sends must keep: a documented maximum length (so no field can make
 * an event larger than the broker takes) and no NUL characters (PostgreSQL cannot store them).
 */
public final class Texts {

  private Texts() {}

  /** Adds a violation for {@code field} if the text is too long or holds a NUL; null is fine. */
  public static void check(String field, String text, int maxLength, List<Violation> out) {
    if (text == null) {
      return;
    }
    if (text.length() > maxLength) {
      out.add(new Violation(field, "must be at most " + maxLength + " characters"));
    } else if (text.indexOf('\0') >= 0) {
      out.add(new Violation(field, "must not contain NUL characters"));
    }
  }

  /**
   * Checks every string inside a JSON-like value (maps, lists, strings; keys included) for NUL
   * characters, and the value's total text for {@code maxTotalLength}; reports the first problem
   * under {@code field}.
   */
  public static void checkTree(
      String field, Object value, int maxTotalLength, List<Violation> out) {
    long[] total = {0};
    String problem = walk(value, total, maxTotalLength);
    if (problem != null) {
      out.add(new Violation(field, problem));
    }
  }

  private static String walk(Object value, long[] total, int max) {
    if (value instanceof String text) {
      total[0] += text.length();
      if (text.indexOf('\0') >= 0) {
        return "must not contain NUL characters";
      }
    } else if (value instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        String problem = walk(String.valueOf(entry.getKey()), total, max);
        if (problem == null) {
          problem = walk(entry.getValue(), total, max);
        }
        if (problem != null) {
          return problem;
        }
      }
    } else if (value instanceof List<?> list) {
      for (Object item : list) {
        String problem = walk(item, total, max);
        if (problem != null) {
          return problem;
        }
      }
    } else if (value != null) {
      total[0] += 20; // a number or boolean
    }
    return total[0] > max ? "must hold at most " + max + " characters of text in all" : null;
  }
}
