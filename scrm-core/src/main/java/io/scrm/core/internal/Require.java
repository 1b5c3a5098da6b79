package io.scrm.core.internal;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Argument checks shared by the domain types. Every failure names the field.
 *
 * <p>Not API: this package is not exported.
 */
public final class Require {
  private Require() {}

  /**
   * The string with each U+0000 and each lone surrogate (half of a surrogate pair without its other
   * half) replaced by U+FFFD (the replacement character); the same string if it holds neither. No
   * channel means a NUL by it, and databases refuse it (PostgreSQL's {@code text} and {@code
   * jsonb}); a lone surrogate is no character at all, and UTF-8 cannot carry it (a driver writes a
   * question mark). Where a message enters the model (its builder, an id, a handle) both are
   * replaced, so a message carrying one is stored as it was heard, in every store, and a redelivery
   * of it equals what was stored.
   *
   * @param value the string, or null
   * @return the string without U+0000 and lone surrogates, or null
   */
  public static @Nullable String storable(@Nullable String value) {
    if (value == null) {
      return null;
    }
    // small, so that it is inlined where a message is built: most texts hold neither
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\u0000' || c >= '\uD800' && c <= '\uDFFF') {
        return storableFrom(value, i);
      }
    }
    return value;
  }

  /** The string with U+0000 and lone surrogates from {@code from} on replaced; itself if it has none. */
  private static String storableFrom(String value, int from) {
    char[] chars = null;
    int n = value.length();
    for (int i = from; i < n; i++) {
      char c = value.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(value.charAt(i + 1))) {
        i++; // a whole pair
      } else if (c == '\u0000' || Character.isSurrogate(c)) {
        if (chars == null) {
          chars = value.toCharArray();
        }
        chars[i] = '\uFFFD';
      }
    }
    return chars == null ? value : new String(chars);
  }

  /** Non-null and not blank. */
  public static String text(@Nullable String value, String field) {
    Objects.requireNonNull(value, field);
    if (value.isBlank()) {
      throw new IllegalArgumentException(field + " must not be blank");
    }
    return value;
  }

  /** Null stays null; otherwise not blank. */
  public static @Nullable String optionalText(@Nullable String value, String field) {
    if (value != null && value.isBlank()) {
      throw new IllegalArgumentException(field + " must be null or not blank");
    }
    return value;
  }

  /** Null stays null; otherwise not blank and at most {@code max} characters. */
  public static @Nullable String optionalText(@Nullable String value, String field, int max) {
    return optionalText(value, field) == null ? null : atMost(value, field, max);
  }

  /** Non-null, not blank, at most {@code max} characters. */
  public static String text(@Nullable String value, String field, int max) {
    return atMost(text(value, field), field, max);
  }

  private static String atMost(String value, String field, int max) {
    if (value.length() > max) {
      throw new IllegalArgumentException(field + " must be at most " + max + " characters, was " + value.length());
    }
    return value;
  }

  /** Greater than or equal to zero. */
  public static long nonNegative(long value, String field) {
    if (value < 0) {
      throw new IllegalArgumentException(field + " must be >= 0, was " + value);
    }
    return value;
  }

  /** Greater than or equal to zero. */
  public static int nonNegative(int value, String field) {
    if (value < 0) {
      throw new IllegalArgumentException(field + " must be >= 0, was " + value);
    }
    return value;
  }

  /** Non-null collection without null elements. */
  public static <T extends Collection<?>> T noNulls(@Nullable T values, String field) {
    Objects.requireNonNull(values, field);
    if (values.isEmpty()) {
      return values;
    }
    for (Object v : values) {
      if (v == null) {
        throw new IllegalArgumentException(field + " must not contain null");
      }
    }
    return values;
  }

  /**
   * Whether a list without nulls holds an element twice. A short list (up to 16 elements, as a
   * contact's identities or a case's messages mostly are) is compared pairwise, which allocates
   * nothing; a longer one goes through a hash set.
   */
  public static boolean hasDuplicates(List<?> values) {
    int size = values.size();
    if (size <= 16) {
      for (int i = 1; i < size; i++) {
        Object v = values.get(i);
        int hash = v.hashCode();
        for (int j = 0; j < i; j++) {
          Object w = values.get(j);
          if (w.hashCode() == hash && w.equals(v)) {
            return true;
          }
        }
      }
      return false;
    }
    Set<Object> distinct = new HashSet<>(size * 2);
    for (Object v : values) {
      if (!distinct.add(v)) {
        return true;
      }
    }
    return false;
  }

  /** Non-null map without null keys or values. */
  public static <T extends Map<?, ?>> T noNulls(@Nullable T values, String field) {
    Objects.requireNonNull(values, field);
    if (values.isEmpty()) {
      return values;
    }
    for (Map.Entry<?, ?> e : values.entrySet()) {
      if (e.getKey() == null || e.getValue() == null) {
        throw new IllegalArgumentException(field + " must not contain null keys or values");
      }
    }
    return values;
  }
}
