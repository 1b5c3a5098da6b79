package io.scrm.core.listening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.scrm.core.ReplyResult;
import io.scrm.core.SocialCrm;
import io.scrm.core.consent.ConsentAction;
import io.scrm.core.consent.ConsentQuery;
import io.scrm.core.event.CrmEvent;
import io.scrm.core.event.SpikeDetected;
import io.scrm.core.model.Actor;
import io.scrm.core.model.Case;
import io.scrm.core.model.CaseId;
import io.scrm.core.model.CaseState;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.IdentityKey;
import io.scrm.core.model.Interaction;
import io.scrm.core.model.InteractionKind;
import io.scrm.core.model.OutboundMessage;
import io.scrm.core.model.Priority;
import io.scrm.core.model.Visibility;
import io.scrm.core.process.CaseCommand;
import io.scrm.core.store.Stores;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

final class ListeningTest {
  private static final Instant T0 = Instant.parse("2026-11-23T06:00:00Z");
  private final Stores stores = Stores.inMemory();
  private final List<CrmEvent> events = new CopyOnWriteArrayList<>();
  private final List<ConsentQuery> asked = new CopyOnWriteArrayList<>();
  private SocialCrm crm;
  private Listening listening;

  @BeforeEach
  void setUp() {
    crm = SocialCrm.builder().clock(Clock.fixed(T0.plus(Duration.ofHours(3)), ZoneOffset.UTC)).stores(stores)
        .consentPolicy(q -> {
          asked.add(q);
          return io.scrm.core.consent.ConsentPolicy.strict().decide(q);
        }).build();
    crm.events().subscribeAll(events::add);
    listening = Listening.builder(crm)
        .monitor(Monitor.builder("stoerung").terms("Störung", "kein Internet", "#NetzDown").tags("service").build())
        .monitor(Monitor.builder("marke").terms("Telko", "@telko").tags("marke").build())
        .spikeDetector(SpikeDetector.builder().bucketWidth(Duration.ofMinutes(15)).warmupBuckets(4).build())
        .crisisQueue("krisenstab")
        .build();
  }

  private static Interaction post(String id, String author, String text, Instant at) {
    return Interaction.inbound(ChannelId.MASTODON, id).thread(id).author(author, null).text(text).occurredAt(at)
        .visibility(Visibility.PUBLIC).kind(InteractionKind.DIRECT).build();
  }

  @Test
  void hear_matchingPublicPost_isStoredAsTaggedMentionAndOpensCase() {
    ListeningResult r = listening.hear(post("1", "kai@koeln.social", "Schon wieder Störung bei Telko 😡", T0));

    assertThat(r.heard()).isTrue();
    assertThat(r.matches()).extracting(MonitorMatch::monitor).containsExactly("stoerung", "marke");
    assertThat(r.sentiment().polarity()).isEqualTo(Sentiment.Polarity.NEGATIVE);
    Interaction stored = stores.interactions().find(r.ingest().interaction()).orElseThrow();
    assertThat(stored.kind()).isEqualTo(InteractionKind.MENTION);
    assertThat(stored.tags()).containsExactly("service", "marke", Listening.NEGATIVE_TAG);
    assertThat(crm.findCase(r.ingest().caseId())).isPresent();
  }

  @Test
  void hear_postMatchingNoMonitor_storesNothing() {
    ListeningResult r = listening.hear(post("2", "anna@bonn.social", "Schönes Wetter in Bonn", T0));
    assertThat(r.heard()).isFalse();
    assertThat(stores.interactions().count()).isZero();
    assertThat(stores.contacts().count()).as("no profile of people who did not talk about us").isZero();
  }

  @Test
  void hear_privateMessage_isNotMonitored() {
    Interaction dm = post("3", "kai@koeln.social", "Störung!", T0).toBuilder().visibility(Visibility.PRIVATE).build();
    assertThat(listening.hear(dm).heard()).isFalse();
  }

