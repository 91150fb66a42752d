package dev.pilot.execution.template;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The grammar of a reference, deliberately small: a root ({@code inputs}, {@code
 * steps.<id>.output}, {@code execution.id}, {@code agent.name}) followed by {@code .name} and
 * {@code [index]} segments. No functions, no filters, no expressions.
 */
final class ReferenceParser {

  private static final String NAME = "[A-Za-z0-9_-]+";
  private static final Pattern SEGMENT = Pattern.compile("\\G(?:\\.(" + NAME + ")|\\[(\\d+)])");
  private static final Pattern HEAD = Pattern.compile("\\A(" + NAME + ")");

  private ReferenceParser() {}

  static Reference parse(String expression) {
    String text = expression.strip();
    List<String> segments = segments(text);
    String root = segments.get(0);
    return switch (root) {
      case "inputs" -> Reference.of(text, null, segments);
      case "steps" -> {
        if (segments.size() < 3 || !"output".equals(segments.get(2))) {
          throw new TemplateSyntaxException(
              "{{ " + text + " }} must read a step's output: steps.<step_id>.output...");
        }
        yield Reference.of(text, segments.get(1), segments);
      }
      case "execution", "agent" -> {
        String only = root.equals("execution") ? "id" : "name";
        if (segments.size() != 2 || !only.equals(segments.get(1))) {
          throw new TemplateSyntaxException(
              "{{ " + text + " }} is unknown: " + root + " offers only " + root + "." + only);
        }
        yield Reference.of(text, null, segments);
      }
      default ->
          throw new TemplateSyntaxException(
              "{{ "
                  + text
                  + " }} must start with inputs, steps.<step_id>.output, execution.id or"
                  + " agent.name");
    };
  }

  private static List<String> segments(String text) {
    Matcher head = HEAD.matcher(text);
    if (!head.find()) {
      throw new TemplateSyntaxException("{{ " + text + " }} is not a reference such as inputs.x");
    }
    List<String> segments = new ArrayList<>(List.of(head.group(1)));
    Matcher segment = SEGMENT.matcher(text);
    int at = head.end();
    segment.region(at, text.length());
    while (at < text.length()) {
      if (!segment.find()) {
        throw new TemplateSyntaxException(
            "{{ " + text + " }} cannot be read at \"" + text.substring(at) + "\"");
      }
      segments.add(segment.group(1) != null ? segment.group(1) : segment.group(2));
      at = segment.end();
    }
    return segments;
  }
}
