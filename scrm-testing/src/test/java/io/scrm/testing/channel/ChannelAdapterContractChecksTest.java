package io.scrm.testing.channel;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scrm.channels.ChannelAdapter;
import io.scrm.channels.ChannelCapabilities;
import io.scrm.channels.InMemoryChannel;
import io.scrm.channels.InboundDelivery;
import io.scrm.channels.ParsedDelivery;
import io.scrm.channels.PollResult;
import io.scrm.channels.SendResult;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.ContactId;
import io.scrm.core.model.OutboundId;
import io.scrm.core.model.OutboundMessage;
import io.scrm.core.model.Visibility;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The adapter contract fails for adapters that break what it promises to check; each case here is
 * an adapter with one such flaw, run through the contract's own test method.
 */
final class ChannelAdapterContractChecksTest {

  @Test
  void closedAdapterRefusesWork_failsForAnAdapterThatStillPollsAfterClose() {
    FlawedAdapterContract contract = new FlawedAdapterContract(false, "Antwort: " + ChannelAdapterContract.TEXT_MARKER);

    assertThatThrownBy(contract::closedAdapterRefusesWork).isInstanceOf(AssertionError.class);
  }

  @Test
  void permanentRejection_failsWhenTheReplyMessageLacksTheTextMarker() {
    // the adapter puts the message text into its failure reason; with a reply message that lacks
    // the marker, the leak cannot be seen, so the contract must refuse such a reply message
    FlawedAdapterContract contract = new FlawedAdapterContract(true, "Ihr Vertrag wurde gekündigt.");

    assertThatThrownBy(contract::permanentRejectionIsAPermanentFailure).isInstanceOf(AssertionError.class);
  }

  @Test
  void timeout_failsForAnAdapterThatRetriesWhatThePlatformMayHave_onAChannelWithoutIdempotencyKeys() {
    // the platform took the message and the answer was lost; the adapter says "try again", which on
    // a channel without idempotency keys delivers the message twice
    FlawedAdapterContract contract = new FlawedAdapterContract(false, "Antwort: " + ChannelAdapterContract.TEXT_MARKER) {
      @Override
      protected void platformTimesOut() {
        lateAnswer();
      }
    };

    assertThatThrownBy(contract::timeoutIsRetryableOrAnUnknownOutcome).isInstanceOf(AssertionError.class);
  }

