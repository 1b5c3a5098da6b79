package io.scrm.channels;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * One delivery a platform pushed: the raw body bytes, exactly as received (signatures are computed
 * over them), and the request headers. Immutable and thread-safe; header names are case-insensitive.
 *
 * @since 0.1.0
 */
public final class InboundDelivery {
  private static final Comparator<String> NAME_ORDER = String.CASE_INSENSITIVE_ORDER;
  /** Up to this many header names are sorted in place; more go through a stable library sort. */
  private static final int INSERTION_SORT_MAX = 32;

  private final byte[] body;
  /** Header names sorted case-insensitively, one per name ignoring case, spelled as first given. */
  private final String[] names;
  /** The values of {@code names[i]}, immutable. */
  private final List<?>[] values;
  private final Instant receivedAt;
  /** The headers as a map, built when first asked for. */
  private volatile @Nullable Map<String, List<String>> headerMap;

  private InboundDelivery(byte[] body, String[] names, List<?>[] values, Instant receivedAt) {
    this.body = body;
    this.names = names;
    this.values = values;
    this.receivedAt = receivedAt;
  }

  /**
   * Creates a delivery.
   *
   * @param body the raw body bytes (copied)
   * @param headers the request headers; names are matched case-insensitively, and the values of
   *     names that differ only in case are merged in the map's iteration order
   * @param receivedAt when the delivery arrived
   * @return the delivery
   */
  public static InboundDelivery of(byte[] body, Map<String, ? extends List<String>> headers, Instant receivedAt) {
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(headers, "headers");
    Objects.requireNonNull(receivedAt, "receivedAt");
    // two arrays instead of a sorted map: a webhook's dozen headers then take two small arrays, not a
    // tree node each
    String[] names = new String[headers.size()];
    List<?>[] values = new List<?>[names.length];
    int count = 0;
    for (Map.Entry<String, ? extends List<String>> header : headers.entrySet()) {
      if (count == names.length) {
        // a concurrent map that grew since its size was read
        names = Arrays.copyOf(names, 2 * count + 1);
        values = Arrays.copyOf(values, names.length);
      }
      names[count] = Objects.requireNonNull(header.getKey(), "header name");
      values[count] = List.copyOf(header.getValue());
      count++;
    }
    if (count != names.length) {
      names = Arrays.copyOf(names, count);
      values = Arrays.copyOf(values, count);
    }
    sortByName(names, values);
    int merged = mergeEqualNames(names, values);
    return new InboundDelivery(body.clone(), merged == count ? names : Arrays.copyOf(names, merged),
        merged == count ? values : Arrays.copyOf(values, merged), receivedAt);
  }

  /** Sorts both arrays by name, ignoring case; stable, so equal names keep the map's order. */
  private static void sortByName(String[] names, List<?>[] values) {
    int n = names.length;
    if (n <= INSERTION_SORT_MAX) {
      for (int i = 1; i < n; i++) {
        String name = names[i];
        List<?> value = values[i];
        int j = i - 1;
        for (; j >= 0 && NAME_ORDER.compare(names[j], name) > 0; j--) {
          names[j + 1] = names[j];
          values[j + 1] = values[j];
        }
        names[j + 1] = name;
        values[j + 1] = value;
      }
      return;
    }
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    String[] byInput = names.clone();
    List<?>[] valuesByInput = values.clone();
    Arrays.sort(order, (a, b) -> NAME_ORDER.compare(byInput[a], byInput[b])); // a stable sort
    for (int i = 0; i < n; i++) {
      names[i] = byInput[order[i]];
      values[i] = valuesByInput[order[i]];
    }
  }

  /** Merges runs of names equal ignoring case into their first entry; returns how many remain. */
  private static int mergeEqualNames(String[] names, List<?>[] values) {
    int kept = 0;
    for (int i = 0; i < names.length; i++) {
      if (kept > 0 && NAME_ORDER.compare(names[kept - 1], names[i]) == 0) {
        List<Object> all = new ArrayList<>(values[kept - 1].size() + values[i].size());
        all.addAll(values[kept - 1]);
        all.addAll(values[i]);
        values[kept - 1] = List.copyOf(all);
      } else {
        names[kept] = names[i];
        values[kept] = values[i];
        kept++;
      }
    }
    return kept;
  }

  @SuppressWarnings("unchecked") // values[i] holds the caller's strings, copied
  private List<String> valuesAt(int i) {
    return (List<String>) values[i];
  }

  private int indexOf(String name) {
    return Arrays.binarySearch(names, name, NAME_ORDER);
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
    int at = indexOf(Objects.requireNonNull(name, "name"));
    return at < 0 || values[at].isEmpty() ? Optional.empty() : Optional.of(valuesAt(at).get(0));
  }

  /**
   * Returns all headers, names matched case-insensitively.
   *
   * @return the headers, unmodifiable
   */
  public Map<String, List<String>> headers() {
    Map<String, List<String>> map = headerMap;
    if (map == null) {
      TreeMap<String, List<String>> sorted = new TreeMap<>(NAME_ORDER);
      for (int i = 0; i < names.length; i++) {
        sorted.put(names[i], valuesAt(i));
      }
      map = Collections.unmodifiableMap(sorted);
      headerMap = map; // two threads may each build one; they are equal
    }
    return map;
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
    if (!(o instanceof InboundDelivery other) || !Arrays.equals(body, other.body)
        || !receivedAt.equals(other.receivedAt) || names.length != other.names.length) {
      return false;
    }
    for (int i = 0; i < names.length; i++) {
      if (NAME_ORDER.compare(names[i], other.names[i]) != 0 || !values[i].equals(other.values[i])) {
        return false;
      }
    }
    return true;
  }

  /** Consistent with {@link #equals}: a header name counts ignoring case, as it is matched. */
  @Override
  public int hashCode() {
    int headers = 0;
    for (int i = 0; i < names.length; i++) {
      headers += foldedHash(names[i]) ^ values[i].hashCode();
    }
    return Objects.hash(Arrays.hashCode(body), headers, receivedAt);
  }

  /** A hash of a name that is the same for all names {@link String#CASE_INSENSITIVE_ORDER} deems equal. */
  private static int foldedHash(String name) {
    int h = 0;
    for (int i = 0; i < name.length(); i++) {
      h = 31 * h + Character.toLowerCase(Character.toUpperCase(name.charAt(i)));
    }
    return h;
  }

  /**
   * Describes the delivery by size and header names only: bodies and header values may carry
   * personal data or secrets.
   *
   * @return the description
   */
  @Override
  public String toString() {
    return "InboundDelivery[" + body.length + " bytes, headers=" + Arrays.toString(names) + ", receivedAt=" + receivedAt
        + "]";
  }
}
