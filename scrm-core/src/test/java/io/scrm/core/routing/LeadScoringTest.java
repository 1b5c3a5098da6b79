package io.scrm.core.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.scrm.core.model.CampaignTouch;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.ContactId;
import io.scrm.core.model.Interaction;
import io.scrm.core.model.Lead;
import io.scrm.core.model.LeadId;
import io.scrm.core.model.LeadStage;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class LeadScoringTest {
  private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
  private static final LeadScoring SCORING = LeadScoring.ofDefaults();

  static Lead lead() {
    Interaction first = Interaction.inbound(ChannelId.X, "m1").thread("t1").author("@bauherr", null)
        .text("Hausbau").occurredAt(T0).build();
    return Lead.from(LeadId.of("l1"), ContactId.of("c1"), first, T0);
  }

  @Test
  void score_redeliveredEvents_equalsSumOfDistinctEvents() {
    // each event id has fixed points; deliveries repeat and reorder event ids
    qt().withExamples(300)
        .forAll(lists().of(integers().between(0, 15)).ofSizeBetween(0, 60), integers().between(1, 1000))
        .checkAssert((deliveries, seed) -> {
          Map<String, Integer> points = new HashMap<>();
          Lead lead = lead();
          LeadStage previous = lead.stage();
          for (int e : deliveries) {
            String id = "event-" + e;
            int p = Math.floorMod(e * 31 + seed, 41) - 10;
            points.putIfAbsent(id, p);
            lead = SCORING.score(lead, id, p, T0);
            assertThat(lead.stage().compareTo(previous)).isGreaterThanOrEqualTo(0);
            previous = lead.stage();
          }
          assertThat(lead.score()).isEqualTo(points.values().stream().mapToInt(Integer::intValue).sum());
          assertThat(lead.scoredEvents()).containsExactlyInAnyOrderElementsOf(points.keySet());
        });
  }

  @Test
  void score_sameEventTwice_returnsSameLead() {
    Lead once = SCORING.score(lead(), "visit-1", 10, T0);
    assertThat(SCORING.score(once, "visit-1", 10, T0)).isSameAs(once);
  }

  @Test
  void score_thresholds_moveForwardOnly() {
    Lead l = SCORING.score(lead(), "a", 35, T0);
    assertThat(l.stage()).isEqualTo(LeadStage.MARKETING_QUALIFIED);
    l = SCORING.score(l, "b", 30, T0);
    assertThat(l.stage()).isEqualTo(LeadStage.SALES_QUALIFIED);
    l = SCORING.score(l, "c", -50, T0);
    assertThat(l.stage()).isEqualTo(LeadStage.SALES_QUALIFIED);
    l = SCORING.score(l, "d", 200, T0);
    assertThat(l.stage()).isEqualTo(LeadStage.HANDED_TO_SALES);
    assertThat(SCORING.stageFor(LeadStage.LOST, 500)).isEqualTo(LeadStage.LOST);
    assertThatThrownBy(() -> LeadScoring.of(50, 10, 100)).hasMessageContaining("ascending");
  }

  @Test
  void score_wonOrLostLead_keepsItsScoreAndCountsNoEvent() {
    Lead scored = SCORING.score(lead(), "visit-1", 40, T0);
    for (LeadStage ended : new LeadStage[] {LeadStage.WON, LeadStage.LOST}) {
      Lead closed = scored.toBuilder().stage(ended).build();

      Lead after = SCORING.score(closed, "visit-2", 25, T0.plusSeconds(60));

      assertThat(after).as(ended.name()).isSameAs(closed);
      assertThat(after.score()).isEqualTo(40);
      assertThat(after.scoredEvents()).containsExactly("visit-1");
    }
  }

  @Test
  void attribute_keepsEarliestAsFirstAndLatestAsLast() {
    CampaignTouch early = new CampaignTouch("HAUSBAU24", "facebook", "social", null, null, ChannelId.FACEBOOK, T0);
    CampaignTouch late = new CampaignTouch("WINTER", "newsletter", "email", "top", "heizung", null,
        T0.plusSeconds(3600));
    Lead l = LeadScoring.attribute(lead(), late, T0);
    l = LeadScoring.attribute(l, early, T0);
    assertThat(l.firstTouch()).isEqualTo(early);
    assertThat(l.lastTouch()).isEqualTo(late);
    assertThat(l.campaign()).isEqualTo("WINTER");
    assertThat(LeadScoring.attribute(l, late, T0)).isSameAs(l);
  }

  @Test
  void lead_withScoringAndTouches_roundTripsThroughScrmJson() throws Exception {
    var mapper = io.scrm.core.ScrmJson.newObjectMapper();
    CampaignTouch touch = new CampaignTouch("HAUSBAU24", "x", "social", "post-1", "hausbau", ChannelId.X, T0);
    Lead l = LeadScoring.attribute(SCORING.score(lead(), "e1", 40, T0), touch, T0);
    String json = mapper.writeValueAsString(l);
    assertThat(mapper.readValue(json, Lead.class)).isEqualTo(l);
    // documents stored before scoring existed still load
    String old = json.replaceAll(",\"scoredEvents\":\\[[^]]*]", "").replaceAll(",\"firstTouch\":\\{[^}]*}", "")
        .replaceAll(",\"lastTouch\":\\{[^}]*}", "");
    assertThat(old).doesNotContain("scoredEvents").doesNotContain("Touch");
    Lead legacy = mapper.readValue(old, Lead.class);
    assertThat(legacy.scoredEvents()).isEmpty();
    assertThat(legacy.firstTouch()).isNull();
    assertThat(List.of(legacy.score())).containsExactly(40);
  }

  @Test
  void score_beyondTheRangeOfInt_refusedNamingThePoints_andTheLeadKeepsItsScore() {
    Lead lead = Lead.from(LeadId.of("l-max"), ContactId.of("c-1"), Interaction.inbound(ChannelId.MASTODON, "o-1")
        .thread("o-1").author("o", null).text("Neubau").occurredAt(Instant.EPOCH).build(), Instant.EPOCH);
    Lead high = LeadScoring.ofDefaults().score(lead, "web:1", Integer.MAX_VALUE - 10, Instant.EPOCH);

    assertThatThrownBy(() -> LeadScoring.ofDefaults().score(high, "web:2", 11, Instant.EPOCH))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("points 11");
    assertThat(LeadScoring.ofDefaults().score(high, "web:3", 10, Instant.EPOCH).score()).isEqualTo(Integer.MAX_VALUE);
    assertThat(LeadScoring.ofDefaults().score(lead, "web:4", Integer.MIN_VALUE, Instant.EPOCH).score())
        .isEqualTo(Integer.MIN_VALUE);
  }
}
