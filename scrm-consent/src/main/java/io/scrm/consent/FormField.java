package io.scrm.consent;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A field a form may collect for a purpose. Immutable and thread-safe.
 *
 * @param name the field name, e.g. {@code email}; 1 to 64 characters of {@code a-z0-9_-}
 * @param required whether a submission without it is rejected
 * @since 0.1.0
 */
public record FormField(String name, boolean required) {
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{0,63}");

  /**
   * Validates the field.
   *
   * @throws IllegalArgumentException if the name is not a valid field name
   */
  public FormField {
    Objects.requireNonNull(name, "name");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("name must match [a-z][a-z0-9_-]{0,63}, was '" + name + "'");
    }
  }

  /**
   * Returns a required field.
   *
   * @param name the name
   * @return the field
   */
  public static FormField required(String name) {
    return new FormField(name, true);
  }

  /**
   * Returns an optional field.
   *
   * @param name the name
   * @return the field
   */
  public static FormField optional(String name) {
    return new FormField(name, false);
  }
}
