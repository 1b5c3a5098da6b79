package io.scrm.consent;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/** SHA-256 in hex; the one hash function of the ledger, notices, tokens and form fields. */
final class Digests {
  private static final HexFormat HEX = HexFormat.of();

  private Digests() {}

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  static String sha256(String text) {
    return HEX.formatHex(sha256().digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  /** Hash of a map, independent of its iteration order; keys and values are length-prefixed. */
  static String sha256(Map<String, String> fields) {
    MessageDigest md = sha256();
    for (Map.Entry<String, String> e : new TreeMap<>(fields).entrySet()) {
      update(md, e.getKey());
      update(md, e.getValue());
    }
    return HEX.formatHex(md.digest());
  }

  static void update(MessageDigest md, @org.jspecify.annotations.Nullable String part) {
    if (part == null) {
      md.update((byte) 0);
      return;
    }
    byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
    md.update((byte) 1);
    md.update(new byte[] {(byte) (bytes.length >>> 24), (byte) (bytes.length >>> 16), (byte) (bytes.length >>> 8),
        (byte) bytes.length});
    md.update(bytes);
  }

  static String hex(byte[] bytes) {
    return HEX.formatHex(bytes);
  }

  /** Constant-time comparison of two hex strings. */
  static boolean equal(String a, String b) {
    return MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
  }
}
