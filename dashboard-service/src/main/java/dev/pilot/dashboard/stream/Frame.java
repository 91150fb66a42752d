package dev.pilot.dashboard.stream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One server-sent event as the bytes on the wire, encoded once: every subscriber a change concerns
 * is sent the same bytes (never copied), so a change costs one encoding however many browsers watch
 * it. The format is the one Spring's SSE writer produces ({@code id:}, {@code event:}, {@code
 * data:} lines, a blank line).
 *
 * <p>The bytes are also held once in direct memory ({@link #wire()}): a heap buffer handed to the
 * socket is first copied into a direct one by Netty, once per subscriber and write, which with
 * thousands of streams was a visible share of the event loops' time
 * (docs/notes/issue-12-fanout.md). The direct copy is never released by a write (it is shared) and
 * is freed with the frame by the garbage collector.
 */
record Frame(long id, byte[] bytes, ByteBuf wire) {

  /** The keep-alive comment sent to idle streams. */
  static final Frame HEARTBEAT = of(0, ":heartbeat\n\n".getBytes(StandardCharsets.UTF_8));

  static Frame event(long id, String name, String data) {
    StringBuilder text = new StringBuilder(data.length() + 48);
    text.append("id:").append(id).append('\n');
    text.append("event:").append(name).append('\n');
    // A line break inside the data starts another data line (the JSON the feed holds has none).
    text.append("data:").append(data.replace("\n", "\ndata:")).append("\n\n");
    return of(id, text.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static Frame of(long id, byte[] bytes) {
    // A JDK direct buffer is freed by the garbage collector once unreachable (Netty's own direct
    // buffers need an explicit release, which a buffer shared by every stream never gets).
    ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
    return new Frame(id, bytes, Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(direct)));
  }

  /**
   * One write's bytes: the shared direct copies wrapped, not copied, as one buffer, each a view
   * with its own read position, so the response's chunked encoding (a chunk header and trailer) is
   * paid once per write, not once per frame (docs/notes/issue-12-fanout2.md).
   */
  static ByteBuf wire(List<Frame> frames) {
    if (frames.size() == 1) {
      return frames.get(0).wire.duplicate();
    }
    ByteBuf[] parts = new ByteBuf[frames.size()];
    for (int i = 0; i < parts.length; i++) {
      parts[i] = frames.get(i).wire.duplicate();
    }
    return Unpooled.wrappedBuffer(parts.length, parts);
  }

  /** The frames' bytes joined in one array (a stream's first write, once per stream). */
  static byte[] joined(List<Frame> frames) {
    int length = 0;
    for (Frame frame : frames) {
      length += frame.bytes.length;
    }
    byte[] joined = new byte[length];
    int at = 0;
    for (Frame frame : frames) {
      System.arraycopy(frame.bytes, 0, joined, at, frame.bytes.length);
      at += frame.bytes.length;
    }
    return joined;
  }
}
