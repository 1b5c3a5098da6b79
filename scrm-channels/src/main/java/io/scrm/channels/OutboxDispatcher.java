package io.scrm.channels;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.scrm.core.Outbox;
import io.scrm.core.SocialCrm;
import io.scrm.core.consent.ConsentDecision;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.OutboundMessage;
import io.scrm.core.model.OutboxStatus;
import io.scrm.core.store.StaleVersionException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends what the outbox holds, through the configured channel adapters. Thread-safe: rounds may run
 * on several threads and in several processes on one store at once, because every message is
 * claimed under a lease before it is touched.
 *
 * <p>For each claimed message the dispatcher asks the consent gate again (a denial cancels it), holds
 * it back while its channel's circuit breaker is open or its rate limiter (from the adapter's
 * declared {@link ChannelCapabilities#rateLimit()}) has no permit, and then sends it once. A retryable
 * failure is not retried on the spot: the next attempt is stored with its time (the platform's
 * retry-after if it gave one, else exponential backoff with jitter), so a crash loses nothing.
 * Permanent failures and exhausted retries go to the dead-letter list with their reason. Messages are
 * sent with their idempotency key; on a channel without idempotency keys a send is marked as started
 * before it is made, and a message found with that mark after a crash is dead-lettered ("outcome
 * unknown") rather than sent a second time. A conversation's messages go out in the order they were
 * written: the outbox hands out only the oldest pending message of each conversation, so a reply
 * waiting for its retry holds back the next one of its chat (see {@link
 * io.scrm.core.model.OutboundMessage#conversation()}).
 *
 * <p>Hosts without threads of their own call {@link #dispatchOnce()} or {@link #drain()}; {@link
 * #start()} runs {@link #drain()} on one daemon thread every {@link OutboxDispatcherConfig#pollInterval()}
 * until {@link #close()}.
 *
 * <pre>{@code
 * InMemoryChannel channel = InMemoryChannel.create();
 * Channels channels = Channels.of(channel);
 * SocialCrm crm = SocialCrm.builder().sendCheck(channels.sendCheck(clock)).clock(clock).build();
 * try (OutboxDispatcher dispatcher = OutboxDispatcher.builder(crm, channels).build()) {
 *   dispatcher.start();
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public final class OutboxDispatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OutboxDispatcher.class);
  private static final Duration MIN_HOLD = Duration.ofMillis(1);

  private final SocialCrm crm;
  private final Outbox outbox;
  private final Channels channels;
  private final OutboxDispatcherConfig config;
  private final IntervalFunction backoff;
  private final CircuitBreakerConfig breakerConfig;
  private final Map<ChannelId, CircuitBreaker> breakers = new ConcurrentHashMap<>();
  private final Map<ChannelId, ClockRateLimiter> limiters = new ConcurrentHashMap<>();
  private final AtomicReference<DispatchStats> total = new AtomicReference<>(DispatchStats.NONE);
  private final Object lifecycle = new Object();
  private @Nullable ScheduledExecutorService scheduler;
  private boolean closed;

  private OutboxDispatcher(Builder b) {
    this.crm = b.crm;
    this.outbox = b.crm.outbox();
    this.channels = b.channels;
    this.config = b.config;
    this.backoff = IntervalFunction.ofExponentialRandomBackoff(config.initialBackoff(), config.backoffMultiplier(),
        config.randomizationFactor(), config.maxBackoff());
    this.breakerConfig = CircuitBreakerConfig.custom()
        .clock(crm.clock())
        .failureRateThreshold(config.failureRateThreshold())
        .slidingWindow(config.slidingWindowSize(), config.minimumNumberOfCalls(),
            CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
        .waitDurationInOpenState(config.waitInOpenState())
        .build();
  }

  /**
   * Returns a builder.
   *
   * @param crm the engine whose outbox is sent
   * @param channels the adapters to send through
   * @return a new builder with {@link OutboxDispatcherConfig#ofDefaults()}
   */
  public static Builder builder(SocialCrm crm, Channels channels) {
    return new Builder(crm, channels);
  }

  /**
   * Claims the messages that are due now (at most {@link OutboxDispatcherConfig#batchSize()}) and
   * handles each once.
   *
   * @return what this round did
   * @throws IllegalStateException if the dispatcher is closed
   */
  public DispatchStats dispatchOnce() {
    synchronized (lifecycle) {
      if (closed) {
        throw new IllegalStateException("dispatcher is closed");
      }
    }
    List<OutboundMessage> claimed = outbox.claim(config.batchSize(), config.lease());
    Tally tally = new Tally();
    tally.claimed = claimed.size();
    try {
      for (OutboundMessage message : claimed) {
        if (stopping()) {
          // the rest keep their leases and are claimed again when those run out
          LOG.debug("round stopped before the end of its batch; the rest is claimed again after its lease");
          break;
        }
        try {
          handle(message, tally);
        } catch (StaleVersionException lost) {
          if (crm.stores().outbox().find(message.id()).isEmpty()) {
            // erased (GDPR Art. 17) while it was handled: nothing of it is to be recorded
            tally.cancelled++;
            LOG.info("outbound {} was erased while it was handled; not recorded", message.id());
          } else {
            // our lease ran out and another dispatcher recorded this message: its record stands
            tally.lostLeases++;
            LOG.warn("outbound {} was taken over by another dispatcher; result not recorded here", message.id());
          }
        } catch (RuntimeException e) {
          // e.g. the store failed: the message keeps its lease and is claimed again when it expires
          tally.errors++;
          LOG.warn("outbound {} could not be handled; it is retried after its lease", message.id(), e);
        }
      }
    } finally {
      // an Error ends the round; what it did so far still counts in stats()
      total.accumulateAndGet(tally.toStats(), DispatchStats::plus);
    }
    return tally.toStats();
  }

  /**
   * Runs rounds until nothing is due now, or a round completed no message (all were held back or
   * failed to be handled).
   *
   * @return what the rounds did together
   * @throws IllegalStateException if the dispatcher is closed
   */
  public DispatchStats drain() {
    DispatchStats sum = DispatchStats.NONE;
    while (true) {
      DispatchStats round = dispatchOnce();
      sum = sum.plus(round);
      if (round.claimed() == 0 || round.sent() + round.retried() + round.deadLettered() + round.cancelled() == 0) {
        return sum;
      }
    }
  }

  /**
   * Starts sending in the background: {@link #drain()} on one daemon thread, every poll interval.
   * Failures of a round are logged at WARN and the next round runs as planned.
   *
   * @return this dispatcher
   * @throws IllegalStateException if already started or closed
   */
  public OutboxDispatcher start() {
    synchronized (lifecycle) {
      if (closed) {
        throw new IllegalStateException("dispatcher is closed");
      }
      if (scheduler != null) {
        throw new IllegalStateException("dispatcher is already started");
      }
      ScheduledExecutorService s = Background.start("scrm-outbox-dispatcher", this::backgroundRound,
          config.pollInterval());
      scheduler = s;
      return this;
    }
  }

  private boolean stopping() {
    synchronized (lifecycle) {
      if (closed) {
        return true;
      }
    }
    return Thread.currentThread().isInterrupted();
  }

  private void backgroundRound() {
    try {
      drain();
    } catch (IllegalStateException closing) {
      LOG.debug("dispatcher closed during a round");
    } catch (Exception e) {
      // checked ones too (an adapter or listener may throw them undeclared)
      LOG.warn("outbox round failed; next round in {}", config.pollInterval(), e);
    } catch (Error e) {
      // an escaping throwable would cancel the schedule without a word: nothing would be sent again
      LOG.error("outbox round failed with an error; next round in {}", config.pollInterval(), e);
    }
  }

  /**
   * Returns what the dispatcher did since it was built.
   *
   * @return the running totals
   */
  public DispatchStats stats() {
    return total.get();
  }

  /**
   * Returns the state of a channel's circuit breaker.
   *
   * @param channel the channel
   * @return {@code CLOSED}, {@code OPEN}, {@code HALF_OPEN} (Resilience4j's state names), or empty if
   *     nothing was sent on it yet
   */
  public Optional<String> breakerState(ChannelId channel) {
    return Optional.ofNullable(breakers.get(channel)).map(b -> b.getState().name());
  }

  /**
   * Returns the config.
   *
   * @return the config
   */
  public OutboxDispatcherConfig config() {
    return config;
  }

  /**
   * Stops the background thread, if started, waiting up to the poll interval plus the lease for the
   * running round. A running round sends no further message once the dispatcher is closed or its
   * thread interrupted: the message being sent is finished (a send that ignores interrupts may
   * finish after this method returns), and the rest of the batch keep their leases and are sent by
   * the next dispatcher. The adapters stay open: they belong to the host.
   */
  @Override
  public void close() {
    ScheduledExecutorService s;
    synchronized (lifecycle) {
      closed = true;
      s = scheduler;
      scheduler = null;
    }
    Background.stop(s, config.pollInterval().plus(config.lease()));
  }

  private void handle(OutboundMessage message, Tally tally) {
    Instant now = crm.clock().instant();
    if (!now.isBefore(message.nextAttemptAt())) {
      // the round took longer than the lease: another dispatcher may have claimed the message since
      tally.lostLeases++;
      LOG.debug("outbound {} left alone: its lease ran out before its turn", message.id());
      return;
    }
    if (Outbox.wasInterrupted(message)) {
      deadAfterAttempt(message, "outcome unknown: a dispatcher stopped during the send on a channel without "
          + "idempotency keys; check the platform before re-driving", tally);
      return;
    }
    Optional<ChannelAdapter> found = channels.adapter(message.channel());
    if (found.isEmpty()) {
      outbox.markDead(message, "no adapter is configured for channel " + message.channel());
      tally.deadLettered++;
      return;
    }
    ChannelAdapter adapter = found.get();
    ConsentDecision decision;
    try {
      decision = outbox.recheck(message);
    } catch (RuntimeException e) {
      // not a denial: the answer is unknown, so the message waits (and counts an attempt, so that a
      // policy that keeps failing ends in the dead-letter list, from where it can be re-driven)
      LOG.warn("consent check failed for outbound {}; retried later", message.id(), e);
      retry(message, "consent check failed (" + e.getClass().getSimpleName() + ")", null, tally);
      return;
    }
    if (!decision.allowed()) {
      outbox.cancel(message, decision.reason());
      tally.cancelled++;
      return;
    }
    ChannelCapabilities caps = adapter.capabilities(message.channel());
    String refused;
    try {
      refused = Channels.refusal(adapter, message);
    } catch (RuntimeException e) {
      LOG.warn("adapter of {} failed to check outbound {}; retried later", message.channel(), message.id(), e);
      retry(message, "the adapter's check failed (" + e.getClass().getSimpleName() + ")", null, tally);
      return;
    }
    if (refused != null) {
      // queued past the engine's check (a host without Channels.sendCheck, or an adapter changed since):
      // sending would drop what the channel cannot carry and report the rest as sent
      outbox.markDead(message, "refused by the channel: " + refused);
      tally.deadLettered++;
      return;
    }
    CircuitBreaker breaker = breakers.computeIfAbsent(message.channel(),
        c -> CircuitBreaker.of("scrm-outbox-" + c.name(), breakerConfig));
    if (!breaker.tryAcquirePermission()) {
      // the breaker lets calls through only once its wait is over, not at its last instant
      outbox.postpone(message, now.plus(config.waitInOpenState()).plus(MIN_HOLD));
      tally.postponed++;
      LOG.debug("outbound {} held back: breaker of {} is open", message.id(), message.channel());
      return;
    }
    ClockRateLimiter limiter = limiters.computeIfAbsent(message.channel(),
        c -> new ClockRateLimiter(caps.rateLimit(), crm.clock()));
    if (!limiter.tryAcquire()) {
      breaker.releasePermission();
      Duration perPermit = caps.rateLimit().period().dividedBy(caps.rateLimit().permits());
      outbox.postpone(message, now.plus(perPermit.compareTo(MIN_HOLD) < 0 ? MIN_HOLD : perPermit));
      tally.postponed++;
      LOG.debug("outbound {} held back: rate limit of {}", message.id(), message.channel());
      return;
    }
    OutboundMessage sending;
    try {
      OutboundMessage leased = leased(message);
      sending = caps.idempotencyKeys() ? leased : outbox.markSending(leased);
      // a message erased (GDPR Art. 17) after the claim fails a versioned write; where none comes
      // before the send, it is looked for
      if (sending == message && crm.stores().outbox().find(message.id()).isEmpty()) {
        breaker.releasePermission();
        tally.cancelled++;
        LOG.info("outbound {} was erased before its turn; not sent", message.id());
        return;
      }
    } catch (RuntimeException | Error e) {
      breaker.releasePermission();
      throw e;
    }
    long start = System.nanoTime();
    SendResult result;
    try {
      result = send(adapter, sending);
    } catch (Error e) {
      // ends the round; the permit it holds (a half-open breaker has few) is given back as a failure
      breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
      throw e;
    } catch (ChannelClosedException closedAdapter) {
      // the host closed the adapter: nothing was sent, and the platform is not at fault
      breaker.releasePermission();
      outbox.postpone(sending, crm.clock().instant().plus(config.waitInOpenState()));
      tally.postponed++;
      LOG.debug("outbound {} held back: the adapter of {} is closed", message.id(), message.channel());
      return;
    }
    long elapsed = System.nanoTime() - start;
    if (result instanceof SendResult.OutcomeUnknown unknown) {
      breaker.onError(elapsed, TimeUnit.NANOSECONDS, PlatformFailure.INSTANCE);
      if (!caps.idempotencyKeys()) {
        deadAfterAttempt(sending, "outcome unknown: " + unknown.reason()
            + "; the channel has no idempotency keys, so it is not sent again unchecked", tally);
        return;
      }
      result = SendResult.retryable(unknown.reason(), null);
    } else if (result instanceof SendResult.RetryableFailure) {
      breaker.onError(elapsed, TimeUnit.NANOSECONDS, PlatformFailure.INSTANCE);
    } else {
      // a permanent refusal is about this message; the platform itself answered
      breaker.onSuccess(elapsed, TimeUnit.NANOSECONDS);
    }
    record(sending, result, tally);
  }

  /**
   * The message to send: as claimed, or, if it carries files (which the adapter may first fetch and
   * upload, for tens of seconds), with its lease renewed from now, so that the batch's lease, counted
   * from the claim, does not run out while it is sent and another dispatcher take it over.
   */
  private OutboundMessage leased(OutboundMessage message) {
    if (message.attachments().isEmpty()) {
      return message;
    }
    return outbox.postpone(message, crm.clock().instant().plus(config.lease()));
  }

  /**
   * Sends through the adapter. An adapter that throws may have reached the platform before it did (a
   * response it could not read), so the outcome is unknown: sent again only on a channel with
   * idempotency keys. A closed adapter's {@link ChannelClosedException} is passed on.
   */
  private SendResult send(ChannelAdapter adapter, OutboundMessage message) {
    try {
      return Objects.requireNonNull(adapter.send(message), "adapter returned no result");
    } catch (ChannelClosedException e) {
      throw e;
    } catch (RuntimeException e) {
      LOG.warn("adapter of {} threw on outbound {}; outcome unknown", message.channel(), message.id(), e);
      return SendResult.outcomeUnknown("adapter failed: " + e.getClass().getSimpleName());
    }
  }

  private void record(OutboundMessage message, SendResult result, Tally tally) {
    if (result instanceof SendResult.Sent sent) {
      recordSent(message, sent.providerId());
      tally.sent++;
    } else if (result instanceof SendResult.PermanentFailure permanent) {
      deadAfterAttempt(message, "permanent failure: " + permanent.reason(), tally);
    } else if (result instanceof SendResult.RetryableFailure retryable) {
      retry(message, retryable.reason(), retryable.retryAfter(), tally);
    }
  }

  /**
   * Records a send the platform accepted. If the lease ran out meanwhile and another dispatcher
   * recorded something else (e.g. "outcome unknown" from this send's mark), the platform's answer
   * is the truth and replaces it; if the message is already recorded as sent, that record stays.
   */
  private void recordSent(OutboundMessage message, String providerId) {
    OutboundMessage current = message;
    for (int attempt = 0; ; attempt++) {
      try {
        outbox.markSent(current, providerId);
        return;
      } catch (StaleVersionException changed) {
        OutboundMessage fresh = crm.stores().outbox().find(message.id()).orElse(null);
        if (fresh == null) {
          // erased while it was on its way: nothing of it is to be stored again
          LOG.info("outbound {} was erased while it was sent; the send is not recorded", message.id());
          return;
        }
        if (fresh.status() == OutboxStatus.SENT || attempt == 2) {
          throw changed;
        }
        LOG.info("outbound {} was sent after its lease ran out; recording the send over {}", message.id(),
            fresh.status());
        current = fresh;
      }
    }
  }

  /** Records a retryable failure: the next attempt is stored with its time, or the message is dead. */
  private void retry(OutboundMessage message, String failure, @Nullable Duration asked, Tally tally) {
    int attempts = message.attempts() + 1;
    if (attempts >= config.maxAttempts()) {
      deadAfterAttempt(message, "retries exhausted after " + attempts + " attempts: " + failure, tally);
      return;
    }
    if (asked != null && asked.compareTo(config.maxRetryAfter()) > 0) {
      deadAfterAttempt(message, "the platform asked to wait " + asked + " before a retry, longer than the "
          + "dispatcher's limit of " + config.maxRetryAfter() + ": " + failure, tally);
      return;
    }
    Duration wait = asked != null ? asked : Duration.ofMillis(backoff.apply(attempts));
    outbox.markRetry(message, failure, crm.clock().instant().plus(wait.compareTo(MIN_HOLD) < 0 ? MIN_HOLD : wait));
    tally.retried++;
    LOG.debug("outbound {} attempt {} failed on {}; retry in {}", message.id(), attempts, message.channel(), wait);
  }

  /** Dead-letters a message with the attempt that just ended counted. */
  private void deadAfterAttempt(OutboundMessage message, String reason, Tally tally) {
    outbox.markDead(message.retryLater(reason, message.nextAttemptAt()), reason);
    tally.deadLettered++;
  }

  /** The error the breaker records for a retryable platform failure; results carry the detail. */
  private static final class PlatformFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    static final PlatformFailure INSTANCE = new PlatformFailure();

    private PlatformFailure() {
      super("retryable platform failure", null, false, false);
    }
  }

  /**
   * A channel's rate limit, counted in periods of the engine's clock (like the breaker, the retries
   * and the postponements it causes), so that a test clock moved past the period frees the next
   * permits. At most {@code permits} in each period, which starts with the first permit after the
   * last period ended; a clock set back starts a new period.
   */
  private static final class ClockRateLimiter {
    private final int permits;
    private final Duration period;
    private final Clock clock;
    private @Nullable Instant periodStart;
    private int used;

    ClockRateLimiter(ChannelCapabilities.RateLimit limit, Clock clock) {
      this.permits = limit.permits();
      this.period = limit.period();
      this.clock = clock;
    }

    synchronized boolean tryAcquire() {
      Instant now = clock.instant();
      if (periodStart == null || now.isBefore(periodStart) || !now.isBefore(periodStart.plus(period))) {
        periodStart = now;
        used = 0;
      }
      if (used >= permits) {
        return false;
      }
      used++;
      return true;
    }
  }

  private static final class Tally {
    long claimed;
    long sent;
    long retried;
    long deadLettered;
    long cancelled;
    long postponed;
    long lostLeases;
    long errors;

    DispatchStats toStats() {
      return new DispatchStats(claimed, sent, retried, deadLettered, cancelled, postponed, lostLeases, errors);
    }
  }

  /**
   * Builds an {@link OutboxDispatcher}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private final SocialCrm crm;
    private final Channels channels;
    private OutboxDispatcherConfig config = OutboxDispatcherConfig.ofDefaults();

    private Builder(SocialCrm crm, Channels channels) {
      this.crm = Objects.requireNonNull(crm, "crm");
      this.channels = Objects.requireNonNull(channels, "channels");
    }

    /**
     * Sets the config.
     *
     * @param value the config; default {@link OutboxDispatcherConfig#ofDefaults()}
     * @return this builder
     */
    public Builder config(OutboxDispatcherConfig value) {
      config = Objects.requireNonNull(value, "config");
      return this;
    }

    /**
     * Builds the dispatcher; it sends nothing until a round is run or it is started.
     *
     * @return a new dispatcher
     */
    public OutboxDispatcher build() {
      return new OutboxDispatcher(this);
    }
  }
}
