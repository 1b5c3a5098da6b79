package io.scrm.channels;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One delivery a platform pushed: the raw body bytes, exactly as received (signatures are computed
 * over them), and the request headers. Immutable and thread-safe; header names are case-insensitive.
 *
 * @since 0.1.0
 */
public final class InboundDelivery {
  private final byte[] body;
  private final Map<String, List<String>> headers;
  private final Instant receivedAt;

  private InboundDelivery(byte[] body, Map<String, List<String>> headers, Instant receivedAt) {
    this.body = body;
    this.headers = headers;
    this.receivedAt = receivedAt;
  }

  /**
   * Creates a delivery.
   *
   * @param body the raw body bytes (copied)
   * @param headers the request headers; names are matched case-insensitively
   * @param receivedAt when the delivery arrived
   * @return the delivery
   */
  public static InboundDelivery of(byte[] body, Map<String, ? extends List<String>> headers, Instant receivedAt) {
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(headers, "headers");
    Objects.requireNonNull(receivedAt, "receivedAt");
    TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach((name, values) -> {
      Objects.requireNonNull(name, "header name");
      // one immutable copy per name; names that differ only in case are merged in the map's order
      copy.merge(name, List.copyOf(values), InboundDelivery::concat);
    });
    return new InboundDelivery(body.clone(), java.util.Collections.unmodifiableMap(copy), receivedAt);
  }

  private static List<String> concat(List<String> first, List<String> second) {
    List<String> all = new ArrayList<>(first.size() + second.size());
    all.addAll(first);
    all.addAll(second);
    return List.copyOf(all);
  }

  /**
   * Creates a delivery of a UTF-8 text body without headers.
   *
   * @param body the body
   * @param receivedAt when the delivery arrived
   * @return the delivery
   */
  public static InboundDelivery ofText(String body, Instant receivedAt) {
    return of(body.getBytes(StandardCharsets.UTF_8), Map.of(), receivedAt);
  }

  /**
   * Returns a copy of the raw body bytes.
   *
   * @return the body
   */
  public byte[] body() {
    return body.clone();
  }

  /**
   * Returns a stream over the raw body bytes, without copying them (what parsers read from).
   *
   * @return a new stream positioned at the first byte
   */
  public InputStream bodyStream() {
    return new ByteArrayInputStream(body);
  }

  /**
   * Returns the body decoded as UTF-8.
   *
   * @return the body text
   */
  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /**
   * Returns the first value of a header.
   *
   * @param name the header name, in any case
   * @return the value, or empty if absent
   */
  public Optional<String> header(String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /**
   * Returns all headers, names matched case-insensitively.
   *
   * @return the headers, unmodifiable
   */
  public Map<String, List<String>> headers() {
    return headers;
  }

  /**
   * Returns when the delivery arrived.
   *
   * @return the arrival time
   */
  public Instant receivedAt() {
    return receivedAt;
  }

  /**
   * Tells whether two deliveries carry the same bytes and headers.
   *
   * @param o the other object
   * @return true if equal
   */
  @Override
  public boolean equals(Object o) {
    return o instanceof InboundDelivery other && Arrays.equals(body, other.body) && headers.equals(other.headers)
        && receivedAt.equals(other.receivedAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(Arrays.hashCode(body), headers, receivedAt);
  }

  /**
   * Describes the delivery by size and header names only: bodies and header values may carry
   * personal data or secrets.
   *
   * @return the description
   */
  @Override
  public String toString() {
    return "InboundDelivery[" + body.length + " bytes, headers=" + headers.keySet() + ", receivedAt=" + receivedAt + "]";
  }
}
