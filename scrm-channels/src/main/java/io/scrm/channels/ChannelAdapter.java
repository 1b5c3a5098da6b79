package io.scrm.channels;

import io.scrm.core.model.ChannelId;
import io.scrm.core.model.OutboundMessage;
import java.time.Duration;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Connects scrm to one messaging platform: turns what the platform delivers (webhook bodies with
 * their headers, or poll results) into normalized {@link io.scrm.core.model.Interaction}s, and sends
 * outbound messages, reporting a typed {@link SendResult}.
 *
 * <p>Implementations are thread-safe. They never log message text, names, access tokens or secrets,
 * and never put secrets into exception messages. A platform failure on send is a {@link SendResult},
 * not an exception; exceptions are for bad input ({@link DeliveryRejectedException}) and for use after
 * {@link #close()} ({@link ChannelClosedException}).
 *
 * <p>Adapters are found with {@link java.util.ServiceLoader} through a {@link ChannelProvider}, or
 * handed to {@link Channels#of(ChannelAdapter...)} directly.
 *
 * @since 0.1.0
 */
public interface ChannelAdapter extends AutoCloseable {

  /**
   * Returns the channel this adapter sends on and files interactions under.
   *
   * @return the primary channel
   */
  ChannelId channel();

  /**
   * Returns every channel this adapter serves; more than one when a platform carries several (the
   * Meta adapter serves Messenger and Facebook page comments).
   *
   * @return the channels, at least {@link #channel()}
   */
  default Set<ChannelId> channels() {
    return Set.of(channel());
  }

  /**
   * Returns what the channel can do; the engine refuses sends outside it before they are queued.
   *
   * @param channel one of {@link #channels()}
   * @return the capabilities
   */
  ChannelCapabilities capabilities(ChannelId channel);

  /**
   * Returns the length of a text as the platform counts it against {@link
   * ChannelCapabilities#maxTextLength()}. The default counts UTF-16 code units; an adapter whose
   * platform counts otherwise (X weighs characters and links) overrides it.
   *
   * @param channel one of {@link #channels()}
   * @param text the text of a message about to be queued
   * @return the length in the platform's units
   * @since 0.1.0
   */
  default int textLength(ChannelId channel, String text) {
    return text.length();
  }

  /**
   * Returns how long after the customer's last message this message may be sent privately, or null
   * if there is no limit. The default is {@link ChannelCapabilities#replyWindow()}; an adapter whose
   * platform allows some messages longer than others (Messenger's human agent replies) overrides it.
   *
   * @param message a private message about to be queued
   * @return its reply window, or null
   * @since 0.1.0
   */
  default @Nullable Duration replyWindow(OutboundMessage message) {
    return capabilities(message.channel()).replyWindow();
  }

  /**
   * Says why the platform cannot take this message as it is, beyond what {@link #capabilities}
   * declares: a caption longer than the platform carries beside a file, files it does not send
   * together, a kind of file it does not send. Asked before the message is queued, after the declared
   * capabilities were checked (a reason refuses the message and nothing is queued), and again by the
   * dispatcher before it sends (a reason makes the message a dead letter).
   *
   * <p>The default refuses a message for a channel outside {@link #channels()}, and attachments on a
   * channel whose {@link ChannelCapabilities#attachments()} is false, and nothing else. An adapter
   * that sends attachments names here what it refuses of them (starting from {@code
   * ChannelAdapter.super.refusal(message)}), so that a message is never queued only to fail at the
   * platform, or sent without a file it carried.
   *
   * @param message a message about to be queued
   * @return why it cannot be sent, or null if it can
   * @since 0.1.0
   */
  default @Nullable String refusal(OutboundMessage message) {
    if (!channels().contains(message.channel())) {
      return "channel " + message.channel() + " is not served by this adapter";
    }
    if (!message.attachments().isEmpty() && !capabilities(message.channel()).attachments()) {
      return "the channel sends no attachments";
    }
    return null;
  }

  /**
   * Drops what the adapter keeps in memory about an account (e.g. where to send replies to it), for
   * the erasure of a data subject. The default keeps nothing, so it does nothing.
   *
   * @param channel one of {@link #channels()}
   * @param handle the account's handle on that channel, as in its {@code IdentityKey}
   * @since 0.1.0
   */
  default void forget(ChannelId channel, String handle) {}

  /**
   * Verifies and parses one delivery the platform pushed (a webhook call).
   *
   * @param delivery the raw body bytes and headers, exactly as received
   * @return the customer interactions in it, and notes on what was skipped (receipts, echoes,
   *     unknown update types)
   * @throws DeliveryRejectedException if the delivery is malformed, lacks required fields, fails
   *     its signature or secret check, or carries ids that cannot be kept exactly
   * @throws ChannelClosedException if the adapter is closed
   */
  ParsedDelivery parse(InboundDelivery delivery);

  /**
   * Fetches what arrived since the cursor, for platforms that are polled (Telegram
   * {@code getUpdates}, Mastodon notifications, the X mentions timeline).
   *
   * @param cursor where the previous poll ended, or null for the first poll
   * @return the interactions in occurrence order and the cursor for the next poll
   * @throws PollFailedException if the platform could not be read; the cursor is not advanced
   * @throws ChannelClosedException if the adapter is closed
   * @throws UnsupportedOperationException if the platform only pushes
   */
  default PollResult poll(@Nullable String cursor) {
    throw new UnsupportedOperationException("channel " + channel() + " is not polled");
  }

  /**
   * Sends one message. Called by the dispatcher after the message was stored and the consent gate
   * was asked again. The message's idempotency key is passed to the platform where it supports one.
   * An adapter first asks {@link Channels#refusal(ChannelAdapter, OutboundMessage)} and reports a
   * reason it names as a permanent failure, sending nothing: a host may call {@code send} without the
   * engine's check before it, and the contract of the test kit holds every adapter to this.
   *
   * @param message the stored outbound message
   * @return sent with the platform's id, a retryable failure (with the platform's retry-after, if it
   *     gave one), or a permanent failure with the reason
   * @throws ChannelClosedException if the adapter is closed
   */
  SendResult send(OutboundMessage message);

  /** Releases the adapter's connections; later calls throw {@link ChannelClosedException}. */
  @Override
  void close();
}
