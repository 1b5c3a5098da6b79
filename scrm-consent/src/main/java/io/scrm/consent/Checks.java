package io.scrm.consent;

import io.scrm.core.store.StorableText;
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
    int at = StorableText.firstUnstorable(value);
    if (at >= 0 && value.charAt(at) == '\u0000') {
      throw new IllegalArgumentException(field + " must not contain the character U+0000");
    }
    if (at >= 0) {
      throw new IllegalArgumentException(field + " must not contain half of a surrogate pair (U+"
          + Integer.toHexString(value.charAt(at)).toUpperCase(Locale.ROOT) + " at index " + at + ")");
    }
    return value;
  }

  static @Nullable String optionalText(@Nullable String value, String field, int max) {
    return value == null ? null : text(value, field, max);
  }
}
