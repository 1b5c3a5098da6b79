package io.scrm.channels;

import io.scrm.core.SendCheck;
import io.scrm.core.SendRefusedException;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.IdentityKey;
import io.scrm.core.model.OutboundMessage;
import io.scrm.core.model.Visibility;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import org.jspecify.annotations.Nullable;

/**
 * The adapters a host has configured, by channel. Immutable and thread-safe.
 *
 * <pre>{@code
 * Channels channels = Channels.of(telegram, mastodon);
 * SocialCrm crm = SocialCrm.builder().sendCheck(channels.sendCheck(clock)).build();
 * }</pre>
 *
 * @since 0.1.0
 */
public final class Channels implements AutoCloseable {
  private final Map<ChannelId, ChannelAdapter> byChannel;

  private Channels(Map<ChannelId, ChannelAdapter> byChannel) {
    this.byChannel = byChannel;
  }

  /**
   * Registers adapters.
   *
   * @param adapters the adapters
   * @return the registry
   * @throws IllegalArgumentException if two adapters serve the same channel
   */
  public static Channels of(ChannelAdapter... adapters) {
    return of(List.of(adapters));
  }

  /**
   * Registers adapters.
   *
   * @param adapters the adapters
   * @return the registry
   * @throws IllegalArgumentException if two adapters serve the same channel
   */
  public static Channels of(Collection<? extends ChannelAdapter> adapters) {
    Map<ChannelId, ChannelAdapter> map = new LinkedHashMap<>();
    for (ChannelAdapter adapter : adapters) {
      Objects.requireNonNull(adapter, "adapter");
      for (ChannelId channel : adapter.channels()) {
        if (map.putIfAbsent(channel, adapter) != null) {
          throw new IllegalArgumentException("channel " + channel + " has two adapters");
        }
      }
    }
    return new Channels(java.util.Collections.unmodifiableMap(map));
  }

  /**
   * Finds a provider on the module or class path by name.
   *
   * @param name the provider's name, e.g. {@code telegram}
   * @return the provider, or empty if none has that name
   */
  public static Optional<ChannelProvider> provider(String name) {
    Objects.requireNonNull(name, "name");
    for (ChannelProvider provider : ServiceLoader.load(ChannelProvider.class, Channels.class.getClassLoader())) {
      if (provider.name().equals(name)) {
        return Optional.of(provider);
      }
    }
    return Optional.empty();
  }

  /**
   * Creates an adapter through the provider of that name.
   *
   * @param name the provider's name
   * @param config the adapter's settings
   * @return the new adapter
   * @throws IllegalArgumentException if no provider has that name, or a setting is missing
   */
  public static ChannelAdapter create(String name, ChannelConfig config) {
    return provider(name).orElseThrow(() -> new IllegalArgumentException("no channel provider named '" + name
        + "'; found: " + String.join(", ", providerNames()))).create(config);
  }

  /**
   * Returns the names of the providers on the module or class path.
   *
   * @return the names, sorted
   * @since 0.1.0
   */
  public static java.util.SortedSet<String> providerNames() {
    java.util.SortedSet<String> names = new java.util.TreeSet<>();
    for (ChannelProvider provider : ServiceLoader.load(ChannelProvider.class, Channels.class.getClassLoader())) {
      names.add(provider.name());
    }
    return java.util.Collections.unmodifiableSortedSet(names);
  }

  /**
   * Returns the adapter serving a channel.
   *
   * @param channel the channel
   * @return the adapter, or empty
   */
  public Optional<ChannelAdapter> adapter(ChannelId channel) {
    return Optional.ofNullable(byChannel.get(channel));
  }

  /**
   * Returns the channels served.
   *
   * @return the channels, in registration order
   */
  public java.util.Set<ChannelId> channels() {
    return byChannel.keySet();
  }

  /**
   * Returns a check that refuses, before queueing, sends the channels cannot perform: to a channel
   * without an adapter, a public reply on a channel without public replies, a new conversation on
   * a reply-only channel, a reply outside the reply window, a text longer than the channel carries
   * when it cannot be split, attachments on a channel that sends none, and what the adapter's
   * {@link ChannelAdapter#refusal} names.
   *
   * @param clock the clock the reply window is measured with
   * @return the check, for {@code SocialCrm.Builder.sendCheck}
   */
  public SendCheck sendCheck(Clock clock) {
    Objects.requireNonNull(clock, "clock");
    return (message, lastCustomerMessageAt) -> check(message, lastCustomerMessageAt, clock.instant());
  }

