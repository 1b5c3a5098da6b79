package io.scrm.consent;

import static org.assertj.core.api.Assertions.assertThat;

import io.scrm.consent.contract.MutableClock;
import io.scrm.core.IngestResult;
import io.scrm.core.SocialCrm;
import io.scrm.core.model.CaseType;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.ContactId;
import io.scrm.core.model.Interaction;
import io.scrm.core.routing.Agent;
import io.scrm.core.routing.Assigner;
import io.scrm.core.routing.ExampleRules;
import io.scrm.core.routing.Router;
import io.scrm.core.routing.Rule;
import io.scrm.core.routing.RuleSet;
import io.scrm.core.routing.Team;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Erasing a subject whose open case or lead someone holds gives that person's capacity back. */
final class ErasureFreesCapacityTest {
  private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

  @Test
  void erasingASubjectWithAnOpenAssignedCase_freesTheAgentsCapacity() {
    MutableClock clock = new MutableClock(T0);
    ConsentLedger ledger = ConsentLedger.builder().clock(clock).purposes(Purposes.ofDefaults()).build();
    ConsentGate gate = ConsentGate.builder(ledger).role("dora", AgentRole.DATA_PROTECTION_OFFICER).build();
    Assigner assigner = Assigner.builder().agent(new Agent("anna", Set.of(), 1))
        .team(Team.roundRobin("service", "anna")).build();
    SocialCrm crm = SocialCrm.builder().clock(clock).consentPolicy(gate)
        .intakeRouter(Router.builder(RuleSet.of(Rule.builder("all").createCase(CaseType.QUESTION)
            .routeToQueue("service").build())).assigner(assigner).clock(clock).build())
        .build();
    DataSubjectRequests dsr = DataSubjectRequests.of(crm, gate, null);

    ContactId subject = crm.ingest(Interaction.inbound(ChannelId.TELEGRAM, "1:1").thread("1").author("kunde_1", null)
        .text("Frage").occurredAt(T0).build()).contact();
    assertThat(assigner.state().load("anna")).isEqualTo(1);
    clock.advance(java.time.Duration.ofDays(3));
    assertThat(crm.tick()).as("the first response is late").isNotEmpty();

    dsr.erase(subject, Fixture.DPO);

    assertThat(crm.sla().remembered()).as("the erased case's SLA reports are forgotten").isZero();

    assertThat(crm.stores().cases().findOpen()).isEmpty();
    assertThat(assigner.state().load("anna")).as("anna holds no open case any more").isZero();
    assertThat(crm.findCase(crm.ingest(Interaction.inbound(ChannelId.TELEGRAM, "2:1").thread("2")
        .author("kunde_2", null).text("Frage").occurredAt(T0).build()).caseId()).orElseThrow().assignee())
        .as("the next customer's case goes to anna").isEqualTo("anna");
  }

  @Test
  void erasingASubjectWithAnOpenOwnedLead_freesTheAdvisorsCapacity() {
    MutableClock clock = new MutableClock(T0);
    ConsentLedger ledger = ConsentLedger.builder().clock(clock).purposes(Purposes.ofDefaults()).build();
    ConsentGate gate = ConsentGate.builder(ledger).role("dora", AgentRole.DATA_PROTECTION_OFFICER).build();
    Assigner assigner = ExampleRules.assigner();
    SocialCrm crm = SocialCrm.builder().clock(clock).consentPolicy(gate)
        .intakeRouter(Router.builder(ExampleRules.ruleSet()).assigner(assigner).clock(clock).build()).build();
    DataSubjectRequests dsr = DataSubjectRequests.of(crm, gate, null);
    IngestResult inquiry = crm.ingest(Interaction.inbound(ChannelId.TELEGRAM, "42:1").thread("42")
        .author("bauherr_42", null).language("de").text("Wir planen einen Hausbau in K\u00F6ln.").occurredAt(T0).build());
    String owner = crm.stores().leads().find(inquiry.leadId()).orElseThrow().owner();
    assertThat(owner).isNotNull();
    assertThat(assigner.state().load(owner)).isEqualTo(1);

    dsr.erase(inquiry.contact(), Fixture.DPO);

    assertThat(crm.stores().leads().find(inquiry.leadId())).isEmpty();
    assertThat(assigner.state().load(owner)).as("%s holds no open lead any more", owner).isZero();
  }
}
