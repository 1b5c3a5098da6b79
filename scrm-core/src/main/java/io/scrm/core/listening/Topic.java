package io.scrm.core.listening;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A subject people subscribe to, such as an outage in one district ({@code stoerung-koeln-nippes}).
 * Immutable and thread-safe.
 *
 * @param id the topic's id ({@code [a-z0-9][a-z0-9_-]*}, at most 64 characters)
 * @param title a title for people, e.g. {@code Störung Köln-Nippes}
 * @param purpose the consent purpose broadcasts on this topic are sent for, e.g. {@code
 *     outage-notifications}; the consent gate allows a broadcast only to subscribers with valid consent
 *     for it on their channel
 * @since 0.1.0
 */
public record Topic(String id, String title, String purpose) {
  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

  /**
   * Validates the topic.
   *
   * @throws IllegalArgumentException naming the field that is invalid
   */
  public Topic {
    Objects.requireNonNull(id, "id");
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException("id must match [a-z0-9][a-z0-9_-]{0,63}, was '" + id + "'");
    }
    Objects.requireNonNull(title, "title");
    if (title.isBlank()) {
      throw new IllegalArgumentException("title must not be blank");
    }
    Objects.requireNonNull(purpose, "purpose");
    if (purpose.isBlank()) {
      throw new IllegalArgumentException("purpose must not be blank");
    }
  }
}
