package dev.pilot.benchmarks;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The driver's HTTP/1.1 client for the services' APIs: each request is written and its answer read
 * by one thread, blocking, on a kept-alive loopback connection. The JDK {@code HttpClient} handed
 * every request and response between its selector thread and pool workers, which cost the driver
 * more CPU than its Kafka consumer (three quarters of the driver's thread time in the throughput
 * phase, for two requests per run); and the driver shares the machine with what it measures.
 */
final class LoopbackHttp {

  /** A response's status and body (UTF-8). */
  record Response(int status, String body) {}

  private static final AtomicInteger THREADS = new AtomicInteger();

  // Threads blocked on a response cost nothing; Launcher bounds how many requests are in flight.
  private final ExecutorService senders =
      Executors.newCachedThreadPool(
          task -> {
            Thread t = new Thread(task, "benchmark-http-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
          });
  private final Map<String, Queue<Connection>> idle = new ConcurrentHashMap<>();

  /** The executor requests run on: callers may schedule their own work on it too. */
  ExecutorService executor() {
    return senders;
  }

  /** POSTs a JSON body with an {@code Authorization} header, on one of the senders. */
  CompletableFuture<Response> post(URI uri, String authorization, String json) {
    return CompletableFuture.supplyAsync(() -> postNow(uri, authorization, json), senders);
  }

  /**
   * POSTs on the calling thread. A kept-alive connection the server closed meanwhile fails before
   * any answer; the request is then sent again once, on a new connection (the server never read it:
   * an idle keep-alive connection is closed only between requests).
   */
  Response postNow(URI uri, String authorization, String json) {
    byte[] request = request(uri, authorization, json);
    Queue<Connection> pool =
        idle.computeIfAbsent(uri.getAuthority(), a -> new ConcurrentLinkedQueue<>());
    Connection reused = pool.poll();
    if (reused != null) {
      try {
        return exchange(reused, request, pool);
      } catch (StaleConnection stale) {
        reused.close();
      }
    }
    try {
      return exchange(new Connection(uri), request, pool);
    } catch (StaleConnection stale) {
      throw new UncheckedIOException(stale);
    }
  }

  private static Response exchange(Connection connection, byte[] request, Queue<Connection> pool)
      throws StaleConnection {
    try {
      Response response = connection.exchange(request);
      if (connection.keepAlive) {
        pool.add(connection);
      } else {
        connection.close();
      }
      return response;
    } catch (StaleConnection stale) {
      throw stale;
    } catch (IOException | RuntimeException e) {
      connection.close();
      throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
    }
  }

  private static byte[] request(URI uri, String authorization, String json) {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    String head =
        "POST "
            + path
            + " HTTP/1.1\r\nHost: "
            + uri.getAuthority()
            + "\r\nAuthorization: "
            + authorization
            + "\r\nContent-Type: application/json\r\nContent-Length: "
            + body.length
            + "\r\n\r\n";
    byte[] headBytes = head.getBytes(StandardCharsets.ISO_8859_1);
    byte[] request = new byte[headBytes.length + body.length];
    System.arraycopy(headBytes, 0, request, 0, headBytes.length);
    System.arraycopy(body, 0, request, headBytes.length, body.length);
    return request;
  }

  /** The {@code Authorization} header of a demo user (password {@code demo}). */
  static String basicAuthorization(String user) {
    return "Basic "
        + Base64.getEncoder().encodeToString((user + ":demo").getBytes(StandardCharsets.UTF_8));
  }

  /** The connection ended before the first byte of an answer: the request was not read. */
  private static final class StaleConnection extends IOException {
    StaleConnection(IOException cause) {
      super("connection closed before an answer", cause);
    }
  }

  private static final class Connection {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private boolean keepAlive;
    private int exchanges;

    Connection(URI uri) {
      try {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 10_000);
        socket.setSoTimeout(60_000);
        in = new BufferedInputStream(socket.getInputStream(), 8192);
        out = socket.getOutputStream();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    Response exchange(byte[] request) throws IOException {
      boolean first = exchanges++ == 0;
      int status;
      try {
        out.write(request);
        out.flush();
        status = statusLine(readLine());
      } catch (IOException e) {
        if (!first) {
          throw new StaleConnection(e);
        }
        throw e;
      }
      int length = -1;
      boolean chunked = false;
      keepAlive = true;
      for (String line = readLine(); !line.isEmpty(); line = readLine()) {
        int colon = line.indexOf(':');
        if (colon < 0) {
          continue;
        }
        String name = line.substring(0, colon).trim();
        String value = line.substring(colon + 1).trim();
        if (name.equalsIgnoreCase("Content-Length")) {
          length = Integer.parseInt(value);
        } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
          chunked = value.toLowerCase(java.util.Locale.ROOT).contains("chunked");
        } else if (name.equalsIgnoreCase("Connection")) {
          keepAlive = !value.equalsIgnoreCase("close");
        }
      }
      byte[] body;
      if (chunked) {
        body = chunks();
      } else if (length >= 0) {
        body = in.readNBytes(length);
        if (body.length < length) {
          throw new EOFException("response body cut short");
        }
      } else {
        body = in.readAllBytes(); // no length: the body ends with the connection
        keepAlive = false;
      }
      return new Response(status, new String(body, StandardCharsets.UTF_8));
    }

    private byte[] chunks() throws IOException {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      while (true) {
        String size = readLine();
        int extension = size.indexOf(';');
        int n = Integer.parseInt((extension < 0 ? size : size.substring(0, extension)).trim(), 16);
        if (n == 0) {
          while (!readLine().isEmpty()) {
            // trailers: none expected, skipped
          }
          return body.toByteArray();
        }
        byte[] chunk = in.readNBytes(n);
        if (chunk.length < n) {
          throw new EOFException("chunk cut short");
        }
        body.write(chunk);
        readLine(); // the CRLF after the chunk
      }
    }

    private static int statusLine(String line) throws IOException {
      // "HTTP/1.1 202 Accepted" or "HTTP/1.1 202 "
      if (!line.startsWith("HTTP/1.") || line.length() < 12) {
        throw new IOException("not an HTTP/1.x status line: " + line);
      }
      return Integer.parseInt(line.substring(9, 12));
    }

    private String readLine() throws IOException {
      StringBuilder line = new StringBuilder(64);
      int b;
      while ((b = in.read()) != '\n') {
        if (b < 0) {
          throw new EOFException("connection closed");
        }
        if (b != '\r') {
          line.append((char) b);
        }
      }
      return line.toString();
    }

    void close() {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
  }
}