  @Test
  void outreach_toMonitoredPerson_isPublicReplyThroughTheGate() {
    ListeningResult r = listening.hear(post("4", "kai@koeln.social", "kein Internet in Nippes #NetzDown", T0));

    ReplyResult reply = crm.reply(r.ingest().caseId(), Actor.agent("anna"), "Wir kümmern uns, Updates folgen hier.");

    assertThat(reply.queued()).isTrue();
    assertThat(asked).singleElement().satisfies(q -> assertThat(q.action()).isEqualTo(ConsentAction.PUBLIC_REPLY));
    OutboundMessage m = stores.outbox().find(reply.outboundId().orElseThrow()).orElseThrow();
    assertThat(m.visibility()).isEqualTo(Visibility.PUBLIC);
    assertThat(m.threadId()).isEqualTo("4");
  }

  @Test
  void hear_burstOfNegativeMentions_raisesSpikeAndOpensOneUrgentCrisisCase() {
    // four quiet hours: one complaint per quarter hour
    int id = 100;
    for (int b = 0; b < 16; b++) {
      listening.hear(post(Integer.toString(id++), "user" + b + "@koeln.social", "Störung, ärgerlich",
          T0.plus(Duration.ofMinutes(15L * b + 1))));
    }
    // then a storm within one quarter hour
    List<ListeningResult> storm = new ArrayList<>();
    Instant onset = T0.plus(Duration.ofHours(4));
    for (int i = 0; i < 25; i++) {
      storm.add(listening.hear(post(Integer.toString(id++), "sturm" + (i % 9) + "@koeln.social",
          "Schon wieder Störung, kein Internet! 😡", onset.plusSeconds(20L * i))));
    }

    List<SpikeDetected> spikes = events.stream().filter(SpikeDetected.class::isInstance)
        .map(SpikeDetected.class::cast).toList();
    assertThat(spikes).singleElement().satisfies(s -> {
      assertThat(s.topic()).isEqualTo("stoerung");
      assertThat(s.count()).isGreaterThanOrEqualTo(5);
      assertThat(s.baseline()).isCloseTo(1.0, within(0.5));
      assertThat(s.topTerms()).contains("Störung");
    });
    List<Case> crisis = stores.cases().findOpen().stream().filter(c -> "krisenstab".equals(c.queue())).toList();
    assertThat(crisis).singleElement().satisfies(c -> {
      assertThat(c.priority()).isEqualTo(Priority.URGENT);
      assertThat(c.tags()).contains("krise", "stoerung");
    });
    assertThat(storm.stream().filter(r -> r.crisisCase() != null).count()).isEqualTo(1);

    // an internal case has no customer to answer: the crisis team resolves and closes it when it is over
    CaseId crisisCase = crisis.get(0).id();
    assertThat(io.scrm.core.process.AuditSummary.of(crisis.get(0)).foundBy()).isEqualTo(Actor.system("listening"));
    Actor lead = Actor.agent("krisenstab-leitung");
    crm.apply(crisisCase, CaseCommand.triage("t", lead, null, null));
    crm.apply(crisisCase, CaseCommand.start("s", lead));
    crm.apply(crisisCase, CaseCommand.resolve("r", lead, "Störung behoben"));
    assertThat(crm.apply(crisisCase, CaseCommand.close("c", lead)).stored().state()).isEqualTo(CaseState.CLOSED);
  }

  @Test
  void hear_redeliveredMention_doesNotCountTwiceTowardsSpike() {
    Listening sensitive = Listening.builder(crm).monitor(Monitor.builder("stoerung").terms("Störung").build())
        .spikeDetector(SpikeDetector.builder().warmupBuckets(0).minCount(2).significance(0.4).build()).build();
    Interaction p = post("9", "kai@koeln.social", "Störung, ärgerlich", T0);
    sensitive.hear(p);
    ListeningResult again = sensitive.hear(p);
    assertThat(again.spikeDetected()).isEmpty();
  }

