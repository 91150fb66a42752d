package dev.pilot.execution.template;

import java.util.List;
import tools.jackson.core.JsonPointer;

/**
 * One {@code {{ ... }}} reference, parsed: {@code text} as written (for messages), the step it
 * reads from when it is a {@code steps.<id>.output} reference (else null), and where its value
 * lives in the execution's data.
 */
public record Reference(String text, String stepId, JsonPointer pointer) {

  static Reference of(String text, String stepId, List<String> segments) {
    StringBuilder pointer = new StringBuilder();
    for (String segment : segments) {
      pointer.append('/').append(segment.replace("~", "~0").replace("/", "~1"));
    }
    return new Reference(text, stepId, JsonPointer.compile(pointer.toString()));
  }

  /** Whether it reads an earlier step's output. */
  public boolean readsStep() {
    return stepId != null;
  }

  @Override
  public String toString() {
    return "{{ " + text + " }}";
  }
}
