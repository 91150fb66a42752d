package dev.pilot.localstack.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** One demo agent: its name and the JSON body that creates it ({@code demo-agents/*.json}). */
record DemoAgent(String name, String json) {

  private static final Pattern NAME = Pattern.compile("\"name\"\\s*:\\s*\"([^\"]+)\"");

  /**
   * A manual agent with an approval by bob, one scheduled every minute without approval, one whose
   * approval needs a majority of bob, carol and dave, and one approved by a group with a reminder
   * and an escalation that fire within a minute.
   */
  static List<DemoAgent> all() {
    return List.of(
        load("invoice-review.json"),
        load("minute-digest.json"),
        load("production-deploy.json"),
        load("release-sign-off.json"));
  }

  /** The demo agents, and the one that asks a model when a model endpoint is configured. */
  static List<DemoAgent> all(boolean modelConfigured) {
    return modelConfigured
        ? Stream.concat(all().stream(), Stream.of(load("supplier-reply.json"))).toList()
        : all();
  }

  /** Whether a listing of agents (JSON) already holds one with this name. */
  boolean isListedIn(String agentsJson) {
    Matcher names = NAME.matcher(agentsJson);
    while (names.find()) {
      if (names.group(1).equals(name)) {
        return true;
      }
    }
    return false;
  }

  private static DemoAgent load(String file) {
    try (InputStream in = DemoAgent.class.getResourceAsStream("/demo-agents/" + file)) {
      if (in == null) {
        throw new IllegalStateException("Missing demo agent " + file);
      }
      String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      Matcher name = NAME.matcher(json);
      if (!name.find()) {
        throw new IllegalStateException("Demo agent " + file + " has no name");
      }
      return new DemoAgent(name.group(1), json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
