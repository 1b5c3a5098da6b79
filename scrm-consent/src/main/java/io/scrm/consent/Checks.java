package io.scrm.consent;

import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** Argument checks of this module; every failure names the field. */
final class Checks {
  private Checks() {}

  static String text(@Nullable String value, String field, int max) {
    Objects.requireNonNull(value, field);
    if (value.isBlank()) {
      throw new IllegalArgumentException(field + " must not be blank");
    }
    if (value.length() > max) {
      throw new IllegalArgumentException(field + " must be at most " + max + " characters, was " + value.length());
    }
    return storable(value, field);
  }

  /**
   * The value, if it holds no U+0000 and no lone surrogate (half of a surrogate pair without its
   * other half). PostgreSQL cannot store the one and UTF-8 cannot carry the other, and the ledger's
   * and the decision log's entries are hashed as written, so both refuse them, in memory as in
   * PostgreSQL.
   */
  static String storable(String value, String field) {
    int n = value.length();
    for (int i = 0; i < n; i++) {
      char c = value.charAt(i);
      if (c == '\u0000') {
        throw new IllegalArgumentException(field + " must not contain the character U+0000");
      }
      if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(value.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new IllegalArgumentException(field + " must not contain half of a surrogate pair (U+"
            + Integer.toHexString(c).toUpperCase(Locale.ROOT) + " at index " + i + ")");
      }
    }
    return value;
  }

  static @Nullable String optionalText(@Nullable String value, String field, int max) {
    return value == null ? null : text(value, field, max);
  }
}