  @Test
  void recordSignals_highReach_tagsLaterMentionsAsInfluencer() {
    listening.hear(post("20", "reporterin@presse.social", "Telko hat wieder Störung", T0));
    double score = listening.recordSignals(IdentityKey.of(ChannelId.MASTODON, "reporterin@presse.social"),
        Map.of(InfluenceScore.FOLLOWERS, 250_000L, InfluenceScore.REPOSTS, 400L, InfluenceScore.POSTS, 20L))
        .orElseThrow();

    ListeningResult next = listening.hear(post("21", "reporterin@presse.social", "Telko: Störung dauert an", T0));

    assertThat(score).isGreaterThan(50);
    assertThat(stores.interactions().find(next.ingest().interaction()).orElseThrow().tags())
        .contains(Listening.INFLUENCER_TAG);
    assertThat(listening.recordSignals(IdentityKey.of(ChannelId.MASTODON, "unbekannt"), Map.of())).isEmpty();
  }

  @Test
  void hear_postThatMakesTwoMonitorsSpike_warnsOfBothAndOpensACrisisCaseForEach() {
    Listening tight = Listening.builder(crm)
        .monitor(Monitor.builder("stoerung").terms("Störung").build())
        .monitor(Monitor.builder("marke").terms("Telko").build())
        .spikeDetector(SpikeDetector.builder().warmupBuckets(0).minCount(3).significance(0.05).build())
        .crisisQueue("krisenstab")
        .build();

    for (int i = 0; i < 6; i++) {
      tight.hear(post("p" + i, "u" + i + "@koeln.social", "Telko hat schon wieder Störung 😡",
          T0.plusSeconds(10L * i)));
    }

    assertThat(events).filteredOn(SpikeDetected.class::isInstance).map(e -> ((SpikeDetected) e).topic())
        .containsExactlyInAnyOrder("stoerung", "marke");
    assertThat(stores.cases().findOpen()).filteredOn(c -> "krisenstab".equals(c.queue())).hasSize(2);
  }

  @Test
  void forget_anErasedAuthor_isNamedInNoLaterWarning() {
    Listening tight = Listening.builder(crm)
        .monitor(Monitor.builder("stoerung").terms("Störung").build())
        .spikeDetector(SpikeDetector.builder().warmupBuckets(0).minCount(3).significance(0.05).build())
        .build();
    tight.hear(post("p1", "kai@koeln.social", "Schon wieder Störung 😡", T0));
    tight.hear(post("p2", "kai@koeln.social", "Immer noch Störung 😡", T0.plusSeconds(10)));

    tight.forget(IdentityKey.of(ChannelId.MASTODON, "kai@koeln.social"));
    tight.hear(post("p3", "jana@koeln.social", "Bei mir auch Störung 😡", T0.plusSeconds(20)));

    assertThat(events).filteredOn(SpikeDetected.class::isInstance).map(e -> (SpikeDetected) e).singleElement()
        .satisfies(s -> {
          assertThat(s.count()).isEqualTo(3);
          assertThat(s.topAuthors()).containsExactly("mastodon:jana@koeln.social");
        });
  }

  @Test
  void hear_postDatedAheadOfTheClock_countsNow_andDoesNotMakeLaterTrafficASpike() {
    io.scrm.core.MutableClock clock = new io.scrm.core.MutableClock(T0);
    SocialCrm engine = SocialCrm.builder().clock(clock).build();
    List<CrmEvent> heard = new CopyOnWriteArrayList<>();
    engine.events().subscribeAll(heard::add);
    Listening skewed = Listening.builder(engine).monitor(Monitor.builder("stoerung").terms("Störung").build())
        .spikeDetector(SpikeDetector.builder().bucketWidth(Duration.ofMinutes(15)).warmupBuckets(4).build())
        .build();
    Duration quarter = Duration.ofMinutes(15);
    for (int b = 0; b < 28; b++) { // one complaint per quarter hour for seven hours
      clock.set(T0.plus(quarter.multipliedBy(b)).plusSeconds(60));
      if (b == 16) { // and one more, dated an hour ahead
        skewed.hear(post("ahead", "v@koeln.social", "Störung, ärgerlich", clock.instant().plus(Duration.ofHours(1))));
      }
      skewed.hear(post("q" + b, "u" + b + "@koeln.social", "Störung, ärgerlich", clock.instant()));
    }

    assertThat(heard).as("the rate never rose").noneMatch(SpikeDetected.class::isInstance);
  }
}
