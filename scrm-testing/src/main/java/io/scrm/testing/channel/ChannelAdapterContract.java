package io.scrm.testing.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.scrm.channels.ChannelAdapter;
import io.scrm.channels.ChannelCapabilities;
import io.scrm.channels.ChannelClosedException;
import io.scrm.channels.Channels;
import io.scrm.channels.DeliveryRejectedException;
import io.scrm.channels.InboundDelivery;
import io.scrm.channels.ParsedDelivery;
import io.scrm.channels.SendResult;
import io.scrm.core.SendCheck;
import io.scrm.core.SendRefusedException;
import io.scrm.core.model.Attachment;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.Direction;
import io.scrm.core.model.Interaction;
import io.scrm.core.model.OutboundMessage;
import io.scrm.core.model.Visibility;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link ChannelAdapter} shares, as a JUnit 5 test to extend: the in-memory
 * channel and each platform adapter (against a server double speaking the platform's wire format)
 * pass it. A vendor's own adapter extends it the same way.
 *
 * <p>A subclass says how to create the adapter and how to make the platform double answer the next
 * send (accept, reject, rate-limit, fail, time out); the contract checks the typed results, the
 * lifecycle, parsing, rejection of bad input (arbitrary bytes, and a valid delivery cut short or with
 * a byte changed), that what the declared capabilities rule out (a text over the limit, a new
 * conversation on a channel that only answers, a visibility the channel lacks) is refused before it
 * is queued and never sent, and that no secret or message text leaks into errors.
 * The adapter is created lazily on first use, after the subclass's own set-up has run, and closed
 * after each test.
 *
 * @since 0.1.0
 */
public abstract class ChannelAdapterContract {
  /** A marker placed in the text of sent messages; it must never appear in a failure reason. */
  protected static final String TEXT_MARKER = "Vertraulicher Antworttext 4711";

  private @Nullable ChannelAdapter adapter;

  /** Creates the contract. */
  protected ChannelAdapterContract() {}

  /**
   * Creates a new adapter under test, pointed at the platform double.
   *
   * @return the adapter
   */
  protected abstract ChannelAdapter createAdapter();

  /**
   * Returns a message the channel can send: a reply in an existing thread whose text contains
   * {@link #TEXT_MARKER}.
   *
   * @return the message
   */
  protected abstract OutboundMessage replyMessage();

  /**
   * Makes the platform accept the next send.
   *
   * @return the provider id the adapter must report, or null if any non-blank id will do
   */
  protected abstract @Nullable String platformAccepts();

  /** Makes the platform refuse the next send for good (a 4xx other than 429, in its error format). */
  protected abstract void platformRejectsPermanently();

  /**
   * Makes the platform rate-limit the next send, saying how long to wait in its own way.
   *
   * @param retryAfter the wait the platform announces
   */
  protected abstract void platformRateLimits(Duration retryAfter);

  /** Makes the platform fail the next send with a server error (5xx). */
  protected abstract void platformFailsTemporarily();

  /**
   * Makes the next send time out or lose its connection. The adapter reports a retryable failure if
   * the request cannot have reached the platform, otherwise {@link SendResult.OutcomeUnknown}.
   * Say which of the two this scripts with {@link #timeoutReachesThePlatform()}.
   */
  protected abstract void platformTimesOut();

  /**
   * Returns how many files the platform double received with the last message it accepted, or -1
   * if the double cannot tell, the default. A subclass whose double records what it was sent
   * overrides it, so that the contract sees a photo arrive with the message that carried it rather
   * than only a message reported as sent.
   *
   * @return the number of files, or -1
   */
  protected int filesReceivedWithLastSend() {
    return -1;
  }

  /**
   * Whether the request of {@link #platformTimesOut()} reaches the platform before the time runs out
   * (a server that answers too late), rather than never (a server that never takes the connection).
   * If it does, the platform may have the message, and on a channel without idempotency keys the
   * adapter must report {@link SendResult.OutcomeUnknown}: a plain retry would deliver it twice.
   * The default is true, as a late answer is the usual way to script a timeout.
   *
   * @return whether the timed-out request reached the platform
   */
  protected boolean timeoutReachesThePlatform() {
    return true;
  }

  /**
   * Returns a valid delivery, exactly as the platform sends it (with signature headers, where the
   * platform signs), holding one customer message.
   *
   * @return the delivery
   */
  protected abstract InboundDelivery customerMessageDelivery();

  /**
   * Returns the plain text the customer message of {@link #customerMessageDelivery()} must have.
   *
   * @return the text
   */
  protected abstract String expectedCustomerText();

  /**
   * Returns a delivery the adapter must reject (malformed, or with a wrong signature).
   *
   * @return the delivery
   */
  protected abstract InboundDelivery badDelivery();

  /**
   * Returns the delivery of {@link #customerMessageDelivery()} with another body, for the checks that
   * cut and change a valid body. The default keeps the valid delivery's headers; a subclass whose
   * platform signs the body overrides it to sign the changed one, so that the parser, not only the
   * signature check, meets it.
   *
   * @param body the changed body
   * @return the delivery
   */
  protected InboundDelivery deliveryWithBody(byte[] body) {
    InboundDelivery valid = customerMessageDelivery();
    return InboundDelivery.of(body, valid.headers(), valid.receivedAt());
  }

  /**
   * Returns the longest text, as {@link ChannelAdapter#textLength} counts it, that the channel takes
   * in a message like this one. The default is the declared {@link ChannelCapabilities#maxTextLength()};
   * a subclass whose platform has a lower limit for some messages (X: 280 for a post, the declared
   * limit being a direct message's) overrides it.
   *
   * @param message a message like {@link #replyMessage()}
   * @return the longest text it may carry
   */
  protected int longestText(OutboundMessage message) {
    return adapter().capabilities(message.channel()).maxTextLength();
  }

  /**
   * Returns the tokens and secrets the adapter was configured with; none may appear in an error.
   *
   * @return the secrets
   */
  protected Set<String> secrets() {
    return Set.of();
  }

  /**
   * Returns the adapter under test, creating it on first use.
   *
   * @return the adapter
   */
  protected final ChannelAdapter adapter() {
    if (adapter == null) {
      adapter = createAdapter();
    }
    return adapter;
  }

  /** Closes the adapter after each test. */
  @AfterEach
  final void closeAdapter() {
    if (adapter != null) {
      adapter.close();
      adapter = null;
    }
  }

  @Test
  void declaresCapabilitiesForEveryChannelItServes() {
    assertThat(adapter().channels()).contains(adapter().channel());
    for (ChannelId channel : adapter().channels()) {
      ChannelCapabilities caps = adapter().capabilities(channel);
      assertThat(caps).as("capabilities of %s", channel).isNotNull();
      assertThat(caps.privateMessages() || caps.publicReplies()).as("%s can send something", channel).isTrue();
    }
  }

  @Test
  void acceptedSendReportsTheProviderId() {
    String expected = platformAccepts();
    SendResult result = adapter().send(reply());
    assertThat(result).isInstanceOf(SendResult.Sent.class);
    String providerId = ((SendResult.Sent) result).providerId();
    assertThat(providerId).isNotBlank();
    if (expected != null) {
      assertThat(providerId).isEqualTo(expected);
    }
  }

  @Test
  void aPhotoIsSentWhereTheChannelSendsAttachmentsAndRefusedWhereItDoesNot() {
    String expected = platformAccepts();
    OutboundMessage photo = withAttachments(reply(), "", List.of(CONTRACT_PHOTO));
    if (!adapter().capabilities(photo.channel()).attachments()) {
      // refused before it is queued and again before it is sent, never sent as its text alone, also
      // when a host calls send itself
      assertThat(adapter().refusal(photo)).as("a photo on a channel without attachments").isNotBlank();
      assertThat(adapter().send(withAttachments(reply(), reply().text(), List.of(CONTRACT_PHOTO))))
          .as("a photo sent on a channel without attachments").isInstanceOf(SendResult.PermanentFailure.class);
      return;
    }
    assertThat(adapter().refusal(photo)).as("a photo alone on a channel that sends attachments").isNull();
    SendResult result = adapter().send(photo);
    assertThat(result).isInstanceOf(SendResult.Sent.class);
    int received = filesReceivedWithLastSend();
    if (received >= 0) {
      assertThat(received).as("files the platform received with the photo's message").isEqualTo(1);
    }
    if (expected != null) {
      assertThat(((SendResult.Sent) result).providerId()).isEqualTo(expected);
    }
  }

  @Test
  void aMessageForAChannelTheAdapterDoesNotServeIsRefusedByName_withOrWithoutFiles() {
    platformAccepts();
    ChannelId other = java.util.stream.Stream.of(ChannelId.TELEGRAM, ChannelId.MASTODON, ChannelId.MESSENGER,
        ChannelId.FACEBOOK, ChannelId.X, ChannelId.EMAIL, ChannelId.IN_MEMORY)
        .filter(c -> !adapter().channels().contains(c)).findFirst().orElseThrow();
    OutboundMessage text = onChannel(reply(), other, reply().text(), List.of());
    OutboundMessage photo = onChannel(reply(), other, "", List.of(CONTRACT_PHOTO));
    for (OutboundMessage message : List.of(text, photo)) {
      assertThat(adapter().refusal(message)).as("a message for %s", other).contains(other.name());
      SendResult result = adapter().send(message);
      assertThat(result).as("sending a message for %s", other).isInstanceOf(SendResult.PermanentFailure.class);
      assertThat(((SendResult.PermanentFailure) result).reason()).contains(other.name());
    }
  }

  @Test
  void aPhotosDescriptionIsNoReasonToRefuseIt() {
    // alt text within every platform's limit: sent where the platform shows one, left off where it
    // has none, never the cause of a refusal or a failed send
    platformAccepts();
    OutboundMessage described = withAttachments(reply(), "",
        List.of(CONTRACT_PHOTO.withDescription("Glasfaser-Dose mit grüner LED, Aufnahme nach dem Tausch")));
    if (!adapter().capabilities(described.channel()).attachments()) {
      return;
    }
    assertThat(adapter().refusal(described)).as("a described photo on a channel that sends attachments").isNull();
    assertThat(adapter().send(described)).as("sending a described photo").isInstanceOf(SendResult.Sent.class);
    int received = filesReceivedWithLastSend();
    if (received >= 0) {
      assertThat(received).as("files the platform received with the described photo's message").isEqualTo(1);
    }
  }

  @Test
  void attachmentsTheChannelCannotSendAreRefusedByName() {
    // the text is kept, so that a refusal quoting it would show
    OutboundMessage tooMany = withAttachments(reply(), reply().text(),
        java.util.Collections.nCopies(OutboundMessage.MAX_ATTACHMENTS, CONTRACT_PHOTO));
    String refusal = adapter().refusal(tooMany);
    if (refusal != null) {
      assertThat(refusal).isNotBlank().doesNotContain(CONTRACT_PHOTO.reference());
      assertClean(refusal);
    }
    OutboundMessage strange = withAttachments(reply(), "",
        List.of(new Attachment("hologram", "https://files.example.com/contract/h.holo", null, null)));
    if (adapter().capabilities(strange.channel()).attachments()) {
      assertThat(adapter().refusal(strange)).as("a kind of file no platform sends").isNotBlank()
          .doesNotContain("https://files.example.com");
      // a host that sends without asking first gets the same answer, and nothing goes out in part
      assertThat(adapter().send(strange)).as("sending a kind of file no platform sends")
          .isInstanceOf(SendResult.PermanentFailure.class);
    }
  }

  @Test
  void aTextAtTheLengthLimitIsSentAndOneCharacterMoreIsRefusedBeforeQueueing() {
    platformAccepts();
    OutboundMessage reply = reply();
    int limit = longestText(reply);
    OutboundMessage atLimit = withAttachments(reply, paddedTo(reply, limit), List.of());
    assertThat(Channels.refusal(adapter(), atLimit)).as("a text of %s, the limit", limit).isNull();
    sendCheck().check(atLimit, Instant.now());
    assertThat(adapter().send(atLimit)).as("sending a text of %s, the limit", limit).isInstanceOf(SendResult.Sent.class);
    String overText = paddedTo(reply, limit + 1);
    if (adapter().capabilities(reply.channel()).splittable() || overText.length() > Interaction.MAX_TEXT_LENGTH) {
      // split by the adapter, or longer than any message the engine keeps
      return;
    }
    OutboundMessage over = withAttachments(reply, overText, List.of());
    String refusal = Channels.refusal(adapter(), over);
    assertThat(refusal).as("a text of %s, one over the limit", limit + 1).isNotBlank();
    assertClean(refusal);
    assertThatThrownBy(() -> sendCheck().check(over, Instant.now())).isInstanceOf(SendRefusedException.class);
    // the platform double would take it: only the adapter's own check can fail it, and nothing goes out cut
    assertThat(adapter().send(over)).as("sending a text one over the limit")
        .isInstanceOf(SendResult.PermanentFailure.class);
  }

  @Test
  void whatTheDeclaredCapabilitiesRuleOutIsRefusedBeforeQueueingAndNeverSent() {
    platformAccepts();
    OutboundMessage reply = reply();
    ChannelCapabilities caps = adapter().capabilities(reply.channel());
    List<OutboundMessage> ruledOut = new ArrayList<>();
    if (!caps.startsConversations()) {
      // a channel that only answers: without a thread, the message would answer nothing
      ruledOut.add(addressed(reply, null, null, reply.visibility()));
    }
    for (Visibility visibility : Visibility.values()) {
      boolean carried = visibility == Visibility.PUBLIC ? caps.publicReplies() : caps.privateMessages();
      if (!carried) {
        ruledOut.add(addressed(reply, reply.threadId(), reply.inReplyTo(), visibility));
      }
    }
    for (OutboundMessage message : ruledOut) {
      String refusal = Channels.refusal(adapter(), message);
      assertThat(refusal).as("%s message, thread %s", message.visibility(), message.threadId()).isNotBlank();
      assertClean(refusal);
      assertThatThrownBy(() -> sendCheck().check(message, Instant.now())).isInstanceOf(SendRefusedException.class);
      assertThat(adapter().send(message)).as("sending a %s message, thread %s", message.visibility(),
          message.threadId()).isInstanceOf(SendResult.PermanentFailure.class);
    }
  }

  @Test
  void permanentRejectionIsAPermanentFailure() {
    platformRejectsPermanently();
    SendResult result = adapter().send(reply());
    assertThat(result).isInstanceOf(SendResult.PermanentFailure.class);
    assertClean(((SendResult.PermanentFailure) result).reason());
  }

  @Test
  void rateLimitIsRetryableAndCarriesThePlatformsWait() {
    Duration wait = Duration.ofSeconds(7);
    platformRateLimits(wait);
    SendResult result = adapter().send(reply());
    assertThat(result).isInstanceOf(SendResult.RetryableFailure.class);
    SendResult.RetryableFailure failure = (SendResult.RetryableFailure) result;
    assertThat(failure.retryAfter()).as("retry-after").isNotNull()
        .isBetween(wait.minusSeconds(2), wait.plusSeconds(2));
    assertClean(failure.reason());
  }

  @Test
  void serverErrorIsRetryable() {
    platformFailsTemporarily();
    SendResult result = adapter().send(reply());
    assertThat(result).isInstanceOf(SendResult.RetryableFailure.class);
    assertClean(((SendResult.RetryableFailure) result).reason());
  }

  @Test
  void timeoutIsRetryableOrAnUnknownOutcome() {
    platformTimesOut();
    OutboundMessage reply = reply();
    SendResult result = adapter().send(reply);
    assertThat(result).isInstanceOfAny(SendResult.RetryableFailure.class, SendResult.OutcomeUnknown.class);
    if (timeoutReachesThePlatform() && !adapter().capabilities(reply.channel()).idempotencyKeys()) {
      assertThat(result).as("a platform that may have the message, and takes no idempotency key")
          .isInstanceOf(SendResult.OutcomeUnknown.class);
    }
    assertClean(result instanceof SendResult.RetryableFailure r ? r.reason()
        : ((SendResult.OutcomeUnknown) result).reason());
  }

  @Test
  void parsesACustomerMessage() {
    ParsedDelivery parsed = adapter().parse(customerMessageDelivery());
    assertThat(parsed.interactions()).hasSize(1);
    Interaction message = parsed.interactions().get(0);
    assertThat(adapter().channels()).contains(message.channel());
    assertThat(message.direction()).isEqualTo(Direction.INBOUND);
    assertThat(message.externalId()).isNotBlank();
    assertThat(message.threadId()).isNotBlank();
    assertThat(message.text()).isEqualTo(expectedCustomerText());
  }

  @Test
  void parsingIsDeterministic() {
    List<Interaction> first = adapter().parse(customerMessageDelivery()).interactions();
    List<Interaction> second = adapter().parse(customerMessageDelivery()).interactions();
    assertThat(second).isEqualTo(first);
  }

  @Test
  void rejectsABadDeliveryWithATypedError() {
    Throwable thrown = catchThrowable(() -> adapter().parse(badDelivery()));
    assertThat(thrown).isInstanceOf(DeliveryRejectedException.class);
    assertClean(thrown.getMessage());
  }

  @Test
  void arbitraryBytesAreEitherParsedOrRejectedWithATypedError() {
    ChannelAdapter subject = adapter();
    Map<String, List<String>> headers = customerMessageDelivery().headers();
    qt().withExamples(300).forAll(lists().of(integers().between(0, 255)).ofSizeBetween(0, 300))
        .checkAssert(values -> {
          byte[] body = new byte[values.size()];
          for (int i = 0; i < body.length; i++) {
            body[i] = values.get(i).byteValue();
          }
          Throwable thrown = catchThrowable(() -> subject.parse(InboundDelivery.of(body, headers, Instant.EPOCH)));
          if (thrown != null) {
            assertThat(thrown).isInstanceOf(DeliveryRejectedException.class);
            assertClean(thrown.getMessage());
          }
        });
  }

  @Test
  void aValidDeliveryCutShortOrWithOneByteChangedIsParsedOrRejectedWithATypedError() {
    ChannelAdapter subject = adapter();
    byte[] valid = customerMessageDelivery().body();
    for (int length = 0; length < valid.length; length++) {
      assertParsedOrRejected(subject, java.util.Arrays.copyOf(valid, length));
    }
    qt().withExamples(500).forAll(integers().between(0, valid.length - 1), integers().between(0, 255))
        .checkAssert((at, value) -> {
          byte[] changed = valid.clone();
          changed[at] = (byte) value.intValue();
          assertParsedOrRejected(subject, changed);
          byte[] shorter = new byte[valid.length - 1];
          System.arraycopy(valid, 0, shorter, 0, at);
          System.arraycopy(valid, at + 1, shorter, at, valid.length - at - 1);
          assertParsedOrRejected(subject, shorter);
        });
  }

  private void assertParsedOrRejected(ChannelAdapter subject, byte[] body) {
    InboundDelivery delivery = deliveryWithBody(body);
    Throwable thrown = catchThrowable(() -> subject.parse(delivery));
    if (thrown != null) {
      assertThat(thrown).as("parsing a changed delivery").isInstanceOf(DeliveryRejectedException.class);
      assertClean(thrown.getMessage());
    }
  }

  @Test
  void closedAdapterRefusesWork() {
    ChannelAdapter subject = adapter();
    subject.close();
    assertThatThrownBy(() -> subject.send(reply())).isInstanceOf(ChannelClosedException.class);
    assertThatThrownBy(() -> subject.parse(customerMessageDelivery())).isInstanceOf(ChannelClosedException.class);
    // a platform that is only pushed keeps the default poll, which refuses every call
    assertThat(catchThrowable(() -> subject.poll(null))).as("poll after close")
        .isInstanceOfAny(ChannelClosedException.class, UnsupportedOperationException.class);
  }

  /** The engine's check before queueing, as a host wires it for this adapter. */
  private SendCheck sendCheck() {
    return Channels.of(adapter()).sendCheck(Clock.systemUTC());
  }

  /**
   * Returns the message's text followed by a space and as many letters as make it {@code length}
   * long, as the adapter counts.
   */
  private String paddedTo(OutboundMessage message, int length) {
    String start = message.text() + " ";
    int missing = length - adapter().textLength(message.channel(), start);
    assertThat(missing).as("room for letters after the reply's text within %s", length).isPositive();
    String text = start + "a".repeat(missing);
    assertThat(adapter().textLength(message.channel(), text)).as("the adapter's count of the padded text")
        .isEqualTo(length);
    return text;
  }

  /** A photo by URL, as a host attaches one. */
  private static final Attachment CONTRACT_PHOTO =
      new Attachment("photo", "https://files.example.com/contract/photo.jpg", "image/jpeg", null);

  /**
   * Returns a copy of a message with another text and attachments.
   *
   * @param message the message
   * @param text the text
   * @param attachments the attachments
   * @return the copy
   */
  protected static OutboundMessage withAttachments(OutboundMessage message, String text,
      List<Attachment> attachments) {
    return onChannel(message, message.channel(), text, attachments);
  }

  /** The message in another thread, answering another message, with another visibility. */
  private static OutboundMessage addressed(OutboundMessage m, @Nullable String threadId, @Nullable String inReplyTo,
      Visibility visibility) {
    return new OutboundMessage(m.id(), m.caseId(), m.recipient(), m.channel(), threadId, inReplyTo, visibility,
        m.text(), m.attachments(), m.purpose(), m.idempotencyKey(), m.status(), m.attempts(), m.providerId(),
        m.lastError(), m.createdAt(), m.nextAttemptAt(), m.version());
  }

  /** The message on another channel, with the given text and files. */
  private static OutboundMessage onChannel(OutboundMessage message, ChannelId channel, String text,
      List<Attachment> attachments) {
    return new OutboundMessage(message.id(), message.caseId(), message.recipient(), channel,
        message.threadId(), message.inReplyTo(), message.visibility(), text, attachments, message.purpose(),
        message.idempotencyKey(), message.status(), message.attempts(), message.providerId(), message.lastError(),
        message.createdAt(), message.nextAttemptAt(), message.version());
  }

  /**
   * Returns {@link #replyMessage()}, checked to carry {@link #TEXT_MARKER}: without it no leak of the
   * message text into an error could be seen.
   */
  private OutboundMessage reply() {
    OutboundMessage message = replyMessage();
    assertThat(message.text()).as("replyMessage() must contain TEXT_MARKER").contains(TEXT_MARKER);
    return message;
  }

  /**
   * Asserts that an error text carries neither a configured secret nor the sent message's text.
   *
   * @param text the error text, may be null
   */
  protected final void assertClean(@Nullable String text) {
    if (text == null) {
      return;
    }
    assertThat(text).doesNotContain(TEXT_MARKER);
    for (String secret : secrets()) {
      assertThat(text).as("error text must not carry a secret").doesNotContain(secret);
    }
  }
}
