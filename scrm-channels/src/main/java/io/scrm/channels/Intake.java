package io.scrm.channels;

import io.scrm.core.IngestResult;
import io.scrm.core.SocialCrm;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.Interaction;
import io.scrm.core.model.InteractionId;
import io.scrm.core.store.PollCursorStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hears the channels: hands every interaction of a webhook delivery to the engine, and polls the
 * channels that are polled, keeping each one's cursor in a {@link PollCursorStore}. The inbound
 * counterpart of the {@link OutboxDispatcher}. Thread-safe.
 *
 * <p>Nothing heard is lost without a word, and nothing is stored twice:
 *
 * <ul>
 *   <li>{@link #receive} ingests the interactions of a delivery in their order. If one cannot be
 *       stored, the failure is passed on before the host answers the platform, so that it answers
 *       with an error and the platform delivers the whole body again; the interactions stored before
 *       the failure come back as duplicates.
 *   <li>A poll moves the channel's cursor only after every interaction it returned was stored. A
 *       failed poll, an interaction the engine could not store, a cursor that could not be saved, or a
 *       crash anywhere in between leave the cursor where it was: the next poll reads the same
 *       messages again, and de-duplication by (channel, external id) keeps each once.
 *   <li>Several instances of a host may poll one channel on a shared cursor store: the cursor is set
 *       only over the value its writer read ({@link PollCursorStore#compareAndSet}), so a slower
 *       instance cannot set its older cursor over a newer one, and what two instances both read is
 *       stored once. Telegram serves one {@code getUpdates} caller per bot at a time and answers the
 *       others with 409, so poll a bot from one instance.
 *   <li>An interaction whose values the engine or the store refuse ({@link
 *       IllegalArgumentException}) {@link Builder#abandonAfter} rounds in a row is abandoned, so that
 *       the channel's later messages are not held back for ever: its id is logged at ERROR, counted
 *       in {@link PollStats#abandoned()} and listed by {@link #abandoned()}. Any other failure (a
 *       store that is down, contention between instances) holds the channel back until it passes.
 *       The count lives in this intake: a host that builds a new intake for every round never
 *       abandons.
 * </ul>
 *
 * <p>A channel whose poll stopped at the adapter's own limit with more waiting ({@link
 * PollResult#more()}) is polled again at once, up to {@link Builder#maxPagesPerRound} polls a round.
 * After a failure the channel waits twice as long as after the one before, starting from its
 * interval, up to {@link Builder#maxBackoff} (never less than the interval), and never less than the
 * platform's retry-after (up to a day). A poll that read what it could and ran into a rate limit on
 * a part of it ({@link PollResult#retryAfter()}) counts as done, and the next poll waits the longer
 * of the interval and the platform's retry-after (up to a day). Due times are read from the engine's
 * clock.
 *
 * <p>Hosts without threads of their own call {@link #pollDue()}; {@link #start()} runs it on one
 * daemon thread until {@link #close()}.
 *
 * <pre>{@code
 * Channels channels = Channels.of(telegram, mastodon);
 * try (Intake intake = Intake.builder(crm, channels)
 *     .cursors(new PostgresPollCursorStore(dataSource))     // survives restarts
 *     .poll(ChannelId.MASTODON, Duration.ofSeconds(30))
 *     .build()) {
 *   intake.start();
 *   // in the host's webhook handler:
 *   Intake.Receipt receipt = intake.receive(ChannelId.TELEGRAM, InboundDelivery.of(body, headers, now));
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public final class Intake implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Intake.class);
  private static final Duration MAX_DURATION = Duration.ofDays(1);
  private static final Duration MAX_TICK = Duration.ofSeconds(1);
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);
  private static final int MAX_ABANDONED = 1_000;

  private final SocialCrm crm;
  private final Channels channels;
  private final PollCursorStore cursors;
  private final Map<ChannelId, Schedule> schedules;
  private final Duration maxBackoff;
  private final int maxPagesPerRound;
  private final int abandonAfter;
  private final ConcurrentLinkedDeque<InteractionId> abandoned = new ConcurrentLinkedDeque<>();
  private final AtomicReference<PollStats> total = new AtomicReference<>(PollStats.NONE);
  private final Object lifecycle = new Object();
  private @Nullable ScheduledExecutorService scheduler;
  private boolean closed;

  /** One polled channel: its adapter, interval and when it is next due. */
  private static final class Schedule {
    final ChannelId channel;
    final ChannelAdapter adapter;
    final Duration interval;
    /** Held by the round that polls this channel; a second caller skips it. */
    final ReentrantLock polling = new ReentrantLock();
    volatile Instant due = Instant.EPOCH;
    volatile boolean unsupported;
    /** Failed rounds in a row; under {@link #polling}. */
    int failures;
    /**
     * The interaction whose values the engine refused in the last round, and in how many rounds in a
     * row; under {@link #polling}.
     */
    @Nullable InteractionId refused;
    int refusals;
    /** The interactions abandoned since the cursor was last {@link #abandonedFrom}; under {@link #polling}. */
    final Set<InteractionId> abandonedHere = new HashSet<>();
    /** The deletions abandoned since the cursor was last {@link #abandonedFrom}; under {@link #polling}. */
    final Set<InteractionId> abandonedDeletionsHere = new HashSet<>();
    @Nullable String abandonedFrom;

    Schedule(ChannelId channel, ChannelAdapter adapter, Duration interval) {
      this.channel = channel;
      this.adapter = adapter;
      this.interval = interval;
    }
  }

  private Intake(Builder b) {
    this.crm = b.crm;
    this.channels = b.channels;
    this.cursors = b.cursors;
    this.maxBackoff = b.maxBackoff;
    this.maxPagesPerRound = b.maxPagesPerRound;
    this.abandonAfter = b.abandonAfter;
    Map<ChannelId, Schedule> s = new LinkedHashMap<>();
    b.intervals.forEach((channel, interval) -> s.put(channel, new Schedule(channel,
        channels.adapter(channel).orElseThrow(), interval)));
    this.schedules = Collections.unmodifiableMap(s);
  }

  /**
   * Returns a builder.
   *
   * @param crm the engine that stores what is heard
   * @param channels the adapters that hear it
   * @return a new builder with in-memory cursors and no polled channel
   */
  public static Builder builder(SocialCrm crm, Channels channels) {
    return new Builder(crm, channels);
  }

  // ---------------------------------------------------------------- webhooks

  /**
   * Verifies and parses a webhook delivery with its channel's adapter and ingests every interaction
   * in it, in order.
   *
   * <p>Deletions the delivery carries ({@link ParsedDelivery#deletions()}) are marked after its
   * interactions ({@link SocialCrm#markDeleted}).
   *
   * <p>Answer the platform with success only when this returns. A {@link DeliveryRejectedException}
   * means the body is not the platform's (wrong signature, malformed): answer with a client error.
   * Any other exception means an interaction could not be stored: answer with a server error, so
   * the platform delivers the body again; the interactions stored before it are then duplicates.
   *
   * @param channel the channel whose adapter receives the delivery
   * @param delivery the raw body and headers
   * @return what was stored
   * @throws IllegalArgumentException if no adapter is configured for the channel
   * @throws DeliveryRejectedException if the adapter refused the delivery; nothing was stored
   * @throws IllegalStateException if this intake is closed
   */
  public Receipt receive(ChannelId channel, InboundDelivery delivery) {
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(delivery, "delivery");
    ensureOpen();
    ChannelAdapter adapter = channels.adapter(channel)
        .orElseThrow(() -> new IllegalArgumentException("no adapter is configured for channel " + channel));
    ParsedDelivery parsed = adapter.parse(delivery);
    List<IngestResult> results = new ArrayList<>(parsed.interactions().size());
    for (Interaction interaction : parsed.interactions()) {
      results.add(crm.ingest(interaction));
    }
    // after the messages: a delivery that brings a message and its deletion marks it
    List<InteractionId> deleted = new ArrayList<>();
    for (Deletion deletion : parsed.deletions()) {
      if (crm.markDeleted(deletion.interaction(), deletion.at())) {
        deleted.add(deletion.interaction());
      }
    }
    return new Receipt(results, parsed.skipped(), deleted);
  }

  /**
   * What one webhook delivery brought. Immutable.
   *
   * @param results the outcome of each interaction, in the delivery's order
   * @param skipped the adapter's note for each item it skipped deliberately
   * @param deleted the stored messages whose deletion this delivery recorded (a deletion of a
   *     message scrm does not hold, or one recorded before, is not among them)
   * @since 0.1.0
   */
  public record Receipt(List<IngestResult> results, List<String> skipped, List<InteractionId> deleted) {
    /**
     * Copies the lists.
     *
     * @throws NullPointerException if a list or an element is null
     */
    public Receipt {
      results = List.copyOf(results);
      skipped = List.copyOf(skipped);
      deleted = List.copyOf(deleted);
    }

    /**
     * Counts the results with an outcome.
     *
     * @param outcome the outcome
     * @return how many interactions had it
     */
    public long count(IngestResult.Outcome outcome) {
      return results.stream().filter(r -> r.outcome() == outcome).count();
    }
  }

  // ---------------------------------------------------------------- polling

  /**
   * Polls every polled channel that is due at the engine's clock and not being polled by another
   * thread. A failure of one channel is counted and puts that channel off; it does not stop the
   * others.
   *
   * @return what this round did
   * @throws IllegalStateException if this intake is closed
   */
  public PollStats pollDue() {
    ensureOpen();
    PollStats round = PollStats.NONE;
    for (Schedule s : schedules.values()) {
      if (!s.unsupported) {
        round = round.plus(round(s, true));
      }
    }
    return round;
  }

  /**
   * Polls one channel now, whether it is due or not, unless another thread is polling it.
   *
   * @param channel a channel given to {@link Builder#poll}
   * @return what this round did ({@link PollStats#NONE} if another thread held the channel)
   * @throws IllegalArgumentException if the channel is not polled by this intake
   * @throws IllegalStateException if this intake is closed, or the channel's adapter turned out not
   *     to support polling
   */
  public PollStats pollNow(ChannelId channel) {
    Schedule s = schedules.get(Objects.requireNonNull(channel, "channel"));
    if (s == null) {
      throw new IllegalArgumentException("channel " + channel + " is not polled by this intake");
    }
    ensureOpen();
    if (s.unsupported) {
      throw new IllegalStateException("the adapter of " + channel + " does not support polling");
    }
    return round(s, false);
  }

  /** How a round ended. */
  private enum Outcome {
    /** Read as far as the round may: the next round comes after the interval. */
    DONE,
    /** A poll, an interaction or the cursor failed: the channel backs off. */
    FAILED,
    /** The intake closed or the thread was interrupted: neither, the channel stays due. */
    STOPPED
  }

  private PollStats round(Schedule s, boolean onlyIfDue) {
    if (!s.polling.tryLock()) {
      return PollStats.NONE;
    }
    try {
      // checked under the lock: a round that just ended on another thread has moved the due time
      if (onlyIfDue && crm.clock().instant().isBefore(s.due)) {
        return PollStats.NONE;
      }
      Tally tally = new Tally();
      Outcome outcome = Outcome.FAILED;
      try {
        outcome = readPages(s, tally);
      } catch (RuntimeException e) {
        // readPages catches the adapter's and the stores' failures; this is for a defect of its own
        tally.failedPolls++;
        LOG.warn("poll round of {} failed ({})", s.channel, e.getClass().getName());
      } finally {
        // also after an Error: the channel keeps a due time and its failures count
        reschedule(s, outcome, tally.retryAfter);
        total.accumulateAndGet(tally.toStats(), PollStats::plus);
      }
      return tally.toStats();
    } finally {
      s.polling.unlock();
    }
  }

  private void reschedule(Schedule s, Outcome outcome, @Nullable Duration retryAfter) {
    Instant now = crm.clock().instant();
    if (outcome == Outcome.DONE) {
      s.failures = 0;
      // a platform that asked for a wait (the poll hit its rate limit after reading) gets it
      s.due = now.plus(atLeastAsked(s.interval, retryAfter));
    } else if (outcome == Outcome.FAILED && !s.unsupported) {
      s.failures++;
      // every wait is at most a day (the builder's bounds, retry-after capped): no overflow
      s.due = now.plus(backoff(s, retryAfter));
      LOG.debug("{} is polled again at {} ({} failed rounds in a row)", s.channel, s.due, s.failures);
    }
  }

  /** Polls until the adapter has no more or the round's polls are used up. */
  private Outcome readPages(Schedule s, Tally tally) {
    for (int page = 0; page < maxPagesPerRound; page++) {
      if (stopping()) {
        return Outcome.STOPPED;
      }
      String from;
      try {
        from = cursors.find(s.channel).orElse(null);
      } catch (RuntimeException e) {
        tally.failedPolls++;
        LOG.warn("the cursor of {} could not be read ({})", s.channel, e.getClass().getName());
        return Outcome.FAILED;
      }
      if (!Objects.equals(from, s.abandonedFrom)) {
        // the cursor moved past what was abandoned: those ids cannot come again
        s.abandonedHere.clear();
        s.abandonedDeletionsHere.clear();
        s.abandonedFrom = from;
      }
      PollResult result;
      try {
        result = Objects.requireNonNull(s.adapter.poll(from), "poll result");
      } catch (PollFailedException e) {
        tally.failedPolls++;
        tally.retryAfter = e.retryAfter();
        LOG.warn("{}", e.getMessage());
        return Outcome.FAILED;
      } catch (UnsupportedOperationException e) {
        s.unsupported = true;
        tally.failedPolls++;
        LOG.error("the adapter of {} does not support polling; the channel is not polled again", s.channel);
        return Outcome.FAILED;
      } catch (IllegalArgumentException e) {
        tally.failedPolls++;
        LOG.error("the adapter of {} refused to poll from the stored cursor ({}); if the cursor is damaged, "
            + "delete it to poll from where the platform starts", s.channel, e.getClass().getName());
        return Outcome.FAILED;
      } catch (RuntimeException e) {
        // a closed adapter, a null result, an adapter's defect
        tally.failedPolls++;
        LOG.warn("poll of {} failed ({})", s.channel, e.getClass().getName());
        return Outcome.FAILED;
      }
      tally.polls++;
      tally.skipped += result.skipped().size();
      if (result.retryAfter() != null) {
        tally.retryAfter = result.retryAfter();
      }
      for (Interaction interaction : result.interactions()) {
        if (!s.abandonedHere.contains(interaction.id()) && !ingest(s, interaction, tally)) {
          return Outcome.FAILED;
        }
      }
      // after the messages, before the cursor moves: a deletion not recorded is read again
      for (Deletion deletion : result.deletions()) {
        if (s.abandonedDeletionsHere.contains(deletion.interaction())) {
          continue;
        }
        try {
          if (crm.markDeleted(deletion.interaction(), deletion.at())) {
            tally.deleted++;
          }
        } catch (IllegalArgumentException e) {
          // refused for a value: it would be refused every time, and must not hold the channel back
          s.abandonedDeletionsHere.add(deletion.interaction());
          tally.abandoned++;
          abandon(deletion.interaction());
          LOG.error("the deletion of {} on {} was refused ({}); it is abandoned, and the channel goes on",
              deletion.interaction(), s.channel, e.getClass().getName());
        } catch (RuntimeException e) {
          tally.notIngested++;
          LOG.warn("the deletion of {} on {} could not be recorded ({}); it is read again with the next poll",
              deletion.interaction(), s.channel, e.getClass().getName());
          return Outcome.FAILED;
        }
      }
      String next = result.nextCursor();
      if (next == null || next.equals(from)) {
        return Outcome.DONE;
      }
      try {
        if (!cursors.compareAndSet(s.channel, from, next)) {
          // another instance polled the same messages and moved the cursor first: its cursor stands
          LOG.debug("the cursor of {} was moved by another poller", s.channel);
          return Outcome.DONE;
        }
      } catch (RuntimeException e) {
        tally.failedPolls++;
        LOG.warn("the cursor of {} could not be saved ({}); the stored messages are read again",
            s.channel, e.getClass().getName());
        return Outcome.FAILED;
      }
      if (!result.more() || result.retryAfter() != null) {
        // a platform that asked for a wait gets no page more this round, whatever is waiting
        return Outcome.DONE;
      }
    }
    return Outcome.DONE;
  }

  /** Ingests one polled interaction; false if the round stops before it. */
  private boolean ingest(Schedule s, Interaction interaction, Tally tally) {
    try {
      tally.count(crm.ingest(interaction).outcome());
      if (interaction.id().equals(s.refused)) {
        s.refused = null;
        s.refusals = 0;
      }
      return true;
    } catch (IllegalArgumentException e) {
      // the engine or the store refuses a value of this interaction: the same will happen every time
      if (interaction.id().equals(s.refused)) {
        s.refusals++;
      } else {
        s.refused = interaction.id();
        s.refusals = 1;
      }
      if (s.refusals >= abandonAfter) {
        s.abandonedHere.add(interaction.id());
        tally.abandoned++;
        abandon(interaction.id());
        LOG.error("interaction {} of {} was refused in {} rounds in a row ({}); it is abandoned, and the channel "
            + "goes on", interaction.id(), s.channel, s.refusals, e.getClass().getName());
        s.refused = null;
        s.refusals = 0;
        return true;
      }
      return holdBack(s, interaction, tally, e);
    } catch (RuntimeException e) {
      // a store that is down, contention, a full table: it may pass, so the interaction is kept waiting
      s.refused = null;
      s.refusals = 0;
      return holdBack(s, interaction, tally, e);
    }
  }

  /** Lists an interaction, or a deletion of one, given up, keeping the most recent. */
  private void abandon(InteractionId id) {
    abandoned.addLast(id);
    while (abandoned.size() > MAX_ABANDONED) {
      abandoned.pollFirst();
    }
  }

  private static boolean holdBack(Schedule s, Interaction interaction, Tally tally, RuntimeException e) {
    tally.notIngested++;
    LOG.warn("interaction {} of {} could not be stored ({}); the cursor stays, and it is read again",
        interaction.id(), s.channel, e.getClass().getName());
    return false;
  }

  private Duration backoff(Schedule s, @Nullable Duration retryAfter) {
    Duration wait = s.interval;
    for (int i = 1; i < s.failures && wait.compareTo(maxBackoff) < 0; i++) {
      wait = wait.multipliedBy(2);
    }
    if (wait.compareTo(maxBackoff) > 0) {
      wait = s.interval.compareTo(maxBackoff) > 0 ? s.interval : maxBackoff;
    }
    return atLeastAsked(wait, retryAfter);
  }

  /** The wait, or the platform's retry-after (up to a day) if that is longer. */
  private static Duration atLeastAsked(Duration wait, @Nullable Duration retryAfter) {
    if (retryAfter == null) {
      return wait;
    }
    Duration asked = retryAfter.compareTo(MAX_DURATION) > 0 ? MAX_DURATION : retryAfter;
    return asked.compareTo(wait) > 0 ? asked : wait;
  }

  /**
   * Returns when a polled channel is next due, on the engine's clock.
   *
   * @param channel the channel
   * @return the due time (the epoch before the first poll: due at once), or empty if the channel is
   *     not polled by this intake or its adapter does not support polling
   */
  public Optional<Instant> nextPoll(ChannelId channel) {
    Schedule s = schedules.get(Objects.requireNonNull(channel, "channel"));
    return s == null || s.unsupported ? Optional.empty() : Optional.of(s.due);
  }

  /**
   * Returns the ids of the interactions this intake abandoned (see {@link Builder#abandonAfter}), and
   * of those whose polled deletion the engine refused, oldest first, at most the last 1,000.
   *
   * @return the abandoned interactions' ids
   */
  public List<InteractionId> abandoned() {
    return List.copyOf(abandoned);
  }

  /**
   * Returns the store that keeps the cursors.
   *
   * @return the cursor store
   */
  public PollCursorStore cursors() {
    return cursors;
  }

  /**
   * Returns what this intake's polls did since it was built.
   *
   * @return the running totals
   */
  public PollStats stats() {
    return total.get();
  }

  /**
   * Starts polling in the background: {@link #pollDue()} on one daemon thread, checked every
   * shortest interval (at most every second). Failures are logged and put the channel off.
   *
   * @return this intake
   * @throws IllegalStateException if already started or closed, or no channel is polled
   */
  public Intake start() {
    synchronized (lifecycle) {
      if (closed) {
        throw new IllegalStateException("intake is closed");
      }
      if (scheduler != null) {
        throw new IllegalStateException("intake is already started");
      }
      if (schedules.isEmpty()) {
        throw new IllegalStateException("no channel is polled: name them with Builder.poll");
      }
      Duration tick = MAX_TICK;
      for (Schedule s : schedules.values()) {
        if (s.interval.compareTo(tick) < 0) {
          tick = s.interval;
        }
      }
      ScheduledExecutorService ses = Background.start("scrm-intake-poller", this::backgroundRound, tick);
      scheduler = ses;
      return this;
    }
  }

  private void backgroundRound() {
    try {
      pollDue();
    } catch (IllegalStateException closing) {
      LOG.debug("intake closed during a round");
    } catch (Exception e) {
      // checked ones too (an adapter or listener may throw them undeclared)
      LOG.warn("poll round failed ({})", e.getClass().getName());
    } catch (Error e) {
      // an escaping throwable would cancel the schedule without a word: nothing would be heard again
      LOG.error("poll round failed with an error", e);
    }
  }

  private void ensureOpen() {
    synchronized (lifecycle) {
      if (closed) {
        throw new IllegalStateException("intake is closed");
      }
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

  /**
   * Stops the background thread, if started, waiting up to ten seconds for a running round. A
   * running round reads no further page once the intake is closed; what it ingested stays stored,
   * and its cursor is saved only if the page was finished. The adapters stay open: they belong to
   * the host.
   */
  @Override
  public void close() {
    ScheduledExecutorService s;
    synchronized (lifecycle) {
      closed = true;
      s = scheduler;
      scheduler = null;
    }
    Background.stop(s, CLOSE_WAIT);
  }

  @Override
  public String toString() {
    return "Intake[polled=" + schedules.keySet() + ", cursors=" + cursors + "]";
  }

  /** Counts of one round, on the polling thread only. */
  private static final class Tally {
    long polls;
    long failedPolls;
    long created;
    long edited;
    long duplicates;
    long skipped;
    long notIngested;
    long abandoned;
    long deleted;
    @Nullable Duration retryAfter;

    void count(IngestResult.Outcome outcome) {
      switch (outcome) {
        case CREATED -> created++;
        case EDITED -> edited++;
        case DUPLICATE -> duplicates++;
      }
    }

    PollStats toStats() {
      return new PollStats(polls, failedPolls, created, edited, duplicates, skipped, notIngested, abandoned,
          deleted);
    }
  }

  /** Builds an {@link Intake}. Not thread-safe. */
  public static final class Builder {
    private final SocialCrm crm;
    private final Channels channels;
    private PollCursorStore cursors = PollCursorStore.inMemory();
    private final Map<ChannelId, Duration> intervals = new LinkedHashMap<>();
    private Duration maxBackoff = Duration.ofMinutes(15);
    private int maxPagesPerRound = 10;
    private int abandonAfter = 3;

    private Builder(SocialCrm crm, Channels channels) {
      this.crm = Objects.requireNonNull(crm, "crm");
      this.channels = Objects.requireNonNull(channels, "channels");
    }

    /**
     * Sets where the cursors are kept. The default keeps them in memory, so a restarted host polls as
     * if for the first time: Telegram hands out the updates it was not told were read, but Mastodon
     * and X start with their newest page, and what came before it while the host was down is not
     * read. Use a database store ({@code PostgresPollCursorStore}) to resume where the last run
     * stopped.
     *
     * @param value the store
     * @return this builder
     */
    public Builder cursors(PollCursorStore value) {
      this.cursors = Objects.requireNonNull(value, "cursors");
      return this;
    }

    /**
     * Polls a channel every {@code interval}. Platforms limit how often they may be read (Mastodon
     * 300 requests in 5 minutes, X's mentions timeline by plan): choose the interval within that. One
     * poll of an adapter may read several pages (Mastodon and X up to ten), and a round makes up to
     * {@link #maxPagesPerRound} polls while the adapter says more is waiting.
     *
     * @param channel a channel whose adapter is in the {@link Channels} and supports polling
     * @param interval the time between polls, from 1 ms to 1 day
     * @return this builder
     * @throws IllegalArgumentException if the interval is out of range
     */
    public Builder poll(ChannelId channel, Duration interval) {
      intervals.put(Objects.requireNonNull(channel, "channel"), checked(interval, "interval"));
      return this;
    }

    /**
     * Sets the longest wait after failed polls; the default is 15 minutes. A platform's retry-after
     * may ask for longer and is honoured.
     *
     * @param value the longest backoff, from 1 ms to 1 day
     * @return this builder
     * @throws IllegalArgumentException if the value is out of range
     */
    public Builder maxBackoff(Duration value) {
      this.maxBackoff = checked(value, "maxBackoff");
      return this;
    }

    /**
     * Sets how many polls one round makes of a channel whose adapter says more is waiting ({@link
     * PollResult#more()}); the default is 10.
     *
     * @param value at least 1
     * @return this builder
     * @throws IllegalArgumentException if the value is less than 1
     */
    public Builder maxPagesPerRound(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("maxPagesPerRound must be at least 1, was " + value);
      }
      this.maxPagesPerRound = value;
      return this;
    }

    /**
     * Sets after how many rounds in a row an interaction whose values the engine or the store refuse
     * ({@link IllegalArgumentException}) is abandoned; the default is 3.
     *
     * @param value at least 1
     * @return this builder
     * @throws IllegalArgumentException if the value is less than 1
     */
    public Builder abandonAfter(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("abandonAfter must be at least 1, was " + value);
      }
      this.abandonAfter = value;
      return this;
    }

    private static Duration checked(Duration value, String name) {
      Objects.requireNonNull(value, name);
      if (value.compareTo(Duration.ofMillis(1)) < 0 || value.compareTo(MAX_DURATION) > 0) {
        throw new IllegalArgumentException(name + " must be from 1 ms to 1 day, was " + value);
      }
      return value;
    }

    /**
     * Builds the intake.
     *
     * @return the intake
     * @throws IllegalArgumentException if a polled channel has no adapter in the {@link Channels}
     */
    public Intake build() {
      for (ChannelId channel : intervals.keySet()) {
        if (channels.adapter(channel).isEmpty()) {
          throw new IllegalArgumentException("no adapter is configured for polled channel " + channel);
        }
      }
      return new Intake(this);
    }
  }
}
