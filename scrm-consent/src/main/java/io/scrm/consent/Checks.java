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
    return value;
  }

  static @Nullable String optionalText(@Nullable String value, String field, int max) {
    return value == null ? null : text(value, field, max);
  }
}
