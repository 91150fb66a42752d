package dev.pilot.execution.egress;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Whether a call may go to a URL: http(s) only; a host the allow-list names is fine; any other host
 * is resolved and every address it resolves to must be public or inside an allowed CIDR (a name
 * that also resolves to an internal address is refused, so DNS cannot smuggle one in).
 */
public final class EgressPolicy {

  private static final Pattern DOTTED_QUAD =
      Pattern.compile(
          "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

  private final AllowList allowList;
  private final HostResolver resolver;

  public EgressPolicy(List<String> allowedHosts, HostResolver resolver) {
    this.allowList = new AllowList(allowedHosts);
    this.resolver = resolver;
  }

  /** Throws, saying why without credentials, unless the call may go to {@code uri}. */
  public void check(URI uri) throws EgressRefusedException {
    Optional<String> early = refusalWithoutLookup(uri);
    if (early.isPresent()) {
      throw new EgressRefusedException(early.get());
    }
    String host = host(uri);
    if (allowList.allowsHost(host, port(uri))) {
      return;
    }
    List<InetAddress> addresses;
    try {
      addresses = resolver.resolve(host);
    } catch (UnknownHostException e) {
      throw new EgressRefusedException(host + " cannot be resolved");
    }
    if (addresses.isEmpty()) {
      throw new EgressRefusedException(host + " cannot be resolved");
    }
    for (InetAddress address : addresses) {
      Optional<String> kind = InternalAddresses.kind(address);
      if (kind.isPresent() && !allowList.allowsAddress(address)) {
        throw new EgressRefusedException(
            host + " resolves to " + kind.get() + ", which is not in HTTP_STEP_ALLOWED_HOSTS");
      }
    }
  }

  /**
   * What can be refused without a DNS lookup (a wrong scheme, an internal IP literal): for
   * validating a definition when it is saved. Names are only judged when called, as what they
   * resolve to may change.
   */
  public Optional<String> refusalWithoutLookup(URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return Optional.of("only http and https calls are allowed");
    }
    if (uri.getHost() == null) {
      return Optional.of("the URL has no host");
    }
    String host = host(uri);
    if (allowList.allowsHost(host, port(uri)) || !isLiteral(host)) {
      return Optional.empty();
    }
    if (!host.contains(":") && !DOTTED_QUAD.matcher(host).matches()) {
      // 127.1, 2130706433 and the like: shorthand that hides which address is meant.
      return Optional.of(host + " is not a dotted-quad address");
    }
    try {
      // A dotted quad or an IPv6 literal: parsed, never looked up.
      InetAddress address = InetAddress.getByName(host);
      return InternalAddresses.kind(address)
          .filter(kind -> !allowList.allowsAddress(address))
          .map(kind -> host + " is " + kind + ", which is not in HTTP_STEP_ALLOWED_HOSTS");
    } catch (UnknownHostException e) {
      return Optional.of(host + " is not a valid address");
    }
  }

  private static String host(URI uri) {
    String host = uri.getHost().toLowerCase(Locale.ROOT);
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  private static int port(URI uri) {
    if (uri.getPort() >= 0) {
      return uri.getPort();
    }
    return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }

  private static boolean isLiteral(String host) {
    return host.contains(":") || host.matches("[0-9.]+");
  }
}
