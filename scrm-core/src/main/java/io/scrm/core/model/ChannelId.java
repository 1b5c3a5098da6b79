package io.scrm.core.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Name of a channel (a platform or a feed), such as {@code telegram} or {@code email}. Immutable and
 * thread-safe.
 *
 * <p>Channels are open: a host may add adapters for channels scrm does not know, so this is a value
 * type rather than an enum. A name is 1 to 32 characters of {@code a-z}, {@code 0-9}, {@code -} and
 * {@code _}, starting with a letter; it never contains {@code ':'}, which separates it from the
 * handle in an {@link IdentityKey}.
 *
 * @param name the channel name
 * @since 0.1.0
 */
public record ChannelId(@JsonValue String name) implements Comparable<ChannelId> {
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{0,31}");

  /** Telegram Bot API. */
  public static final ChannelId TELEGRAM = new ChannelId("telegram");
  /** Mastodon (and other ActivityPub servers with the Mastodon API). */
  public static final ChannelId MASTODON = new ChannelId("mastodon");
  /** Meta Messenger (private messages to a Facebook page). */
  public static final ChannelId MESSENGER = new ChannelId("messenger");
  /** Facebook page comments (public). */
  public static final ChannelId FACEBOOK = new ChannelId("facebook");
  /** X (formerly Twitter), API v2. */
  public static final ChannelId X = new ChannelId("x");
  /** E-mail (RFC 5322). */
  public static final ChannelId EMAIL = new ChannelId("email");
  /** The in-memory channel for tests and demos. */
  public static final ChannelId IN_MEMORY = new ChannelId("inmemory");
  /**
   * Cases the library opens itself, with no customer to answer: the crisis case of a spike in social
   * listening. Nothing is sent on it; the standard process resolves such a case without an answer.
   */
  public static final ChannelId INTERNAL = new ChannelId("internal");

  /**
   * Validates the name.
   *
   * @throws IllegalArgumentException if the name is not a valid channel name
   */
  @JsonCreator
  public ChannelId {
    Objects.requireNonNull(name, "name");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "name must match [a-z][a-z0-9_-]{0,31}, was '" + name + "'");
    }
  }

  /**
   * Returns the channel with the given name.
   *
   * @param name the channel name
   * @return the channel id
   */
  public static ChannelId of(String name) {
    return new ChannelId(name);
  }

  @Override
  public int compareTo(ChannelId other) {
    return name.compareTo(other.name);
  }

  @Override
  public String toString() {
    return name;
  }
}
