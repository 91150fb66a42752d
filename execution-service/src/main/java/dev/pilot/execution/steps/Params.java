package dev.pilot.execution.steps;

import dev.pilot.platform.web.Violation;
import java.util.List;
import java.util.Map;

/** Reading typed values out of an action's params, reporting what is wrong. */
final class Params {

  private Params() {}

  static Map<String, Object> orEmpty(Map<String, Object> params) {
    return params == null ? Map.of() : params;
  }

  static void requireLong(
      Map<String, Object> params,
      String path,
      String name,
      long min,
      long max,
      List<Violation> out) {
    Object value = orEmpty(params).get(name);
    if (value == null) {
      out.add(new Violation(path + "." + name, "is required"));
    } else if (!(value instanceof Number number) || number.doubleValue() != number.longValue()) {
      out.add(new Violation(path + "." + name, "must be a whole number"));
    } else if (number.longValue() < min || number.longValue() > max) {
      out.add(new Violation(path + "." + name, "must be between " + min + " and " + max));
    }
  }

  static void optionalString(
      Map<String, Object> params, String path, String name, List<Violation> out) {
    Object value = orEmpty(params).get(name);
    if (value != null && !(value instanceof String)) {
      out.add(new Violation(path + "." + name, "must be a string"));
    }
  }

  static long longValue(Map<String, Object> params, String name, long fallback) {
    Object value = orEmpty(params).get(name);
    return value instanceof Number number ? number.longValue() : fallback;
  }

  static String string(Map<String, Object> params, String name, String fallback) {
    Object value = orEmpty(params).get(name);
    return value instanceof String text ? text : fallback;
  }
}
