package dev.pilot.execution;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A server on the loopback address that reads every request and never answers: a call to it hangs
 * until the caller gives up. It keeps each request's {@code Idempotency-Key} and counts the
 * connections the caller closed, which is how a test sees a call aborted.
 */
public final class SilentServer implements AutoCloseable {

  private final ServerSocket socket;
  private final List<String> keys = new CopyOnWriteArrayList<>();
  private final AtomicInteger closedByCaller = new AtomicInteger();
  private final List<Socket> open = new CopyOnWriteArrayList<>();

  public SilentServer() {
    try {
      socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    daemon(this::accept);
  }

  public String url(String path) {
    return "http://127.0.0.1:" + socket.getLocalPort() + path;
  }

  /** The Idempotency-Key of every request received, in order. */
  public List<String> idempotencyKeys() {
    return List.copyOf(keys);
  }

  public int requests() {
    return keys.size();
  }

  /** Connections the caller closed (an aborted call) after sending its request. */
  public int closedByCaller() {
    return closedByCaller.get();
  }

  private void accept() {
    while (!socket.isClosed()) {
      try {
        Socket connection = socket.accept();
        open.add(connection);
        daemon(() -> hold(connection));
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void hold(Socket connection) {
    try {
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(connection.getInputStream(), StandardCharsets.ISO_8859_1));
      String key = "";
      for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
        if (line.toLowerCase(Locale.ROOT).startsWith("idempotency-key:")) {
          key = line.substring("idempotency-key:".length()).trim();
        }
      }
      keys.add(key);
      while (in.read() >= 0) {
        // the body, then nothing: the caller waits for an answer that never comes
      }
      if (!socket.isClosed()) {
        closedByCaller.incrementAndGet();
      }
    } catch (IOException reset) {
      if (!socket.isClosed()) {
        closedByCaller.incrementAndGet();
      }
    }
  }

  private static void daemon(Runnable body) {
    Thread thread = new Thread(body, "silent-server");
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public void close() {
    try {
      socket.close();
      for (Socket connection : open) {
        connection.close();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
