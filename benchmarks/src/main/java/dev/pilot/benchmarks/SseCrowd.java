package dev.pilot.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Many open dashboards at once, each an SSE connection, recording when each row arrived.
 *
 * <p>Plain non-blocking sockets on one selector thread, reading HTTP/1.1 chunked SSE as it comes
 * off the wire: a receipt's time is taken right after the read that brought the frame's last byte.
 * Not {@code java.net.http.HttpClient}: for thousands of streams its per-read machinery (selector
 * thread, worker pool hand-offs, a subscriber chain and a charset decoder per response) cost the
 * driver as much CPU as the dashboard's whole fan-out, on the same two cores, and its internal
 * queueing was counted as the dashboard's delivery delay (docs/notes/issue-12-fanout.md). A browser
 * reads its one stream with its own CPU; this reader comes closer to that.
 */
final class SseCrowd implements AutoCloseable {

  /**
   * Client number {@code client} received the row of an execution with {@code completed} steps
   * done.
   */
  record Receipt(int client, UUID execution, int completed, long receivedAtMillis) {}

  /** Connections whose response has not begun yet (a bound on simultaneous handshakes). */
  private static final int CONNECTING = 256;

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final ConcurrentLinkedQueue<Receipt> receipts = new ConcurrentLinkedQueue<>();
  private final AtomicInteger snapshots = new AtomicInteger();
  private final AtomicInteger failures = new AtomicInteger();
  private final AtomicLong reads = new AtomicLong();
  private final ConcurrentHashMap<Long, Card> cards = new ConcurrentHashMap<>();
  private final InetSocketAddress address;
  private final byte[] request;
  private final Selector selector;
  private final Thread reader;
  private final Deque<Client> waiting = new ArrayDeque<>();
  private int connecting;
  private volatile boolean open = true;

  /** What a receipt needs of an {@code execution} event's data line. */
  private record Card(UUID execution, int completed) {}

  private static Card card(String line) {
    JsonNode row = JSON.readTree(line.substring(5).strip());
    JsonNode completed = row.get("completed_steps");
    return new Card(
        UUID.fromString(row.get("execution_id").asString()),
        completed == null ? -1 : completed.size());
  }

