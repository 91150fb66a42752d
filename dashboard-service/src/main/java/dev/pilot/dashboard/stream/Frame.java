package dev.pilot.dashboard.stream;

import java.nio.charset.StandardCharsets;

/**
 * One server-sent event as the bytes on the wire, encoded once: every subscriber a change concerns
 * is sent the same array (wrapped, never copied), so a change costs one encoding however many
 * browsers watch it. The format is the one Spring's SSE writer produces ({@code id:}, {@code
 * event:}, {@code data:} lines, a blank line).
 */
record Frame(long id, byte[] bytes) {

  /** The keep-alive comment sent to idle streams. */
  static final Frame HEARTBEAT = new Frame(0, ":heartbeat\n\n".getBytes(StandardCharsets.UTF_8));

  static Frame event(long id, String name, String data) {
    StringBuilder text = new StringBuilder(data.length() + 48);
    text.append("id:").append(id).append('\n');
    text.append("event:").append(name).append('\n');
    // A line break inside the data starts another data line (the JSON the feed holds has none).
    text.append("data:").append(data.replace("\n", "\ndata:")).append("\n\n");
    return new Frame(id, text.toString().getBytes(StandardCharsets.UTF_8));
  }
}
