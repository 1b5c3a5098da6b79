package io.scrm.core.listening;

import io.scrm.core.IngestResult;
import io.scrm.core.SocialCrm;
import io.scrm.core.event.CaseOpened;
import io.scrm.core.event.SpikeDetected;
import io.scrm.core.model.Case;
import io.scrm.core.model.CaseId;
import io.scrm.core.model.CaseType;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.ContactId;
import io.scrm.core.model.Identity;
import io.scrm.core.model.IdentityKey;
import io.scrm.core.model.Interaction;
import io.scrm.core.model.InteractionKind;
import io.scrm.core.model.Priority;
import io.scrm.core.model.Visibility;
import io.scrm.core.store.DuplicateKeyException;
import io.scrm.core.store.StaleVersionException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Social listening on top of an engine: public posts from any channel that can search or stream them
 * are checked against monitors; a match becomes an interaction of kind {@link
 * InteractionKind#MENTION} with the monitors' tags and is ingested and routed like any other message
 * (a complaint becomes a service case, a purchase question a lead). Posts that match no monitor are
 * not stored. Negative mentions feed the {@link SpikeDetector}; a spike publishes {@link
 * SpikeDetected} and, if configured, opens a crisis case in a 24/7 queue.
 *
 * <p>Outreach to a person found this way goes through the engine's consent gate like every other
 * message: {@link SocialCrm#reply} on the mention's case is a public reply (or a reply in the
 * person's own thread); anything else needs consent. Thread-safe.
 *
 * @since 0.1.0
 */
public final class Listening {
  private static final Logger LOG = LoggerFactory.getLogger(Listening.class);
  /** Tag put on mentions whose sentiment is negative. */
  public static final String NEGATIVE_TAG = "negativ";
  /** Tag put on mentions by authors whose influence score reaches the threshold. */
  public static final String INFLUENCER_TAG = "influencer";

  private final SocialCrm crm;
  private final List<Monitor> monitors;
  private final SentimentClassifier classifier;
  private final SpikeDetector spikes;
  private final @Nullable String crisisQueue;
  private final double influencerThreshold;

  private Listening(Builder b) {
    this.crm = b.crm;
    this.monitors = List.copyOf(b.monitors);
    this.classifier = b.classifier;
    this.spikes = b.spikes;
    this.crisisQueue = b.crisisQueue;
    this.influencerThreshold = b.influencerThreshold;
  }

  /**
   * Returns a builder.
   *
   * @param crm the engine mentions are ingested into
   * @return a builder
   */
  public static Builder builder(SocialCrm crm) {
    return new Builder(crm);
  }

  /**
   * Hears one public post.
   *
   * @param post a public post as a channel adapter normalised it
   * @return what was done
   */
  public ListeningResult hear(Interaction post) {
    Objects.requireNonNull(post, "post");
    List<MonitorMatch> matches = new ArrayList<>();
    if (post.visibility() == Visibility.PUBLIC) {
      for (Monitor m : monitors) {
        m.match(post).ifPresent(matches::add);
      }
    }
    if (matches.isEmpty()) {
      return new ListeningResult(List.of(), null, null, null, null);
    }
    Sentiment sentiment = classifySafely(post.text());
    Set<String> tags = new LinkedHashSet<>(post.tags());
    matches.forEach(m -> tags.addAll(m.tags()));
    if (sentiment.polarity() == Sentiment.Polarity.NEGATIVE) {
      tags.add(NEGATIVE_TAG);
    }
    if (influence(post.author()) >= influencerThreshold) {
      tags.add(INFLUENCER_TAG);
    }
    Interaction.Builder mention = post.toBuilder().kind(
        post.kind() == InteractionKind.DIRECT ? InteractionKind.MENTION : post.kind());
    tags.forEach(mention::addTag);
    IngestResult ingested = crm.ingest(mention.build());
    LOG.debug("heard {} monitors={} polarity={}", post.id(), matches.size(), sentiment.polarity());
    SpikeDetected spike = null;
    CaseId crisis = null;
    if (sentiment.polarity() == Sentiment.Polarity.NEGATIVE && ingested.outcome() == IngestResult.Outcome.CREATED) {
      // a post dated ahead of the engine's clock (a skewed platform, local time read as UTC) counts now:
      // it must not move a topic's bucket into the future, where every later mention would pile up
      Instant now = crm.clock().instant();
      Instant at = post.occurredAt().isAfter(now) ? now : post.occurredAt();
      for (MonitorMatch m : matches) {
        Optional<SpikeDetected> s = spikes.record(m.monitor(), at, post.author().toString(), m.terms());
        if (s.isEmpty()) {
          continue;
        }
        // each topic's storm is warned of, and gets its crisis case; the result names the first
        SpikeDetected detected = s.get();
        crm.events().publish(detected);
        LOG.warn("spike of negative mentions on {}: {} in bucket vs baseline {}", detected.topic(), detected.count(),
            String.format(Locale.ROOT, "%.1f", detected.baseline()));
        CaseId opened = crisisQueue != null ? openCrisisCase(detected) : null;
        if (spike == null) {
          spike = detected;
          crisis = opened;
        }
      }
    }
    return new ListeningResult(matches, sentiment, ingested, spike, crisis);
  }

  private Sentiment classifySafely(String text) {
    try {
      return Objects.requireNonNull(classifier.classify(text), "classifier returned null");
    } catch (RuntimeException e) {
      LOG.warn("sentiment classifier failed; treating the post as neutral", e);
      return new Sentiment(Sentiment.Polarity.NEUTRAL, 0, List.of());
    }
  }

  /**
   * Forgets an identity outside the stores (e.g. on erasure, registered with {@code
   * DataSubjectRequests.onErasure(listening::forget)}): the spike detector's current buckets, which
   * keep their authors to name the most active ones in a warning, drop it.
   *
   * @param identity the erased identity
   * @since 0.1.0
   */
  public void forget(IdentityKey identity) {
    spikes.forget(Objects.requireNonNull(identity, "identity").toString());
  }

  private double influence(IdentityKey author) {
    return crm.stores().identities().find(author).map(i -> InfluenceScore.of(i.signals())).orElse(0.0);
  }

  /**
   * Records the reach and engagement figures a channel reports for an identity (see {@link
   * InfluenceScore}); creates nothing for an unknown identity.
   *
   * @param identity the identity
   * @param signals the figures, replacing earlier ones of the same keys
   * @return the influence score after the update, or empty if the identity is unknown
   */
  public Optional<Double> recordSignals(IdentityKey identity, Map<String, Long> signals) {
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(signals, "signals");
    for (int attempt = 0; attempt < 100; attempt++) {
      Optional<Identity> current = crm.stores().identities().find(identity);
      if (current.isEmpty()) {
        return Optional.empty();
      }
      Map<String, Long> merged = new java.util.HashMap<>(current.get().signals());
      merged.putAll(signals);
      try {
        Identity stored = crm.stores().identities().update(current.get().withSignals(merged));
        return Optional.of(InfluenceScore.of(stored.signals()));
      } catch (StaleVersionException retry) {
        // changed concurrently: merge again on the fresh state
      }
    }
    throw new IllegalStateException("identity signals kept losing races");
  }

  /** Opens an urgent case in the crisis queue; it is internal (no customer), its thread is the spike. */
  private @Nullable CaseId openCrisisCase(SpikeDetected spike) {
    String thread = "spike:" + spike.topic() + ":" + spike.bucketStart();
    Interaction warning = Interaction.inbound(ChannelId.INTERNAL, thread).thread(thread).author("scrm", "Frühwarnung")
        .text("Frühwarnung: " + spike.count() + " negative Erwähnungen zu '" + spike.topic() + "' seit "
            + spike.bucketStart() + " (üblich: " + String.format(Locale.ROOT, "%.1f", spike.baseline()) + ")")
        .occurredAt(spike.at()).visibility(Visibility.PRIVATE).kind(InteractionKind.DIRECT)
        .addTag("krise").addTag(spike.topic()).build();
    try {
      crm.stores().interactions().create(warning);
    } catch (DuplicateKeyException already) {
      return null; // another instance opened the crisis case for this spike
    }
    ContactId system = ContactId.of("internal");
    io.scrm.core.model.Actor listening = io.scrm.core.model.Actor.system("listening");
    Case crisis = Case.open(CaseId.random(), system, warning, CaseType.OUTAGE_REPORT, Priority.URGENT,
        crm.process().initial(), spike.at(), listening)
        .withRouting(crisisQueue, null, Priority.URGENT, CaseType.OUTAGE_REPORT,
            new io.scrm.core.model.AuditEntry(spike.at(), listening, "ROUTE", null,
                null, ChannelId.INTERNAL, "spike early warning on " + spike.topic(), null))
        .withTags(List.of("krise", spike.topic()));
    Case stored = crm.stores().cases().create(crisis);
    crm.events().publish(new CaseOpened(spike.at(), stored.id(), system, ChannelId.INTERNAL, thread));
    return stored.id();
  }

  /**
   * Builds {@link Listening}. Not thread-safe; setters validate at once.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private final SocialCrm crm;
    private final List<Monitor> monitors = new ArrayList<>();
    private SentimentClassifier classifier = SentimentClassifier.germanLexicon();
    private SpikeDetector spikes = SpikeDetector.ofDefaults();
    private @Nullable String crisisQueue;
    private double influencerThreshold = 50;

    private Builder(SocialCrm crm) {
      this.crm = Objects.requireNonNull(crm, "crm");
    }

    /**
     * Adds a monitor.
     *
     * @param value the monitor
     * @return this builder
     * @throws IllegalArgumentException if a monitor of the same name was added
     */
    public Builder monitor(Monitor value) {
      Objects.requireNonNull(value, "monitor");
      for (Monitor m : monitors) {
        if (m.name().equals(value.name())) {
          throw new IllegalArgumentException("monitor " + value.name() + " added twice");
        }
      }
      monitors.add(value);
      return this;
    }

    /**
     * Sets the sentiment classifier.
     *
     * @param value the classifier; default {@link SentimentClassifier#germanLexicon()}
     * @return this builder
     */
    public Builder classifier(SentimentClassifier value) {
      classifier = Objects.requireNonNull(value, "classifier");
      return this;
    }

    /**
     * Sets the spike detector.
     *
     * @param value the detector; default {@link SpikeDetector#ofDefaults()}
     * @return this builder
     */
    public Builder spikeDetector(SpikeDetector value) {
      spikes = Objects.requireNonNull(value, "spikeDetector");
      return this;
    }

    /**
     * Opens an urgent crisis case in this queue when a spike is detected.
     *
     * @param queue a 24/7 queue, e.g. {@code krisenstab}
     * @return this builder
     */
    public Builder crisisQueue(String queue) {
      Objects.requireNonNull(queue, "crisisQueue");
      if (queue.isBlank()) {
        throw new IllegalArgumentException("crisisQueue must not be blank");
      }
      crisisQueue = queue;
      return this;
    }

    /**
     * Sets the influence score from which mentions are tagged {@value Listening#INFLUENCER_TAG}.
     *
     * @param value in [0, 100]; default 50
     * @return this builder
     */
    public Builder influencerThreshold(double value) {
      if (!(value >= 0 && value <= 100)) {
        throw new IllegalArgumentException("influencerThreshold must be in [0, 100], was " + value);
      }
      influencerThreshold = value;
      return this;
    }

    /**
     * Builds the listening.
     *
     * @return the listening
     * @throws IllegalStateException if no monitor was added
     */
    public Listening build() {
      if (monitors.isEmpty()) {
        throw new IllegalStateException("listening needs at least one monitor");
      }
      return new Listening(this);
    }
  }
}