  SseCrowd(URI dashboard, String user, int clients) {
    address = new InetSocketAddress(dashboard.getHost(), dashboard.getPort());
    String credentials =
        Base64.getEncoder().encodeToString((user + ":demo").getBytes(StandardCharsets.UTF_8));
    request =
        ("GET /api/running-executions/stream HTTP/1.1\r\n"
                + "Host: "
                + dashboard.getHost()
                + ":"
                + dashboard.getPort()
                + "\r\n"
                + "Authorization: Basic "
                + credentials
                + "\r\n"
                + "Accept: text/event-stream\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    try {
      selector = Selector.open();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (int i = 0; i < clients; i++) {
      waiting.add(new Client(i));
    }
    reader = new Thread(this::run, "sse-crowd");
    reader.setDaemon(true);
    reader.start();
  }

  /** Waits until every client got its first snapshot; returns how many did. */
  int awaitConnected(int clients, java.time.Duration patience) {
    long deadline = System.nanoTime() + patience.toNanos();
    while (snapshots.get() + failures.get() < clients && System.nanoTime() < deadline) {
      Pause.briefly();
    }
    return snapshots.get();
  }

  List<Receipt> receipts() {
    return List.copyOf(receipts);
  }

  int failures() {
    return failures.get();
  }

  /**
   * Reads that brought bytes, over all clients: about the writes the dashboard made (fewer when a
   * client was behind and one read took several), each a syscall on both sides.
   */
  long reads() {
    return reads.get();
  }

  @Override
  public void close() {
    open = false;
    selector.wakeup();
    try {
      reader.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    ByteBuffer buffer = ByteBuffer.allocate(256 * 1024);
    try {
      while (open) {
        while (connecting < CONNECTING && !waiting.isEmpty()) {
          waiting.poll().connect();
        }
        selector.select(100);
        for (SelectionKey key : selector.selectedKeys()) {
          Client client = (Client) key.attachment();
          try {
            if (key.isConnectable()) {
              client.finishConnect(key);
            } else if (key.isWritable()) {
              client.write(key);
            } else if (key.isReadable()) {
              client.read(key, buffer);
            }
          } catch (IOException | RuntimeException e) {
            client.fail(key);
          }
        }
        selector.selectedKeys().clear();
      }
    } catch (IOException e) {
      failures.addAndGet(waiting.size());
    } finally {
      for (SelectionKey key : selector.keys()) {
        try {
          key.channel().close();
        } catch (IOException ignored) {
          // closing anyway
        }
      }
      try {
        selector.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
  }

  /** One dashboard: an HTTP/1.1 exchange whose chunked body is read as SSE lines. */
  private final class Client {
    private static final int HEAD = 0;
    private static final int SIZE = 1;
    private static final int DATA = 2;
    private static final int DATA_END = 3;
    private static final int PLAIN = 4;

    private SocketChannel channel;
    private ByteBuffer out;
    private int state = HEAD;
    private boolean started;
    private long chunkLeft;
    private byte[] line = new byte[256];
    private int length;
    private String event = "message";
    private long id = -1;
    private final int number;

    Client(int number) {
      this.number = number;
    }

    void connect() {
      connecting++;
      try {
        channel = SocketChannel.open();
        channel.configureBlocking(false);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        out = ByteBuffer.wrap(request);
        if (channel.connect(address)) {
          channel.register(selector, SelectionKey.OP_WRITE, this);
        } else {
          channel.register(selector, SelectionKey.OP_CONNECT, this);
        }
      } catch (IOException e) {
        fail(null);
      }
    }

    void finishConnect(SelectionKey key) throws IOException {
      if (channel.finishConnect()) {
        key.interestOps(SelectionKey.OP_WRITE);
      }
    }

    void write(SelectionKey key) throws IOException {
      channel.write(out);
      if (!out.hasRemaining()) {
        key.interestOps(SelectionKey.OP_READ);
      }
    }

    void read(SelectionKey key, ByteBuffer buffer) throws IOException {
      buffer.clear();
      int read = channel.read(buffer);
      if (read < 0) {
        throw new IOException("the dashboard closed the stream");
      }
      reads.incrementAndGet();
      long now = System.currentTimeMillis();
      // Runs of the event stream are scanned for line ends and copied in bulk, not byte by byte:
      // with thousands of clients on the driver's one thread, the per-byte loop was the driver's
      // largest cost on the two cores it shares with the dashboard
      // (docs/notes/issue-12-fanout2.md).
      byte[] bytes = buffer.array();
      int at = 0;
      while (at < read) {
        switch (state) {
          case HEAD -> head(bytes[at++]);
          case SIZE -> size(bytes[at++]);
          case DATA -> {
            int n = (int) Math.min(chunkLeft, read - at);
            body(bytes, at, at + n, now);
            at += n;
            chunkLeft -= n;
            if (chunkLeft == 0) {
              state = DATA_END;
              length = 0;
            }
          }
          case DATA_END -> {
            // the CRLF after a chunk's data
            if (bytes[at++] == '\n') {
              state = SIZE;
            }
          }
          default -> {
            body(bytes, at, read, now);
            at = read;
          }
        }
      }
    }

    private void head(byte b) throws IOException {
      append(b);
      if (length >= 4
          && line[length - 4] == '\r'
          && line[length - 3] == '\n'
          && line[length - 2] == '\r'
          && line[length - 1] == '\n') {
        String head = new String(line, 0, length, StandardCharsets.ISO_8859_1);
        if (!head.startsWith("HTTP/1.1 200")) {
          throw new IOException("unexpected answer: " + head.lines().findFirst().orElse(""));
        }
        started = true;
        connecting--;
        state = head.toLowerCase().contains("transfer-encoding: chunked") ? SIZE : PLAIN;
        length = 0;
      }
    }

    private void size(byte b) {
      if (b == '\n') {
        String size = new String(line, 0, length, StandardCharsets.ISO_8859_1).strip();
        int extension = size.indexOf(';');
        chunkLeft = Long.parseLong(extension < 0 ? size : size.substring(0, extension), 16);
        length = 0;
        state = chunkLeft == 0 ? DATA_END : DATA;
      } else {
        append(b);
      }
    }

    /** Bytes {@code from} to {@code to} of the event stream itself. */
    private void body(byte[] bytes, int from, int to, long now) {
      int at = from;
      while (at < to) {
        int newline = at;
        while (newline < to && bytes[newline] != '\n') {
          newline++;
        }
        append(bytes, at, newline - at);
        if (newline == to) {
          return;
        }
        at = newline + 1;
        int end = length > 0 && line[length - 1] == '\r' ? length - 1 : length;
        length = 0;
        handle(end, now);
        if (line.length > 4096) {
          // A snapshot's line: do not keep its size for every client.
          line = new byte[256];
        }
      }
    }

    private void handle(int end, long now) {
      if (end == 0) {
        event = "message";
        id = -1;
      } else if (startsWith("id:", end)) {
        id = parseId(end);
      } else if (startsWith("event:", end)) {
        event = new String(line, 6, end - 6, StandardCharsets.UTF_8).strip();
      } else if (startsWith("data:", end)) {
        if (event.equals("snapshot")) {
          snapshots.incrementAndGet();
        } else if (event.equals("execution") || event.equals("removed")) {
          // A removal carries the run's last card too (the run left the user's view, e.g. ended).
          // Every client gets the same frame of a change (one feed id, one frame's bytes): parse
          // it once, not once per client.
          Card card =
              id < 0
                  ? card(new String(line, 0, end, StandardCharsets.UTF_8))
                  : cards.computeIfAbsent(
                      id, k -> card(new String(line, 0, end, StandardCharsets.UTF_8)));
          receipts.add(new Receipt(number, card.execution(), card.completed(), now));
        }
      }
    }

    private long parseId(int end) {
      long value = 0;
      for (int i = 3; i < end; i++) {
        byte digit = line[i];
        if (digit < '0' || digit > '9') {
          return digit == ' ' && value == 0 ? parseIdAfterSpace(end) : -1;
        }
        value = value * 10 + (digit - '0');
      }
      return end > 3 ? value : -1;
    }

    private long parseIdAfterSpace(int end) {
      try {
        return Long.parseLong(new String(line, 3, end - 3, StandardCharsets.US_ASCII).strip());
      } catch (NumberFormatException e) {
        return -1;
      }
    }

    private boolean startsWith(String prefix, int end) {
      if (end < prefix.length()) {
        return false;
      }
      for (int i = 0; i < prefix.length(); i++) {
        if (line[i] != prefix.charAt(i)) {
          return false;
        }
      }
      return true;
    }

    private void append(byte b) {
      if (length == line.length) {
        line = java.util.Arrays.copyOf(line, line.length * 2);
      }
      line[length++] = b;
    }

    private void append(byte[] bytes, int from, int n) {
      if (length + n > line.length) {
        line = java.util.Arrays.copyOf(line, Math.max(line.length * 2, length + n));
      }
      System.arraycopy(bytes, from, line, length, n);
      length += n;
    }

    void fail(SelectionKey key) {
      failures.incrementAndGet();
      if (!started) {
        connecting--;
        started = true;
      }
      if (key != null) {
        key.cancel();
      }
      try {
        if (channel != null) {
          channel.close();
        }
      } catch (IOException ignored) {
        // failed anyway
      }
    }
  }
}
