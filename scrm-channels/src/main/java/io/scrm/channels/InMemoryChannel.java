package io.scrm.channels;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scrm.core.ScrmJson;
import io.scrm.core.model.Attachment;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.Direction;
import io.scrm.core.model.Interaction;
import io.scrm.core.model.InteractionId;
import io.scrm.core.model.InteractionKind;
import io.scrm.core.model.OutboundMessage;
import io.scrm.core.model.Visibility;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A complete channel adapter that keeps everything in memory, for tests and demos: inject inbound
 * messages (private and public, in threads, with edits), read what was sent, and script how the
 * next sends fail. It behaves like a real adapter: its deliveries are bytes that are parsed and
 * rejected when malformed, it honours idempotency keys, and it refuses work after {@link #close()}.
 *
 * <p>Thread-safe: every method may be called from any thread; all state is guarded by one lock.
 *
 * <p>Wire format: a delivery's body is a JSON array of interactions in scrm's JSON form (see {@link
 * ScrmJson}); {@link #delivery(Interaction...)} builds one. Messages their authors deleted come as an
 * object {@code {"deletions": [...]}} of {@link Deletion}s; {@link #deletionDelivery(Deletion...)}
 * builds one.
 *
 * <pre>{@code
 * InMemoryChannel channel = InMemoryChannel.builder().clock(clock).build();
 * crm.ingest(channel.parse(channel.delivery(channel.privateMessage("m1", "chat-1", "anna", "Hallo"))).interactions().get(0));
 * channel.failNext(2, InMemoryChannel.Fault.serverError());
 * }</pre>
 *
 * @since 0.1.0
 */
public final class InMemoryChannel implements ChannelAdapter {
  private static final ObjectMapper JSON = ScrmJson.newObjectMapper();

  private final ChannelId channel;
  private final ChannelCapabilities capabilities;
  private final Clock clock;

  private final Object lock = new Object();
  private final List<Sent> sent = new ArrayList<>();
  private final Map<String, SendResult.Sent> byIdempotencyKey = new HashMap<>();
  private final ArrayDeque<Fault> script = new ArrayDeque<>();
  /** What polls read, in order: {@link Interaction}s and {@link Deletion}s. */
  private final List<Object> inbox = new ArrayList<>();
  private final ArrayDeque<Optional<Duration>> pollFaults = new ArrayDeque<>();
  private final int pollPageSize;
  private final Function<OutboundMessage, @Nullable String> platformRefusal;
  private long attempts;
  private long polls;
  private long nextProviderId = 1;
  /** How many injected items {@link #reset()} dropped: cursors count from the first ever injected. */
  private long dropped;
  private boolean closed;

  private InMemoryChannel(Builder b) {
    this.channel = b.channel;
    this.capabilities = b.capabilities;
    this.clock = b.clock;
    this.pollPageSize = b.pollPageSize;
    this.platformRefusal = b.refusal;
  }

  /**
   * Returns a builder with the defaults: channel {@link ChannelId#IN_MEMORY}, {@link
   * #defaultCapabilities()}, the system clock.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a channel with the defaults of {@link #builder()}.
   *
   * @return a new channel
   */
  public static InMemoryChannel create() {
    return builder().build();
  }

  /**
   * Returns the capabilities the channel declares unless told otherwise: private messages and
   * public replies, may start conversations, no reply window, 4,096 characters, not splittable,
   * attachments, 1,000 sends per second, idempotency keys honoured.
   *
   * @return the capabilities
   */
  public static ChannelCapabilities defaultCapabilities() {
    return new ChannelCapabilities(true, true, true, null, 4096, false, true,
        ChannelCapabilities.RateLimit.perSecond(1_000), true);
  }

  @Override
  public ChannelId channel() {
    return channel;
  }

  @Override
  public ChannelCapabilities capabilities(ChannelId forChannel) {
    Objects.requireNonNull(forChannel, "channel");
    if (!channel.equals(forChannel)) {
      throw new IllegalArgumentException("channel must be " + channel + ", was " + forChannel);
    }
    return capabilities;
  }

  // ---------------------------------------------------------------- inbound

  /**
   * Returns a private message from a customer, ready to be put into a {@link #delivery}.
   *
   * @param externalId the message's id on the channel
   * @param threadId the conversation
   * @param author the customer's handle
   * @param text the text
   * @return the interaction, occurred now by the channel's clock
   */
  public Interaction privateMessage(String externalId, String threadId, String author, String text) {
    return Interaction.inbound(channel, externalId).thread(threadId).author(author, null).text(text)
        .occurredAt(clock.instant()).visibility(Visibility.PRIVATE).kind(InteractionKind.DIRECT).build();
  }

  /**
   * Returns a public post or comment by a customer, ready to be put into a {@link #delivery}.
   *
   * @param externalId the post's id on the channel
   * @param threadId the public thread (the post it comments on, or itself)
   * @param author the customer's handle
   * @param text the text
   * @param kind {@link InteractionKind#MENTION}, {@link InteractionKind#COMMENT} or {@link
   *     InteractionKind#REPLY}
   * @return the interaction, occurred now by the channel's clock
   */
  public Interaction publicPost(String externalId, String threadId, String author, String text, InteractionKind kind) {
    Objects.requireNonNull(kind, "kind");
    return Interaction.inbound(channel, externalId).thread(threadId).author(author, null).text(text)
        .occurredAt(clock.instant()).visibility(Visibility.PUBLIC).kind(kind).build();
  }

  /**
   * Returns an edit of a message the customer sent earlier: same id, new text, flagged as edited.
   *
   * @param original the message as first delivered
   * @param newText the text after the edit
   * @return the edited interaction
   */
  public Interaction edit(Interaction original, String newText) {
    Objects.requireNonNull(original, "original");
    return original.toBuilder().text(newText).edited(true).build();
  }

  /**
   * Encodes interactions as a delivery, exactly as this channel's "platform" would push them.
   *
   * @param interactions the inbound messages, in the order they are to be parsed
   * @return the delivery, received now by the channel's clock
   * @throws IllegalArgumentException if an interaction is not inbound or belongs to another channel
   */
  public InboundDelivery delivery(Interaction... interactions) {
    return delivery(Arrays.asList(interactions));
  }

  /**
   * Encodes interactions as a delivery, exactly as this channel's "platform" would push them.
   *
   * @param interactions the inbound messages, in the order they are to be parsed
   * @return the delivery, received now by the channel's clock
   * @throws IllegalArgumentException if an interaction is not inbound or belongs to another channel
   */
  public InboundDelivery delivery(List<Interaction> interactions) {
    Objects.requireNonNull(interactions, "interactions");
    for (Interaction i : interactions) {
      checkOwn(i);
    }
    try {
      return InboundDelivery.of(JSON.writeValueAsBytes(interactions), Map.of(), clock.instant());
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("interactions could not be encoded", e);
    }
  }

  /**
   * Encodes deletions as a delivery, as this channel's "platform" pushes them when authors delete
   * messages.
   *
   * @param deletions the messages deleted, of this channel
   * @return the delivery, received now by the channel's clock
   * @throws IllegalArgumentException if a deletion is of another channel's message
   * @since 0.1.0
   */
  public InboundDelivery deletionDelivery(Deletion... deletions) {
    requireOwn(deletions);
    try {
      return InboundDelivery.of(JSON.writeValueAsBytes(Map.of("deletions", List.of(deletions))), Map.of(),
          clock.instant());
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("deletions could not be encoded", e);
    }
  }

  /** Refuses a deletion of another channel's message. */
  private void requireOwn(Deletion[] deletions) {
    for (Deletion d : deletions) {
      if (!ownId(Objects.requireNonNull(d, "deletion").interaction())) {
        throw new IllegalArgumentException("deletion must be of a message of " + channel + ", was "
            + d.interaction());
      }
    }
  }

  private boolean ownId(InteractionId id) {
    return id.value().startsWith(channel.name() + ":");
  }

  /**
   * Queues deletions for the next {@link #poll(String)}, as if the messages had been deleted on the
   * platform; a page counts them as it counts messages.
   *
   * @param deletions the messages deleted, of this channel
   * @throws IllegalArgumentException if a deletion is of another channel's message
   * @since 0.1.0
   */
  public void injectDeletion(Deletion... deletions) {
    requireOwn(deletions);
    synchronized (lock) {
      ensureOpen();
      inbox.addAll(Arrays.asList(deletions));
    }
  }

  /**
   * Queues inbound messages for the next {@link #poll(String)}, as if they had arrived on the
   * platform.
   *
   * @param interactions the inbound messages, in arrival order
   * @throws IllegalArgumentException if an interaction is not inbound or belongs to another channel
   */
  public void inject(Interaction... interactions) {
    for (Interaction i : interactions) {
      checkOwn(i);
    }
    synchronized (lock) {
      ensureOpen();
      inbox.addAll(Arrays.asList(interactions));
    }
  }

  private void checkOwn(Interaction i) {
    Objects.requireNonNull(i, "interaction");
    if (!i.channel().equals(channel)) {
      throw new IllegalArgumentException("interaction channel must be " + channel + ", was " + i.channel());
    }
    if (i.direction() != Direction.INBOUND) {
      throw new IllegalArgumentException("interaction must be INBOUND, was " + i.direction());
    }
  }

  @Override
  public ParsedDelivery parse(InboundDelivery delivery) {
    Objects.requireNonNull(delivery, "delivery");
    synchronized (lock) {
      ensureOpen();
    }
    Interaction[] parsed = null;
    Deletion[] deletions = null;
    try {
      JsonNode root = JSON.readTree(delivery.body());
      if (root != null && root.isObject() && root.has("deletions")) {
        deletions = JSON.treeToValue(root.get("deletions"), Deletion[].class);
      } else {
        parsed = JSON.treeToValue(root, Interaction[].class);
      }
    } catch (IOException | RuntimeException e) {
      // the parser's message may quote the body: keep it out of ours
      throw new DeliveryRejectedException(channel, DeliveryRejectedException.Reason.MALFORMED,
          "body is not a JSON array of interactions (" + e.getClass().getSimpleName() + ")");
    }
    if (deletions != null) {
      return parseDeletions(deletions);
    }
    if (parsed == null) {
      throw new DeliveryRejectedException(channel, DeliveryRejectedException.Reason.MALFORMED, "body is null");
    }
    List<Interaction> interactions = new ArrayList<>(parsed.length);
    List<String> skipped = new ArrayList<>();
    for (int i = 0; i < parsed.length; i++) {
      Interaction item = parsed[i];
      if (item == null) {
        throw new DeliveryRejectedException(channel, DeliveryRejectedException.Reason.MALFORMED,
            "item " + i + " is null");
      }
      if (!item.channel().equals(channel)) {
        throw new DeliveryRejectedException(channel, DeliveryRejectedException.Reason.MALFORMED,
            "item " + i + " belongs to another channel");
      }
      if (item.direction() != Direction.INBOUND) {
        skipped.add("item " + i + ": echo of an outbound message");
        continue;
      }
      // through the builder, as a platform adapter builds them (JSON reads take the record's constructor)
      interactions.add(item.toBuilder().version(0).deletedAt(null).build());
    }
    return new ParsedDelivery(interactions, skipped);
  }

  private ParsedDelivery parseDeletions(Deletion[] deletions) {
    for (int i = 0; i < deletions.length; i++) {
      if (deletions[i] == null || !ownId(deletions[i].interaction())) {
        throw new DeliveryRejectedException(channel, DeliveryRejectedException.Reason.MALFORMED,
            "deletion " + i + " is null or of another channel's message");
      }
    }
    return new ParsedDelivery(List.of(), List.of(), List.of(deletions));
  }

  /**
   * Returns the injected messages after the cursor, at most {@link Builder#pollPageSize} of them,
   * unless a scripted poll failure comes first ({@link #failNextPolls}).
   *
   * @param cursor null for the first poll, else the {@link PollResult#nextCursor()} of the last
   * @return the messages in arrival order and the next cursor
   * @throws PollFailedException if a failure was scripted for this poll, or the cursor was not
   *     issued by this channel
   */
  @Override
  public PollResult poll(@Nullable String cursor) {
    synchronized (lock) {
      ensureOpen();
      polls++;
      Optional<Duration> fault = pollFaults.poll();
      if (fault != null) {
        throw new PollFailedException(channel, fault.isPresent() ? "429 (scripted)" : "503 (scripted)",
            fault.orElse(null), null);
      }
      int from = 0;
      if (cursor != null) {
        long at;
        try {
          at = Long.parseLong(cursor);
        } catch (NumberFormatException e) {
          throw new PollFailedException(channel, "unknown cursor", null, null);
        }
        if (at < 0 || at > dropped + inbox.size()) {
          throw new PollFailedException(channel, "unknown cursor", null, null);
        }
        // a cursor from before a reset() points at what was dropped: go on from the first item after it
        from = (int) Math.max(0, at - dropped);
      }
      int to = (int) Math.min(inbox.size(), (long) from + pollPageSize);
      List<Interaction> interactions = new ArrayList<>();
      List<Deletion> deletions = new ArrayList<>();
      for (Object item : inbox.subList(from, to)) {
        if (item instanceof Deletion deletion) {
          deletions.add(deletion);
        } else {
          interactions.add((Interaction) item);
        }
      }
      return new PollResult(interactions, List.of(), Long.toString(dropped + to), to < inbox.size(), deletions);
    }
  }

  /**
   * Scripts the next polls: each of the next {@code count} polls fails with a {@link
   * PollFailedException}, as a platform's server error (no {@code retryAfter}) or rate limit does.
   *
   * @param count how many polls, at least 1
   * @param retryAfter the wait the failures ask for, or null for none
   */
  public void failNextPolls(int count, @Nullable Duration retryAfter) {
    if (count < 1) {
      throw new IllegalArgumentException("count must be at least 1, was " + count);
    }
    synchronized (lock) {
      for (int i = 0; i < count; i++) {
        pollFaults.add(Optional.ofNullable(retryAfter));
      }
    }
  }

  /**
   * Returns how many times {@link #poll} was called, whatever the outcome.
   *
   * @return the number of polls
   */
  public long polls() {
    synchronized (lock) {
      return polls;
    }
  }

  // ---------------------------------------------------------------- outbound

  /**
   * Sends a message. A message its declared capabilities rule out ({@link Channels#refusal}: a new
   * conversation on a reply-only channel, a visibility it lacks, a text over its limit) fails for
   * good and is not delivered, as on a real platform; otherwise the send consumes the next scripted
   * {@link Fault}, if any, else accepts the message. A message
   * whose idempotency key was accepted before is not delivered again; the first result is returned,
   * as platforms with idempotency keys do (only when the capabilities declare them). A scripted
   * fault applies whether or not the key is known. An accepted message gets the id {@code
   * <channel>-out-<n>}, counted from 1 by each channel instance, as a new platform account would: a
   * test that restarts the host on stores it keeps sees ids again that name earlier messages, and the
   * engine then audits the reply on its case without linking the earlier message.
   *
   * @param message the stored outbound message
   * @return the result
   * @throws ChannelClosedException if the channel is closed
   */
  @Override
  public SendResult send(OutboundMessage message) {
    Objects.requireNonNull(message, "message");
    synchronized (lock) {
      ensureOpen();
      attempts++;
      String refused = Channels.refusal(this, message);
      if (refused != null) {
        // as a platform adapter: what the declared capabilities rule out is not sent, nor sent in part
        return SendResult.permanent(refused);
      }
      Fault fault = script.poll();
      Fault.Kind kind = fault == null ? Fault.Kind.NONE : fault.kind;
      switch (kind) {
        case SERVER_ERROR:
          return SendResult.retryable("HTTP 500 from platform", null);
        case RATE_LIMITED:
          return SendResult.retryable("HTTP 429 rate limited", Objects.requireNonNull(fault).retryAfter);
        case TIMEOUT:
          return SendResult.retryable("timed out", null);
        case CONNECTION_RESET:
          return SendResult.retryable("connection reset", null);
        case PERMANENT:
          return SendResult.permanent(Objects.requireNonNull(Objects.requireNonNull(fault).reason));
        default:
          break;
      }
      SendResult.Sent earlier = capabilities.idempotencyKeys() ? byIdempotencyKey.get(message.idempotencyKey()) : null;
      SendResult.Sent result = earlier != null ? earlier : deliver(message);
      if (kind == Fault.Kind.LOST_RESPONSE) {
        // delivered, but the sender cannot know: what a real adapter reports for a timeout after the
        // request was written
        return SendResult.outcomeUnknown("timed out waiting for the response");
      }
      return result;
    }
  }

  private SendResult.Sent deliver(OutboundMessage message) {
    SendResult.Sent result = new SendResult.Sent(channel.name() + "-out-" + nextProviderId++, clock.instant());
    sent.add(new Sent(message, result.providerId(), result.at()));
    if (capabilities.idempotencyKeys()) {
      byIdempotencyKey.put(message.idempotencyKey(), result);
    }
    return result;
  }

  /**
   * Scripts the next sends: each of the next {@code count} sends fails with {@code fault}, after
   * any faults already scripted.
   *
   * @param count how many sends, at least 1
   * @param fault how they fail
   */
  public void failNext(int count, Fault fault) {
    if (count < 1) {
      throw new IllegalArgumentException("count must be at least 1, was " + count);
    }
    Objects.requireNonNull(fault, "fault");
    synchronized (lock) {
      for (int i = 0; i < count; i++) {
        script.add(fault);
      }
    }
  }

  /**
   * Scripts the next sends one by one, after any faults already scripted; {@link Fault#none()}
   * lets a send through.
   *
   * @param faults the outcomes, in order
   */
  public void script(List<Fault> faults) {
    Objects.requireNonNull(faults, "faults");
    List<Fault> checked = new ArrayList<>(faults.size());
    for (Fault f : faults) {
      checked.add(Objects.requireNonNull(f, "fault"));
    }
    synchronized (lock) {
      script.addAll(checked);
    }
  }

  /**
   * Returns how many scripted outcomes are still waiting for a send.
   *
   * @return the number of scripted faults left
   */
  public int scriptedFaults() {
    synchronized (lock) {
      return script.size();
    }
  }

  /**
   * Returns the messages delivered to the "platform", in the order they were accepted. A message sent
   * again under an idempotency key already accepted appears once.
   *
   * @return the delivered messages
   */
  public List<Sent> sent() {
    synchronized (lock) {
      return List.copyOf(sent);
    }
  }

  /**
   * Returns how many times {@link #send} was called, whatever the outcome (a send the channel refuses
   * included).
   *
   * @return the number of attempts
   */
  public long sendAttempts() {
    synchronized (lock) {
      return attempts;
    }
  }

  /**
   * Forgets what was sent, the scripted faults, the injected messages and the attempt and poll counts.
   * A poll cursor handed out before stays valid: the next poll with it reads the messages injected
   * after the reset, from the first.
   */
  public void reset() {
    synchronized (lock) {
      sent.clear();
      byIdempotencyKey.clear();
      script.clear();
      dropped += inbox.size();
      inbox.clear();
      pollFaults.clear();
      attempts = 0;
      polls = 0;
    }
  }

  /**
   * Tells whether {@link #close()} was called.
   *
   * @return true if closed
   */
  public boolean isClosed() {
    synchronized (lock) {
      return closed;
    }
  }

  /** Closes the channel; later sends, parses and polls throw {@link ChannelClosedException}. */
  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new ChannelClosedException(channel);
    }
  }

  /**
   * Refuses a file of a kind outside {@link Attachment#SENDABLE_TYPES}, as every platform adapter
   * does; the channel takes up to {@value OutboundMessage#MAX_ATTACHMENTS} of the others, with or
   * without text, unless the refusal given to {@link Builder#refusal} says otherwise.
   */
  @Override
  public @Nullable String refusal(OutboundMessage message) {
    String refused = ChannelAdapter.super.refusal(message);
    if (refused != null) {
      return refused;
    }
    for (Attachment a : message.attachments()) {
      if (!Attachment.SENDABLE_TYPES.contains(a.type())) {
        return "the channel sends no attachment of kind " + a.type();
      }
    }
    return platformRefusal.apply(message);
  }

  @Override
  public String toString() {
    return "InMemoryChannel[" + channel + "]";
  }

  /**
   * One message the channel delivered. Immutable and thread-safe.
   *
   * @param message the outbound message as the dispatcher handed it over
   * @param providerId the id the channel gave it
   * @param at when it was accepted, by the channel's clock
   * @since 0.1.0
   */
  public record Sent(OutboundMessage message, String providerId, Instant at) {
    /**
     * Validates the record.
     *
     * @throws NullPointerException if a component is null
     */
    public Sent {
      Objects.requireNonNull(message, "message");
      Objects.requireNonNull(providerId, "providerId");
      Objects.requireNonNull(at, "at");
    }

    /**
     * Returns the delivered text.
     *
     * @return the text
     */
    public String text() {
      return message.text();
    }
  }

  /**
   * How one scripted send fails. Immutable and thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Fault {
    private enum Kind { NONE, SERVER_ERROR, RATE_LIMITED, TIMEOUT, CONNECTION_RESET, LOST_RESPONSE, PERMANENT }

    private static final Fault NONE = new Fault(Kind.NONE, null, null);

    private final Kind kind;
    private final @Nullable Duration retryAfter;
    private final @Nullable String reason;

    private Fault(Kind kind, @Nullable Duration retryAfter, @Nullable String reason) {
      this.kind = kind;
      this.retryAfter = retryAfter;
      this.reason = reason;
    }

    /**
     * No fault: the send goes through.
     *
     * @return the outcome
     */
    public static Fault none() {
      return NONE;
    }

    /**
     * An HTTP 500: retryable, no retry-after.
     *
     * @return the fault
     */
    public static Fault serverError() {
      return new Fault(Kind.SERVER_ERROR, null, null);
    }

    /**
     * An HTTP 429 with the platform's retry-after.
     *
     * @param retryAfter how long the platform asks to wait, not negative
     * @return the fault
     */
    public static Fault rateLimited(Duration retryAfter) {
      Objects.requireNonNull(retryAfter, "retryAfter");
      if (retryAfter.isNegative()) {
        throw new IllegalArgumentException("retryAfter must not be negative, was " + retryAfter);
      }
      return new Fault(Kind.RATE_LIMITED, retryAfter, null);
    }

    /**
     * A timeout before the platform received the message: retryable.
     *
     * @return the fault
     */
    public static Fault timeout() {
      return new Fault(Kind.TIMEOUT, null, null);
    }

    /**
     * A connection reset before the platform received the message: retryable.
     *
     * @return the fault
     */
    public static Fault connectionReset() {
      return new Fault(Kind.CONNECTION_RESET, null, null);
    }

    /**
     * The platform received and delivered the message, but the response was lost (a timeout after
     * delivery): the send reports {@link SendResult.OutcomeUnknown}, as a real adapter does. The
     * dispatcher sends again only on a channel with idempotency keys, where the key keeps the retry
     * from delivering twice; elsewhere the message becomes a dead letter.
     *
     * @return the fault
     */
    public static Fault lostResponse() {
      return new Fault(Kind.LOST_RESPONSE, null, null);
    }

    /**
     * A permanent refusal (a 4xx other than 429: blocked, unknown recipient).
     *
     * @param reason the platform's reason, without message text
     * @return the fault
     */
    public static Fault permanent(String reason) {
      Objects.requireNonNull(reason, "reason");
      return new Fault(Kind.PERMANENT, null, reason);
    }

    @Override
    public String toString() {
      return "Fault[" + kind + (retryAfter != null ? ", retryAfter=" + retryAfter : "") + "]";
    }
  }

  /**
   * Builds an {@link InMemoryChannel}. Not thread-safe; each setter validates its argument at once.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private ChannelId channel = ChannelId.IN_MEMORY;
    private ChannelCapabilities capabilities = defaultCapabilities();
    private Clock clock = Clock.systemUTC();
    private int pollPageSize = Integer.MAX_VALUE;
    private Function<OutboundMessage, @Nullable String> refusal = message -> null;

    private Builder() {}

    /**
     * Sets the channel the adapter serves.
     *
     * @param value the channel; default {@link ChannelId#IN_MEMORY}
     * @return this builder
     */
    public Builder channel(ChannelId value) {
      channel = Objects.requireNonNull(value, "channel");
      return this;
    }

    /**
     * Sets the declared capabilities.
     *
     * @param value the capabilities; default {@link #defaultCapabilities()}
     * @return this builder
     */
    public Builder capabilities(ChannelCapabilities value) {
      capabilities = Objects.requireNonNull(value, "capabilities");
      return this;
    }

    /**
     * Sets the clock that stamps injected messages, deliveries and sends.
     *
     * @param value the clock; default the system clock
     * @return this builder
     */
    public Builder clock(Clock value) {
      clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    /**
     * Sets how many injected messages one {@link InMemoryChannel#poll} returns at most, as platforms
     * return pages (Mastodon 40 notifications, Telegram 100 updates).
     *
     * @param value at least 1; default unlimited
     * @return this builder
     * @throws IllegalArgumentException if the value is less than 1
     */
    public Builder pollPageSize(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("pollPageSize must be at least 1, was " + value);
      }
      pollPageSize = value;
      return this;
    }

    /**
     * Adds a platform's refusals to the channel's own, so that a host's tests meet the rules of the
     * platform the channel stands in for: {@code .channel(ChannelId.TELEGRAM).refusal(telegramAdapter::refusal)}
     * refuses, before queueing and in {@code send}, a caption Telegram would not carry or files it would
     * not group. Give the channel the platform's id: an adapter refuses a message for a channel it
     * does not serve.
     *
     * @param value says why a message cannot be sent, or null if it can
     * @return this builder
     * @since 0.1.0
     */
    public Builder refusal(Function<OutboundMessage, @Nullable String> value) {
      refusal = Objects.requireNonNull(value, "refusal");
      return this;
    }

    /**
     * Builds the channel.
     *
     * @return a new, open channel
     */
    public InMemoryChannel build() {
      return new InMemoryChannel(this);
    }
  }
}
