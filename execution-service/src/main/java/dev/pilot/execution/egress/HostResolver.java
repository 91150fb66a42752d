package dev.pilot.execution.egress;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Turns a host name into the addresses a connection would use. The system one uses the JVM's
 * resolver and cache, which the HTTP client then connects through; tests map names to the addresses
 * they need without any lookup.
 */
@FunctionalInterface
public interface HostResolver {

  List<InetAddress> resolve(String host) throws UnknownHostException;

  static HostResolver system() {
    return host -> List.of(InetAddress.getAllByName(host));
  }
}
