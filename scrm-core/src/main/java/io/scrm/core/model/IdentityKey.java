package io.scrm.core.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.scrm.core.internal.Require;
import java.util.Objects;

/**
 * One handle on one channel, such as {@code telegram:juergen_hoffmann}. Immutable and thread-safe.
 *
 * <p>The handle is the platform's stable user reference as a string (a user id, an account name or an
 * e-mail address); ids above 2<sup>53</sup> stay exact because they never pass through a number.
 * Serialized to JSON as {@code "channel:handle"}.
 *
 * @param channel the channel
 * @param handle the handle on that channel, not blank, at most 320 characters
 * @since 0.1.0
 */
public record IdentityKey(ChannelId channel, String handle) implements Comparable<IdentityKey> {

  /**
   * Validates the key.
   *
   * @throws IllegalArgumentException if the handle is blank or too long
   */
  public IdentityKey {
    Objects.requireNonNull(channel, "channel");
    handle = Require.storable(handle);
    Require.text(handle, "handle", 320);
  }

  /**
   * Returns the key for a handle on a channel.
   *
   * @param channel the channel
   * @param handle the handle
   * @return the key
   */
  public static IdentityKey of(ChannelId channel, String handle) {
    return new IdentityKey(channel, handle);
  }

  /**
   * Parses the {@code "channel:handle"} form produced by {@link #toString()}.
   *
   * @param text the text form
   * @return the key
   * @throws IllegalArgumentException if the text has no {@code ':'} or an invalid part
   */
  @JsonCreator
  public static IdentityKey parse(String text) {
    Objects.requireNonNull(text, "text");
    int colon = text.indexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("identity key must be 'channel:handle', was without ':'");
    }
    return new IdentityKey(ChannelId.of(text.substring(0, colon)), text.substring(colon + 1));
  }

  @Override
  public int compareTo(IdentityKey other) {
    int c = channel.compareTo(other.channel);
    return c != 0 ? c : handle.compareTo(other.handle);
  }

  @JsonValue
  @Override
  public String toString() {
    return channel.name() + ":" + handle;
  }
}
