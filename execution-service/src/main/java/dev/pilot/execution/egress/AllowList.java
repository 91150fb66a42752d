package dev.pilot.execution.egress;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What an operator opened on purpose: CIDR ranges (any port) and host names, exact or {@code
 * *.suffix}, optionally limited to one port.
 */
final class AllowList {

  private record Range(byte[] network, int prefix) {
    boolean contains(InetAddress address) {
      byte[] b = address.getAddress();
      if (b.length != network.length) {
        return false;
      }
      for (int bit = 0; bit < prefix; bit++) {
        int mask = 0x80 >> (bit % 8);
        if ((b[bit / 8] & mask) != (network[bit / 8] & mask)) {
          return false;
        }
      }
      return true;
    }
  }

  private record HostPattern(String name, int port) {
    boolean matches(String host, int requestPort) {
      boolean nameMatches =
          name.startsWith("*.") ? host.endsWith(name.substring(1)) : host.equals(name);
      return nameMatches && (port < 0 || port == requestPort);
    }
  }

  private final List<Range> ranges = new ArrayList<>();
  private final List<HostPattern> hosts = new ArrayList<>();

  AllowList(List<String> entries) {
    for (String raw : entries) {
      String entry = raw.trim().toLowerCase(Locale.ROOT);
      if (entry.isEmpty()) {
        continue;
      }
      if (entry.contains("/")) {
        ranges.add(range(entry));
      } else {
        hosts.add(host(entry));
      }
    }
  }

  boolean allowsHost(String host, int port) {
    return hosts.stream().anyMatch(pattern -> pattern.matches(host, port));
  }

  boolean allowsAddress(InetAddress address) {
    return ranges.stream().anyMatch(range -> range.contains(address));
  }

  private static Range range(String cidr) {
    int slash = cidr.indexOf('/');
    try {
      byte[] network = InetAddress.getByName(cidr.substring(0, slash)).getAddress();
      int prefix = Integer.parseInt(cidr.substring(slash + 1));
      if (prefix < 0 || prefix > network.length * 8) {
        throw new IllegalArgumentException("Prefix out of range in allowed host " + cidr);
      }
      return new Range(network, prefix);
    } catch (UnknownHostException | NumberFormatException e) {
      throw new IllegalArgumentException("Not a CIDR in allowed hosts: " + cidr, e);
    }
  }

  private static HostPattern host(String entry) {
    int colon = entry.lastIndexOf(':');
    if (colon > 0 && entry.indexOf(':') == colon) {
      return new HostPattern(
          entry.substring(0, colon), Integer.parseInt(entry.substring(colon + 1)));
    }
    return new HostPattern(entry, -1);
  }
}