  @Test
  void nearValidDeliveries_failForAnAdapterWhoseParserThrowsAnUntypedErrorOnACutBody() {
    FlawedAdapterContract contract = new FlawedAdapterContract(false, "Antwort: " + ChannelAdapterContract.TEXT_MARKER) {
      @Override
      protected ChannelAdapter createAdapter() {
        ChannelAdapter inner = super.createAdapter();
        int whole = customerMessageDelivery().body().length;
        return new Delegating(inner) {
          @Override
          public ParsedDelivery parse(InboundDelivery delivery) {
            if (delivery.body().length > whole / 2 && delivery.body().length < whole) {
              throw new IllegalStateException("unexpected end of input");
            }
            return inner.parse(delivery);
          }
        };
      }
    };

    assertThatThrownBy(contract::aValidDeliveryCutShortOrWithOneByteChangedIsParsedOrRejectedWithATypedError)
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void capabilityChecks_failForAnAdapterThatSendsWhatItsDeclaredCapabilitiesRuleOut() {
    assertThatThrownBy(narrowlyDeclared()::aTextAtTheLengthLimitIsSentAndOneCharacterMoreIsRefusedBeforeQueueing)
        .isInstanceOf(AssertionError.class).hasMessageContaining("one over the limit");
    assertThatThrownBy(narrowlyDeclared()::whatTheDeclaredCapabilitiesRuleOutIsRefusedBeforeQueueingAndNeverSent)
        .isInstanceOf(AssertionError.class).hasMessageContaining("thread null");
  }

  /**
   * An adapter that declares a reply-only channel of 100 characters, and sends whatever the wider
   * channel behind it takes.
   */
  private static FlawedAdapterContract narrowlyDeclared() {
    ChannelCapabilities wide = InMemoryChannel.defaultCapabilities();
    ChannelCapabilities narrow = new ChannelCapabilities(true, true, false, null, 100, false, wide.attachments(),
        wide.rateLimit(), wide.idempotencyKeys());
    return new FlawedAdapterContract(false, "Antwort: " + ChannelAdapterContract.TEXT_MARKER) {
      @Override
      protected ChannelAdapter createAdapter() {
        return new Delegating(super.createAdapter()) {
          @Override
          public ChannelCapabilities capabilities(ChannelId forChannel) {
            return narrow;
          }
        };
      }
    };
  }

  /** An adapter that passes every call on; a case overrides the one it gets wrong. */
  private static class Delegating implements ChannelAdapter {
    private final ChannelAdapter inner;

    Delegating(ChannelAdapter inner) {
      this.inner = inner;
    }

    @Override
    public ChannelId channel() {
      return inner.channel();
    }

    @Override
    public ChannelCapabilities capabilities(ChannelId forChannel) {
      return inner.capabilities(forChannel);
    }

    @Override
    public ParsedDelivery parse(InboundDelivery delivery) {
      return inner.parse(delivery);
    }

    @Override
    public PollResult poll(@Nullable String cursor) {
      return inner.poll(cursor);
    }

    @Override
    public SendResult send(OutboundMessage message) {
      return inner.send(message);
    }

    @Override
    public void close() {
      inner.close();
    }
  }

  /**
   * An in-memory channel without idempotency keys whose poll works after close, whose failure
   * reasons may quote the text, and which calls an unknown outcome a retryable failure.
   */
  private static final class FlawedAdapter extends Delegating {
    private final boolean quoteTextInReasons;

    FlawedAdapter(InMemoryChannel channel, boolean quoteTextInReasons) {
      super(channel);
      this.quoteTextInReasons = quoteTextInReasons;
    }

    @Override
    public PollResult poll(@Nullable String cursor) {
      return new PollResult(List.of(), List.of(), "0"); // ignores whether the adapter was closed
    }

    @Override
    public SendResult send(OutboundMessage message) {
      SendResult result = super.send(message);
      if (quoteTextInReasons && result instanceof SendResult.PermanentFailure p) {
        return SendResult.permanent(p.reason() + " for \"" + message.text() + "\"");
      }
      if (result instanceof SendResult.OutcomeUnknown unknown) {
        return SendResult.retryable(unknown.reason(), null);
      }
      return result;
    }
  }

  private static class FlawedAdapterContract extends ChannelAdapterContract {
    private final InMemoryChannel channel = InMemoryChannel.builder().capabilities(withoutIdempotencyKeys()).build();
    private boolean lateAnswer;
    private final boolean quoteTextInReasons;
    private final String replyText;

    FlawedAdapterContract(boolean quoteTextInReasons, String replyText) {
      this.quoteTextInReasons = quoteTextInReasons;
      this.replyText = replyText;
    }

    @Override
    protected ChannelAdapter createAdapter() {
      return new FlawedAdapter(channel, quoteTextInReasons);
    }

    @Override
    protected OutboundMessage replyMessage() {
      return OutboundMessage.pending(OutboundId.of("o-1"), null, ContactId.of("c-1"), ChannelId.IN_MEMORY,
          "chat-1", "m-1", Visibility.PRIVATE, replyText, "service-reply", Instant.EPOCH);
    }

    @Override
    protected @Nullable String platformAccepts() {
      return null;
    }

    @Override
    protected void platformRejectsPermanently() {
      channel.failNext(1, InMemoryChannel.Fault.permanent("recipient blocked the sender"));
    }

    @Override
    protected void platformRateLimits(Duration retryAfter) {
      channel.failNext(1, InMemoryChannel.Fault.rateLimited(retryAfter));
    }

    @Override
    protected void platformFailsTemporarily() {
      channel.failNext(1, InMemoryChannel.Fault.serverError());
    }

    @Override
    protected void platformTimesOut() {
      channel.failNext(1, InMemoryChannel.Fault.timeout());
    }

    @Override
    protected boolean timeoutReachesThePlatform() {
      return lateAnswer;
    }

    /** The platform takes the message and its answer is lost. */
    void lateAnswer() {
      lateAnswer = true;
      channel.failNext(1, InMemoryChannel.Fault.lostResponse());
    }

    @Override
    protected InboundDelivery customerMessageDelivery() {
      return channel.delivery(channel.privateMessage("m-1", "chat-1", "anna", expectedCustomerText()));
    }

    @Override
    protected String expectedCustomerText() {
      return "Seit gestern kein Netz.";
    }

    @Override
    protected InboundDelivery badDelivery() {
      return InboundDelivery.ofText("{", Instant.EPOCH);
    }
  }

  private static ChannelCapabilities withoutIdempotencyKeys() {
    ChannelCapabilities c = InMemoryChannel.defaultCapabilities();
    return new ChannelCapabilities(c.privateMessages(), c.publicReplies(), c.startsConversations(), c.replyWindow(),
        c.maxTextLength(), c.splittable(), c.attachments(), c.rateLimit(), false);
  }
}
