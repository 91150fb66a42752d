package dev.pilot.localstack.ports;

/** A fixed port one part of the stack listens on, and which part that is. */
public record RequiredPort(int port, String neededBy) {}
