package dev.pilot.localstack.ports;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Fails fast, before anything starts, when a port the stack needs is taken. */
public final class FreePorts {

  private static final Set<Integer> PICKED = ConcurrentHashMap.newKeySet();

  private FreePorts() {}

  /**
   * @throws PortInUseException for the first port of {@code ports} something already listens on
   */
  public static void require(List<RequiredPort> ports) {
    for (RequiredPort port : ports) {
      if (!isFree(port.port())) {
        throw new PortInUseException(port);
      }
    }
  }

  /** Whether this process could listen on the port, on every interface. */
  public static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket(port)) {
      return true;
    } catch (IOException taken) {
      return false;
    }
  }

  /**
   * A port nothing listens on right now, picked by the operating system (for tests); never one this
   * JVM was handed before, so several picks in a row are distinct.
   */
  public static int pick() {
    while (true) {
      try (ServerSocket socket = new ServerSocket(0)) {
        if (PICKED.add(socket.getLocalPort())) {
          return socket.getLocalPort();
        }
      } catch (IOException e) {
        throw new IllegalStateException("No free port", e);
      }
    }
  }
}
