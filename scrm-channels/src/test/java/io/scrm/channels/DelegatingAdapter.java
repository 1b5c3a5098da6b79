package io.scrm.channels;

import io.scrm.core.model.ChannelId;
import io.scrm.core.model.OutboundMessage;
import java.util.function.Function;

/**
 * An adapter over an in-memory channel whose send a test decides: everything else (channel,
 * capabilities, parse, close) is the channel's.
 */
abstract class DelegatingAdapter implements ChannelAdapter {
  final InMemoryChannel channel;

  DelegatingAdapter(InMemoryChannel channel) {
    this.channel = channel;
  }

  /** An adapter whose send is {@code send}; it may call the channel's own. */
  static ChannelAdapter sending(InMemoryChannel channel, Function<OutboundMessage, SendResult> send) {
    return new DelegatingAdapter(channel) {
      @Override
      public SendResult send(OutboundMessage message) {
        return send.apply(message);
      }
    };
  }

  /** An adapter whose poll is {@code poll} (which may call the channel's own); it sends as the channel. */
  static ChannelAdapter polling(InMemoryChannel channel, Function<String, PollResult> poll) {
    return new DelegatingAdapter(channel) {
      @Override
      public SendResult send(OutboundMessage message) {
        return channel.send(message);
      }

      @Override
      public PollResult poll(String cursor) {
        return poll.apply(cursor);
      }
    };
  }

  @Override
  public ChannelId channel() {
    return channel.channel();
  }

  @Override
  public ChannelCapabilities capabilities(ChannelId id) {
    return channel.capabilities(id);
  }

  @Override
  public ParsedDelivery parse(InboundDelivery delivery) {
    return channel.parse(delivery);
  }

  @Override
  public void close() {
    channel.close();
  }
}
