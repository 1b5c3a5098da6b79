package io.scrm.channels;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Takes an address whose host resolves to public addresses only, so that a file reference cannot
 * make the server fetch from inside its own network (see {@link AttachmentSource#publicAddresses()}).
 * Public means globally reachable in IANA's special-purpose address registries; an IPv4 address
 * written inside an IPv6 one (IPv4-mapped, IPv4-translated, NAT64, 6to4) is judged as that IPv4
 * address. Thread-safe.
 */
final class PublicAddresses implements Predicate<URI> {
  static final PublicAddresses SYSTEM = new PublicAddresses(InetAddress::getAllByName);

  /** How a host name becomes addresses; the system's resolver, or a stand-in in tests. */
  @FunctionalInterface
  interface Lookup {
    InetAddress[] addressesOf(String host) throws UnknownHostException;
  }

  private final Lookup lookup;

  PublicAddresses(Lookup lookup) {
    this.lookup = Objects.requireNonNull(lookup, "lookup");
  }

  /**
   * Whether every address the host resolves to is public.
   *
   * @throws AttachmentUnavailableException (retryable) if the name cannot be looked up now: the
   *     resolver gives no answer, which may be a passing failure as well as a name that does not exist
   */
  @Override
  public boolean test(URI address) {
    String host = address.getHost();
    if (host == null || host.isEmpty()) {
      return false;
    }
    InetAddress[] resolved;
    try {
      // an IP literal is read, not looked up; a name goes through the JVM's cache of look-ups
      resolved = lookup.addressesOf(host);
    } catch (UnknownHostException e) {
      throw new AttachmentUnavailableException("its host could not be looked up", true);
    }
    if (resolved == null || resolved.length == 0) {
      return false;
    }
    for (InetAddress a : resolved) {
      if (!isPublic(a)) {
        return false;
      }
    }
    return true;
  }

  /** Whether an address is public unicast: none of loopback, private, link-local, shared or reserved. */
  static boolean isPublic(InetAddress address) {
    byte[] b = address.getAddress();
    if (address instanceof Inet4Address) {
      return isPublicIpv4(b, 0);
    }
    return address instanceof Inet6Address && isPublicIpv6(b);
  }

  private static boolean isPublicIpv4(int a, int b, int c) {
    return a != 0 // "this network" (0.0.0.0/8)
        && a != 10 && a != 127 // private, loopback
        && !(a == 100 && b >= 64 && b <= 127) // carriers' shared address space (100.64.0.0/10)
        && !(a == 169 && b == 254) // link-local, where clouds serve instance metadata
        && !(a == 172 && b >= 16 && b <= 31) && !(a == 192 && b == 168) // private
        && !(a == 192 && b == 0 && (c == 0 || c == 2)) // protocol assignments, documentation
        && !(a == 198 && (b == 18 || b == 19)) // benchmarking (198.18.0.0/15)
        && !(a == 198 && b == 51 && c == 100) && !(a == 203 && b == 0 && c == 113) // documentation
        && a < 224; // multicast (224/4), reserved (240/4) and broadcast
  }

  private static boolean isPublicIpv6(byte[] b) {
    int w0 = word(b, 0);
    int w1 = word(b, 1);
    if (zero(b, 0, 10) && word(b, 5) == 0xFFFF) {
      return isPublicIpv4(b, 12); // IPv4-mapped (::ffff:0:0/96), as a resolver may hand it out
    }
    if (zero(b, 0, 8) && word(b, 4) == 0xFFFF && word(b, 5) == 0) {
      return isPublicIpv4(b, 12); // IPv4-translated (::ffff:0:0:0/96)
    }
    if (zero(b, 0, 12)) {
      return false; // unspecified, loopback and IPv4-compatible (::/96)
    }
    if (w0 == 0x0064 && w1 == 0xFF9B) {
      // NAT64: the well-known prefix (64:ff9b::/96) carries a public IPv4 address; the local-use
      // prefix (64:ff9b:1::/48) and the rest of 64:ff9b::/32 lead into a network of its own
      return zero(b, 4, 12) && isPublicIpv4(b, 12);
    }
    if (w0 == 0x2002) {
      return isPublicIpv4(b, 2); // 6to4 (2002::/16)
    }
    return (w0 & 0xFE00) != 0xFC00 // unique local (fc00::/7)
        && (w0 & 0xFFC0) != 0xFE80 && (w0 & 0xFFC0) != 0xFEC0 // link-local, former site-local
        && (w0 & 0xFF00) != 0xFF00 // multicast
        && !(w0 == 0x0100 && zero(b, 2, 8)) // discard-only (100::/64)
        && !(w0 == 0x2001 && w1 < 0x0200) // protocol assignments, Teredo included (2001::/23)
        && !(w0 == 0x2001 && w1 == 0x0DB8) && !(w0 == 0x3FFF && (w1 & 0xF000) == 0) // documentation
        // (2001:db8::/32, 3fff::/20)
        && w0 != 0x5F00; // segment routing (5f00::/16)
  }

  private static boolean isPublicIpv4(byte[] b, int from) {
    return isPublicIpv4(b[from] & 0xFF, b[from + 1] & 0xFF, b[from + 2] & 0xFF);
  }

  /** The 16-bit group {@code index} of an IPv6 address. */
  private static int word(byte[] b, int index) {
    return (b[2 * index] & 0xFF) << 8 | (b[2 * index + 1] & 0xFF);
  }

  private static boolean zero(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }
}
