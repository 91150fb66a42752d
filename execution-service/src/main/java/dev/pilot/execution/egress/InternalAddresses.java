package dev.pilot.execution.egress;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Addresses a call from inside the network must not reach by default: this machine, private and
 * link-local networks, cloud metadata services, and the reserved ranges around them.
 */
final class InternalAddresses {

  private InternalAddresses() {}

  /** What kind of internal address this is, or empty for a public one. */
  static Optional<String> kind(InetAddress address) {
    if (address instanceof Inet6Address v6) {
      Optional<Inet4Address> embedded = embeddedV4(v6);
      if (embedded.isPresent()) {
        return kind(embedded.get());
      }
    }
    byte[] b = address.getAddress();
    if (address.isAnyLocalAddress()) {
      return Optional.of("an unspecified address");
    }
    if (address.isLoopbackAddress()) {
      return Optional.of("a loopback address");
    }
    if (isMetadata(b)) {
      return Optional.of("a cloud metadata address");
    }
    if (address.isLinkLocalAddress()) {
      return Optional.of("a link-local address");
    }
    if (address.isSiteLocalAddress() || (b.length == 16 && (b[0] & 0xfe) == 0xfc)) {
      return Optional.of("a private address");
    }
    if (address.isMulticastAddress()) {
      return Optional.of("a multicast address");
    }
    if (b.length == 4 && reservedV4(b)) {
      return Optional.of("a reserved address");
    }
    return Optional.empty();
  }

  private static boolean isMetadata(byte[] b) {
    // 169.254.169.254 (most clouds; also link-local) and fd00:ec2::254 (AWS over IPv6).
    return (b.length == 4 && u(b[0]) == 169 && u(b[1]) == 254 && u(b[2]) == 169 && u(b[3]) == 254)
        || (b.length == 16
            && u(b[0]) == 0xfd
            && b[1] == 0
            && u(b[2]) == 0x0e
            && u(b[3]) == 0xc2
            && allZero(b, 4, 14)
            && u(b[14]) == 0x02
            && u(b[15]) == 0x54);
  }

  private static boolean reservedV4(byte[] b) {
    int first = u(b[0]);
    int second = u(b[1]);
    return first == 0 // "this network"
        || (first == 100 && second >= 64 && second <= 127) // carrier-grade NAT
        || (first == 192 && second == 0 && u(b[2]) == 0) // IETF protocol assignments
        || (first == 198 && (second == 18 || second == 19)) // benchmarking
        || first >= 240; // reserved and broadcast
  }

  /** The IPv4 address inside an IPv4-mapped (::ffff:a.b.c.d), compatible or NAT64 address. */
  private static Optional<Inet4Address> embeddedV4(Inet6Address v6) {
    byte[] b = v6.getAddress();
    boolean mapped = allZero(b, 0, 10) && u(b[10]) == 0xff && u(b[11]) == 0xff;
    boolean compatible = allZero(b, 0, 12) && b[12] != 0; // not ::1 nor ::
    boolean nat64 = u(b[0]) == 0x00 && u(b[1]) == 0x64 && u(b[2]) == 0xff && u(b[3]) == 0x9b;
    if (!mapped && !compatible && !nat64) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          (Inet4Address) InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  private static boolean allZero(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }

  private static int u(byte b) {
    return b & 0xff;
  }
}
