package io.scrm.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.scrm.core.SocialCrm;
import io.scrm.core.model.Actor;
import io.scrm.core.model.Case;
import io.scrm.core.model.CaseId;
import io.scrm.core.model.CaseType;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.Interaction;
import io.scrm.core.model.OutboundMessage;
import io.scrm.core.process.CaseCommand;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Closing a case frees the capacity its agent had for it. */
final class CapacityReleaseTest {
  private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
  private final Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
  private final Assigner assigner = Assigner.builder().agent(new Agent("anna", Set.of(), 1))
      .team(Team.roundRobin("service", "anna")).build();
  private final SocialCrm crm = SocialCrm.builder().clock(clock)
      .intakeRouter(Router.builder(RuleSet.of(Rule.builder("all").createCase(CaseType.QUESTION)
          .routeToQueue("service").build())).assigner(assigner).clock(clock).build())
      .build();

  private Case open(String id) {
    return crm.findCase(crm.ingest(Interaction.inbound(ChannelId.TELEGRAM, id + ":1").thread(id)
        .author("kunde-" + id, null).text("Frage").occurredAt(T0).build()).caseId()).orElseThrow();
  }

  private void close(CaseId id) {
    Actor anna = Actor.agent("anna");
    crm.apply(id, CaseCommand.triage("t-" + id, anna, null, null));
    crm.apply(id, CaseCommand.start("s-" + id, anna));
    crm.reply(id, anna, "Erledigt.");
    for (OutboundMessage m : crm.outbox().claim(10, Duration.ofMinutes(1))) {
      crm.outbox().markSent(m, "p-" + m.id().value());
    }
    crm.apply(id, CaseCommand.resolve("r-" + id, anna, null));
    crm.apply(id, CaseCommand.close("c-" + id, anna));
  }

  @Test
  void agentAtCapacity_getsWorkAgainOnceHerCaseIsClosed() {
    Case first = open("1");
    assertThat(first.assignee()).isEqualTo("anna");
    assertThat(open("2").assignee()).as("capacity 1 is taken").isNull();

    close(first.id());

    assertThat(assigner.state().load("anna")).isZero();
    assertThat(open("3").assignee()).isEqualTo("anna");
  }

  @Test
  void commandsThatKeepTheCaseOpen_keepTheCapacityTaken() {
    Case first = open("4");
    crm.apply(first.id(), CaseCommand.triage("t", Actor.agent("anna"), null, null));
    crm.apply(first.id(), CaseCommand.note("n", Actor.agent("anna"), "Notiz"));
    assertThat(assigner.state().load("anna")).isEqualTo(1);
  }
}
