package io.scrm.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.scrm.core.IntakeDecision;
import io.scrm.core.IntakeRouter;
import io.scrm.core.SocialCrm;
import io.scrm.core.model.Actor;
import io.scrm.core.model.Case;
import io.scrm.core.model.CaseId;
import io.scrm.core.model.CaseType;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.Contact;
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

  /** A router whose assigner knows anna and ben, with room for two cases each. */
  private static final class TwoAgents {
    final Assigner assigner = Assigner.builder().agent(new Agent("anna", Set.of(), 2))
        .agent(new Agent("ben", Set.of(), 2)).team(Team.roundRobin("service", "anna")).build();
    final Router router = Router.builder(RuleSet.of(Rule.builder("all").createCase(CaseType.QUESTION)
        .routeToQueue("service").build())).assigner(assigner).clock(Clock.fixed(T0, ZoneOffset.UTC)).build();
  }

  @Test
  void reopenedCase_countsAgainstItsAgentsCapacityAgain() {
    Case first = open("5");
    close(first.id());
    Case second = open("6");
    assertThat(second.assignee()).isEqualTo("anna");

    crm.apply(first.id(), CaseCommand.reopen("re-5", Actor.agent("anna"), null));

    assertThat(assigner.state().load("anna")).as("the second case and the reopened one").isEqualTo(2);
    assertThat(open("7").assignee()).as("anna is over capacity").isNull();
    crm.apply(first.id(), CaseCommand.start("s2-5", Actor.agent("anna")));
    crm.reply(first.id(), Actor.agent("anna"), "Nochmals erledigt.");
    for (OutboundMessage m : crm.outbox().claim(10, Duration.ofMinutes(1))) {
      crm.outbox().markSent(m, "p2-" + m.id().value());
    }
    crm.apply(first.id(), CaseCommand.resolve("r2-5", Actor.agent("anna"), null));
    crm.apply(first.id(), CaseCommand.close("c2-5", Actor.agent("anna")));
    assertThat(assigner.state().load("anna")).as("only the second case").isEqualTo(1);
  }

  @Test
  void caseAssignedToAnotherAgent_movesTheCapacityWithIt() {
    TwoAgents two = new TwoAgents();
    SocialCrm engine = SocialCrm.builder().clock(clock).intakeRouter(two.router).build();
    CaseId id = engine.ingest(Interaction.inbound(ChannelId.TELEGRAM, "r1:1").thread("r1").author("kunde-r1", null)
        .text("Frage").occurredAt(T0).build()).caseId();
    assertThat(engine.findCase(id).orElseThrow().assignee()).isEqualTo("anna");

    engine.apply(id, CaseCommand.assign("to-ben", Actor.agent("anna"), "ben"));

    assertThat(two.assigner.state().load("anna")).isZero();
    assertThat(two.assigner.state().load("ben")).isEqualTo(1);
  }

  @Test
  void messageThatLosesTheRaceToOpenItsThreadsCase_givesItsCapacityBack() {
    TwoAgents two = new TwoAgents();
    SocialCrm[] engine = new SocialCrm[1];
    Interaction second = Interaction.inbound(ChannelId.TELEGRAM, "77:2").thread("77").author("kunde-77", null)
        .text("Hallo?").occurredAt(T0).build();
    IntakeRouter racing = new IntakeRouter() {
      private boolean raced;

      @Override
      public IntakeDecision route(Interaction message, Contact author) {
        IntakeDecision d = two.router.route(message, author);
        if (!raced) {
          // while the first message is routed, the thread's second message opens the case
          raced = true;
          engine[0].ingest(second);
        }
        return d;
      }

      @Override
      public void released(String assignee) {
        two.router.released(assignee);
      }
    };
    engine[0] = SocialCrm.builder().clock(clock).intakeRouter(racing).build();

    CaseId id = engine[0].ingest(Interaction.inbound(ChannelId.TELEGRAM, "77:1").thread("77")
        .author("kunde-77", null).text("Frage").occurredAt(T0).build()).caseId();

    Case opened = engine[0].findCase(id).orElseThrow();
    assertThat(opened.interactions()).hasSize(2);
    assertThat(opened.assignee()).isEqualTo("anna");
    assertThat(two.assigner.state().load("anna")).as("anna holds one open case").isEqualTo(1);
  }
}
