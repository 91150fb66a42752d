package dev.pilot.platform.web;

/** One broken rule: the JSON path of the field (e.g. {@code pilot_steps[1].id}) and the rule. */
public record Violation(String field, String message) {}
