package dev.pilot.execution.template;

/** A {@code {{ ... }}} that is not a reference this build understands. */
public class TemplateSyntaxException extends RuntimeException {

  TemplateSyntaxException(String message) {
    super(message);
  }
}
