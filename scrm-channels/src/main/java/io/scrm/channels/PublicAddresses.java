package io.scrm.channels;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.function.Predicate;

/**
 * Takes an address whose host resolves to public addresses only, so that a file reference cannot
 * make the server fetch from inside its own network (see {@link AttachmentSource#publicAddresses()}).
 * Thread-safe.
 */
final class PublicAddresses implements Predicate<URI> {
  static final PublicAddresses INSTANCE = new PublicAddresses();

  private PublicAddresses() {}

  @Override
  public boolean test(URI address) {
    String host = address.getHost();
    if (host == null || host.isEmpty()) {
      return false;
    }
    InetAddress[] resolved;
    try {
      // an IP literal is read, not looked up; a name goes through the JVM's cache of look-ups, which
      // the connection that follows asks too
      resolved = InetAddress.getAllByName(host);
    } catch (UnknownHostException | SecurityException e) {
      return false;
    }
    for (InetAddress a : resolved) {
      if (!isPublic(a)) {
        return false;
      }
    }
    return resolved.length > 0;
  }

  /** Whether an address is public unicast: none of loopback, private, link-local, shared or reserved. */
  static boolean isPublic(InetAddress address) {
    if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
        || address.isSiteLocalAddress() || address.isMulticastAddress()) {
      return false;
    }
    byte[] b = address.getAddress();
    if (address instanceof Inet4Address) {
      return isPublicIpv4(b);
    }
    if (address instanceof Inet6Address) {
      return isPublicIpv6(b);
    }
    return false;
  }

  private static boolean isPublicIpv4(byte[] b) {
    int first = b[0] & 0xFF;
    int second = b[1] & 0xFF;
    return first != 0 // "this network" (0.0.0.0/8)
        && first != 10 && first != 127 // private, loopback
        && !(first == 100 && second >= 64 && second <= 127) // shared address space of carriers (100.64.0.0/10)
        && !(first == 169 && second == 254) // link-local, where clouds serve instance metadata
        && !(first == 172 && second >= 16 && second <= 31) && !(first == 192 && second == 168) // private
        && !(first == 192 && second == 0 && (b[2] & 0xFF) == 0) // protocol assignments (192.0.0.0/24)
        && !(first == 198 && (second == 18 || second == 19)) // benchmarking (198.18.0.0/15)
        && first < 224; // multicast, reserved and broadcast (224.0.0.0 and above)
  }

  private static boolean isPublicIpv6(byte[] b) {
    int first = b[0] & 0xFF;
    if ((first & 0xFE) == 0xFC) {
      return false; // unique local (fc00::/7)
    }
    if (first == 0xFE && (b[1] & 0xC0) == 0xC0) {
      return false; // the former site-local (fec0::/10)
    }
    if (startsWith(b, 0x00, 0x64, 0xFF, 0x9B) && allZero(b, 4, 12)) {
      return isPublicIpv4(new byte[] {b[12], b[13], b[14], b[15]}); // NAT64 (64:ff9b::/96) of an IPv4 address
    }
    if (startsWith(b, 0x20, 0x02)) {
      return isPublicIpv4(new byte[] {b[2], b[3], b[4], b[5]}); // 6to4 (2002::/16) of an IPv4 address
    }
    if (allZero(b, 0, 12)) {
      return false; // IPv4-compatible (::a.b.c.d), deprecated; :: and ::1 were refused above
    }
    return true;
  }

  private static boolean startsWith(byte[] b, int... prefix) {
    for (int i = 0; i < prefix.length; i++) {
      if ((b[i] & 0xFF) != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static boolean allZero(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }
}
