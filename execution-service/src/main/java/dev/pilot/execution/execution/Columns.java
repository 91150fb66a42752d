package dev.pilot.execution.execution;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Columns of a table, each set by the named parameter of the same name ({@code
 * "pilot_steps::jsonb"} names the column {@code pilot_steps} and casts its parameter). Insert,
 * update and select lists are written from it, so a column is named in one place and never matched
 * by position.
 */
record Columns(List<String> specs) {

  static Columns of(String... specs) {
    return new Columns(List.of(specs));
  }

  Columns and(Columns more) {
    List<String> all = new ArrayList<>(specs);
    all.addAll(more.specs);
    return new Columns(all);
  }

  /** {@code a, b, c} */
  String names() {
    return specs.stream().map(Columns::name).collect(Collectors.joining(", "));
  }

  /** {@code :a, :b::jsonb, :c} */
  String placeholders() {
    return specs.stream().map(spec -> ":" + spec).collect(Collectors.joining(", "));
  }

  /** {@code a = :a, b = :b::jsonb} */
  String assignments() {
    return specs.stream().map(spec -> name(spec) + " = :" + spec).collect(Collectors.joining(", "));
  }

  private static String name(String spec) {
    int cast = spec.indexOf("::");
    return cast < 0 ? spec : spec.substring(0, cast);
  }
}
