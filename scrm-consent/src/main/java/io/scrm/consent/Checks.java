package io.scrm.consent;

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
    return withoutNul(value, field);
  }

  /**
   * The value, if it holds no U+0000. PostgreSQL cannot store that character and the ledger's and
   * the decision log's entries are hashed as written, so both refuse it, in memory as in PostgreSQL.
   */
  static String withoutNul(String value, String field) {
    if (value.indexOf('\u0000') >= 0) {
      throw new IllegalArgumentException(field + " must not contain the character U+0000");
    }
    return value;
  }

  static @Nullable String optionalText(@Nullable String value, String field, int max) {
    return value == null ? null : text(value, field, max);
  }
}
