package dev.pilot.localstack.demo;

import java.util.List;

/** The local profile's users; each has the same password. Never present in production. */
public final class DemoUsers {

  public static final List<String> NAMES = List.of("alice", "bob", "carol", "dave");
  public static final String PASSWORD = "demo";

  /** Who owns the demo agents. */
  static final String OWNER = "alice";

  private DemoUsers() {}
}
