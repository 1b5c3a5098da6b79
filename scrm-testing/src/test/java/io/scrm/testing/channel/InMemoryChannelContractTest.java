package io.scrm.testing.channel;

import io.scrm.channels.ChannelAdapter;
import io.scrm.channels.InMemoryChannel;
import io.scrm.channels.InboundDelivery;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.ContactId;
import io.scrm.core.model.OutboundId;
import io.scrm.core.model.OutboundMessage;
import io.scrm.core.model.Visibility;
import io.scrm.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

final class InMemoryChannelContractTest extends ChannelAdapterContract {
  private final TestClock clock = TestClock.at("2026-03-02T09:00:00Z");
  private @Nullable InMemoryChannel channel;

  @Override
  protected ChannelAdapter createAdapter() {
    channel = InMemoryChannel.builder().clock(clock).build();
    return channel;
  }

  private InMemoryChannel channel() {
    adapter();
    return java.util.Objects.requireNonNull(channel);
  }

  @Override
  protected OutboundMessage replyMessage() {
    return OutboundMessage.pending(OutboundId.random(), null, ContactId.random(), ChannelId.IN_MEMORY, "chat-1",
        "m-1", Visibility.PRIVATE, "Antwort: " + TEXT_MARKER, "service-reply", clock.instant());
  }

  @Override
  protected int filesReceivedWithLastSend() {
    List<InMemoryChannel.Sent> sent = channel().sent();
    return sent.isEmpty() ? 0 : sent.get(sent.size() - 1).message().attachments().size();
  }

  @Override
  protected @Nullable String platformAccepts() {
    return null;
  }

  @Override
  protected void platformRejectsPermanently() {
    channel().failNext(1, InMemoryChannel.Fault.permanent("recipient blocked the sender"));
  }

  @Override
  protected void platformRateLimits(Duration retryAfter) {
    channel().failNext(1, InMemoryChannel.Fault.rateLimited(retryAfter));
  }

  @Override
  protected void platformFailsTemporarily() {
    channel().failNext(1, InMemoryChannel.Fault.serverError());
  }

  @Override
  protected void platformTimesOut() {
    channel().failNext(1, InMemoryChannel.Fault.timeout());
  }

  @Override
  protected boolean timeoutReachesThePlatform() {
    // a timeout before the platform received the message
    return false;
  }

  @Override
  protected InboundDelivery customerMessageDelivery() {
    return channel().delivery(channel().privateMessage("m-1", "chat-1", "anna", expectedCustomerText()));
  }

  @Override
  protected String expectedCustomerText() {
    return "Mein Router ist seit gestern offline.";
  }

  @Override
  protected InboundDelivery badDelivery() {
    return InboundDelivery.ofText("{\"not\": \"an array\"", Instant.EPOCH);
  }
}
