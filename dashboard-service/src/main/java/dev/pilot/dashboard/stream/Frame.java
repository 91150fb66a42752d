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
 *
 * <p>The direct copy holds the frame as one HTTP/1.1 chunk ({@link #chunk()}: its size line, the
 * bytes, a line end) around the plain bytes ({@link #wire()}): a chunked response's later writes
 * send the shared chunks as they are, below Netty's HTTP encoder, which otherwise builds a chunk
 * header and trailer per subscriber and write (docs/notes/issue-12-fanout3.md).
 */
record Frame(long id, byte[] bytes, ByteBuf wire, ByteBuf chunk) {

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
    byte[] size = (Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
    ByteBuffer direct =
        ByteBuffer.allocateDirect(size.length + bytes.length + 2)
            .put(size)
            .put(bytes)
            .put((byte) '\r')
            .put((byte) '\n')
            .flip();
    ByteBuf chunk = Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(direct));
    return new Frame(id, bytes, chunk.slice(size.length, bytes.length), chunk);
  }

  /**
   * One write's bytes: the shared direct copies wrapped, not copied, as one buffer, each a view
   * with its own read position, so the response's chunked encoding (a chunk header and trailer) is
   * paid once per write, not once per frame (docs/notes/issue-12-fanout2.md).
   */
  static ByteBuf wire(List<Frame> frames) {
    return joined(frames, false);
  }

  /** One write's bytes as one chunk per frame, ready for the socket of a chunked response. */
  static ByteBuf chunks(List<Frame> frames) {
    return joined(frames, true);
  }

  private static ByteBuf joined(List<Frame> frames, boolean chunked) {
    if (frames.size() == 1) {
      return frames.get(0).part(chunked);
    }
    ByteBuf[] parts = new ByteBuf[frames.size()];
    for (int i = 0; i < parts.length; i++) {
      parts[i] = frames.get(i).part(chunked);
    }
    return Unpooled.wrappedBuffer(parts.length, parts);
  }

  private ByteBuf part(boolean chunked) {
    return (chunked ? chunk : wire).duplicate();
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
