package io.scrm.core.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scrm.core.SocialCrm;
import io.scrm.core.event.CrmEvent;
import io.scrm.core.event.LeadStageChanged;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.Interaction;
import io.scrm.core.model.Lead;
import io.scrm.core.model.LeadId;
import io.scrm.core.model.LeadStage;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Sales moves a lead through the funnel; a lead that ends frees its owner's capacity. */
final class LeadStagesTest {
  private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
  private final Assigner assigner = Assigner.builder().agent(new Agent("mehmet", Set.of(), 1))
      .team(Team.roundRobin("vertrieb", "mehmet")).build();
  private final SocialCrm crm = SocialCrm.builder().clock(Clock.fixed(T0, ZoneOffset.UTC))
      .intakeRouter(Router.builder(RuleSet.of(Rule.builder("bau").keywords("Neubau").createLead()
          .routeToQueue("vertrieb").build())).assigner(assigner).clock(Clock.fixed(T0, ZoneOffset.UTC)).build())
      .build();
  private final List<CrmEvent> events = new CopyOnWriteArrayList<>();

  LeadStagesTest() {
    crm.events().subscribeAll(events::add);
  }

  private Lead inquiry(String id) {
    LeadId lead = crm.ingest(Interaction.inbound(ChannelId.MASTODON, id).thread(id).author(id + "@bau.social", null)
        .text("Wir planen einen Neubau").occurredAt(T0).build()).leadId();
    return crm.findLead(lead).orElseThrow();
  }

  @Test
  void wonOrLostLead_freesItsOwnersCapacity() {
    Lead first = inquiry("s-1");
    assertThat(first.owner()).isEqualTo("mehmet");
    assertThat(inquiry("s-2").owner()).as("mehmet's one place is taken").isNull();

    Lead won = crm.moveLead(first.id(), LeadStage.WON);

    assertThat(won.stage()).isEqualTo(LeadStage.WON);
    assertThat(assigner.state().load("mehmet")).isZero();
    assertThat(inquiry("s-3").owner()).isEqualTo("mehmet");
    assertThat(events).filteredOn(LeadStageChanged.class::isInstance).map(LeadStageChanged.class::cast)
        .anyMatch(e -> e.leadId().equals(first.id()) && e.to() == LeadStage.WON);
  }

  @Test
  void moveLead_forwardOrToLost_only_andNothingAfterItEnded() {
    Lead lead = inquiry("s-4");
    Lead handed = crm.moveLead(lead.id(), LeadStage.HANDED_TO_SALES);
    int published = events.size();

    assertThat(crm.moveLead(lead.id(), LeadStage.HANDED_TO_SALES)).isEqualTo(handed);
    assertThat(events).hasSize(published);
    assertThatThrownBy(() -> crm.moveLead(lead.id(), LeadStage.MARKETING_QUALIFIED))
        .isInstanceOfSatisfying(IllegalLeadMoveException.class, e -> {
          assertThat(e.from()).isEqualTo(LeadStage.HANDED_TO_SALES);
          assertThat(e.to()).isEqualTo(LeadStage.MARKETING_QUALIFIED);
        }).hasMessageContaining("only moves forward");
    assertThat(crm.moveLead(lead.id(), LeadStage.LOST).stage()).isEqualTo(LeadStage.LOST);
    assertThatThrownBy(() -> crm.moveLead(lead.id(), LeadStage.WON))
        .isInstanceOf(IllegalLeadMoveException.class).hasMessageContaining("has ended");
    assertThat(crm.findLead(lead.id()).orElseThrow().stage()).isEqualTo(LeadStage.LOST);
    assertThatThrownBy(() -> crm.moveLead(LeadId.of("unbekannt"), LeadStage.WON))
        .isInstanceOf(LeadNotFoundException.class);
  }

  @Test
  void scoreLead_afterTheLeadWasWon_changesNothingAndPublishesNothing() {
    Lead lead = inquiry("s-5");
    crm.scoreLead(lead.id(), "web:1", 20);
    Lead won = crm.moveLead(lead.id(), LeadStage.WON);
    int published = events.size();

    Lead after = crm.scoreLead(lead.id(), "web:2", 50);

    assertThat(after).isEqualTo(won);
    assertThat(crm.findLead(lead.id()).orElseThrow()).isEqualTo(won);
    assertThat(events).hasSize(published);
  }
}
