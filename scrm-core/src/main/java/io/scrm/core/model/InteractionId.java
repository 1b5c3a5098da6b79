package io.scrm.core.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.scrm.core.internal.Require;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Typed identifier of an {@link Interaction}. Immutable and thread-safe.
 *
 * <p>An interaction's id is derived from its channel and the platform's external id
 * ({@code "channel:externalId"}), so every instance of a host application computes the same id for
 * the same delivery; this is what makes inbound de-duplication exact.
 *
 * @param value the identifier
 * @since 0.1.0
 */
public record InteractionId(@JsonValue String value) implements Comparable<InteractionId> {
  private static final int MAX_EXTERNAL_ID = 512;

  /**
   * Validates the value.
   *
   * @throws IllegalArgumentException if the value is blank or too long
   */
  @JsonCreator
  public InteractionId {
    Require.text(value, "value", 600);
  }

  /**
   * Returns the id of the interaction with the given external id on a channel.
   *
   * @param channel the channel
   * @param externalId the platform's id of the message, as a string
   * @return the id
   */
  public static InteractionId of(ChannelId channel, String externalId) {
    return ofClean(channel, Require.storable(externalId));
  }

  /** {@link #of} for an external id that holds no U+0000 and no lone surrogate (the builder cleaned it). */
  static InteractionId ofClean(ChannelId channel, String externalId) {
    Objects.requireNonNull(channel, "channel");
    Require.text(externalId, "externalId", MAX_EXTERNAL_ID);
    return new InteractionId(channel.name() + ":" + externalId);
  }

  /**
   * Returns the id a reference to another message names ({@code inReplyTo}, a thread), or empty if
   * the reference is absent or could not be an external id (blank, or longer than any stored message's
   * external id may be). For looking up a referenced message without failing on platform text.
   *
   * @param channel the channel
   * @param externalId the referenced message's external id, as the platform gave it
   * @return the id, or empty
   */
  public static Optional<InteractionId> ofReference(ChannelId channel, @Nullable String externalId) {
    Objects.requireNonNull(channel, "channel");
    if (externalId == null || externalId.isBlank() || externalId.length() > MAX_EXTERNAL_ID) {
      return Optional.empty();
    }
    return Optional.of(new InteractionId(channel.name() + ":" + Require.storable(externalId)));
  }

  /**
   * Whether this is the id of the given channel's message, without building that id.
   *
   * @param channel the channel
   * @param externalId the platform's message id
   * @return whether this id equals {@code of(channel, externalId)}, for an external id without U+0000
   *     or lone surrogates
   */
  public boolean isOf(ChannelId channel, String externalId) {
    String name = channel.name();
    return value.length() == name.length() + 1 + externalId.length() && value.startsWith(name)
        && value.charAt(name.length()) == ':' && value.endsWith(externalId);
  }

  @Override
  public int compareTo(InteractionId other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