  private void check(OutboundMessage message, @Nullable Instant lastCustomerMessageAt, Instant now) {
    ChannelAdapter adapter = byChannel.get(message.channel());
    if (adapter == null) {
      throw new SendRefusedException(message.channel(), "no adapter is configured");
    }
    String refusal = refusal(adapter, message);
    if (refusal != null) {
      throw new SendRefusedException(message.channel(), refusal);
    }
    Duration window = message.visibility() == Visibility.PRIVATE ? adapter.replyWindow(message) : null;
    if (window != null) {
      if (lastCustomerMessageAt == null) {
        throw new SendRefusedException(message.channel(),
            "the channel only allows replies within " + window + " of the customer's message");
      }
      if (now.isAfter(lastCustomerMessageAt.plus(window))) {
        throw new SendRefusedException(message.channel(), "the reply window of " + window
            + " closed at " + lastCustomerMessageAt.plus(window));
      }
    }
  }

  /**
   * Says why an adapter cannot send a message as it is, or returns null if it can: a channel the
   * adapter does not serve, then what the channel's declared {@link ChannelCapabilities} rule out (a
   * public reply on a channel without public replies, a private message on one without private
   * messages, a new conversation on a reply-only channel, a text longer than the channel carries
   * when it cannot be split, attachments on a channel that sends none), then what the adapter's own
   * {@link ChannelAdapter#refusal} names. The reply window is not checked: it needs the time of the
   * customer's last message, which {@link #sendCheck} has.
   *
   * <p>The engine's check asks it before a message is queued, the dispatcher again before it
   * sends, and the adapters of this library at the start of {@link ChannelAdapter#send}, so that a
   * host calling {@code send} itself gets a permanent failure rather than a message the platform
   * drops, cuts or posts where the customer does not look. A vendor's adapter does the same.
   *
   * @param adapter the adapter
   * @param message the message
   * @return why it cannot be sent, or null if it can
   * @since 0.1.0
   */
  public static @Nullable String refusal(ChannelAdapter adapter, OutboundMessage message) {
    Objects.requireNonNull(adapter, "adapter");
    Objects.requireNonNull(message, "message");
    if (!adapter.channels().contains(message.channel())) {
      return "channel " + message.channel() + " is not served by this adapter";
    }
    ChannelCapabilities caps = adapter.capabilities(message.channel());
    if (message.visibility() == Visibility.PUBLIC && !caps.publicReplies()) {
      return "the channel has no public replies";
    }
    if (message.visibility() == Visibility.PRIVATE && !caps.privateMessages()) {
      return "the channel has no private messages";
    }
    if (message.threadId() == null && !caps.startsConversations()) {
      return "the channel cannot start a conversation, only reply";
    }
    int length = adapter.textLength(message.channel(), message.text());
    if (length > caps.maxTextLength() && !caps.splittable()) {
      return "text of " + length + " characters exceeds the limit of " + caps.maxTextLength()
          + " and cannot be split";
    }
    if (!message.attachments().isEmpty() && !caps.attachments()) {
      // also when an adapter's own refusal forgets them
      return "the channel sends no attachments";
    }
    return adapter.refusal(message);
  }

  /**
   * Makes the adapter of an identity's channel forget what it keeps in memory about the account:
   * register it with the erasure of data subjects ({@code dataSubjectRequests.onErasure(channels::forget)}).
   *
   * @param identity the erased identity; nothing happens if no adapter serves its channel
   */
  public void forget(IdentityKey identity) {
    Objects.requireNonNull(identity, "identity");
    ChannelAdapter adapter = byChannel.get(identity.channel());
    if (adapter != null) {
      adapter.forget(identity.channel(), identity.handle());
    }
  }

  /** Closes every adapter. */
  @Override
  public void close() {
    for (ChannelAdapter adapter : new java.util.LinkedHashSet<>(byChannel.values())) {
      adapter.close();
    }
  }
}
