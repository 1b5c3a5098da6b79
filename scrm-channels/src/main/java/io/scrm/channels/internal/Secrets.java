package io.scrm.channels.internal;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Constant-time comparison and HMAC for webhook secrets. Stateless and thread-safe. */
public final class Secrets {
  private Secrets() {}

  /**
   * Compares two secrets char by char in time independent of where they differ: every char of the
   * expected secret is compared whatever the given value holds, so the time depends only on the
   * expected secret's length. Copies neither value.
   *
   * @param expected the configured secret
   * @param given the received value
   * @return true if equal
   */
  public static boolean sameSecret(String expected, String given) {
    int length = expected.length();
    int givenLength = given.length();
    int diff = length ^ givenLength;
    for (int i = 0; i < length; i++) {
      // past the given value's end the lengths already differ; the loop still runs to the end
      diff |= expected.charAt(i) ^ (i < givenLength ? given.charAt(i) : 0);
    }
    return diff == 0;
  }

  /**
   * Computes HMAC-SHA256 over raw bytes.
   *
   * @param secret the key
   * @param body the bytes
   * @return the MAC
   */
  public static byte[] hmacSha256(String secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return mac.doFinal(body);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  /**
   * Checks a hex-encoded HMAC-SHA256 in constant time.
   *
   * @param secret the key
   * @param body the raw bytes
   * @param hex the received signature in hex
   * @return true if it matches
   */
  public static boolean hmacMatches(String secret, byte[] body, String hex) {
    byte[] given;
    try {
      given = HexFormat.of().parseHex(hex.strip().toLowerCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return false;
    }
    return MessageDigest.isEqual(hmacSha256(secret, body), given);
  }
}
