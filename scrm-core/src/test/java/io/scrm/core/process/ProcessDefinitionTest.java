package io.scrm.core.process;

import static io.scrm.core.model.CaseState.CLOSED;
import static io.scrm.core.model.CaseState.IN_PROGRESS;
import static io.scrm.core.model.CaseState.NEW;
import static io.scrm.core.model.CaseState.REOPENED;
import static io.scrm.core.model.CaseState.RESOLVED;
import static io.scrm.core.model.CaseState.TRIAGED;
import static io.scrm.core.model.CaseState.WAITING_ON_CUSTOMER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scrm.core.event.CaseTransitioned;
import io.scrm.core.event.CrmEvent;
import io.scrm.core.model.Actor;
import io.scrm.core.model.AuditEntry;
import io.scrm.core.model.Case;
import io.scrm.core.model.CaseId;
import io.scrm.core.model.CaseState;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.ContactId;
import io.scrm.core.model.Priority;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

final class ProcessDefinitionTest {
  private static final Actor ANNA = Actor.agent("anna");
  private static final Actor BEN = Actor.agent("ben");

  private final Fixture f = new Fixture();

  @Test
  void build_unreachableState_namesIt() {
    CaseState limbo = CaseState.of("LIMBO");
    assertThatThrownBy(() -> ProcessDefinition.builder("p").initial(NEW).states(RESOLVED, limbo).terminal(RESOLVED)
        .transition(NEW, CommandKind.RESOLVE, RESOLVED).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("unreachable").hasMessageContaining("LIMBO");
  }

  @Test
  void build_transitionToUndeclaredState_namesIt() {
    assertThatThrownBy(() -> ProcessDefinition.builder("p").initial(NEW).states(RESOLVED).terminal(RESOLVED)
        .transition(NEW, CommandKind.RESOLVE, RESOLVED).transition(NEW, CommandKind.START, IN_PROGRESS).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("undeclared state IN_PROGRESS");
  }

  @Test
  void build_noTerminalState_fails() {
    assertThatThrownBy(() -> ProcessDefinition.builder("p").initial(NEW).states(IN_PROGRESS)
        .transition(NEW, CommandKind.START, IN_PROGRESS).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("no terminal state");
  }

  @Test
  void build_initialStateThatIsTerminal_namesIt() {
    assertThatThrownBy(() -> ProcessDefinition.builder("p").initial(NEW).states(CLOSED).terminal(NEW, CLOSED)
        .transition(NEW, CommandKind.CLOSE, CLOSED).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("initial state NEW")
        .hasMessageContaining("terminal");
  }

  @Test
  void build_stateThatCannotFinish_namesIt() {
    assertThatThrownBy(() -> ProcessDefinition.builder("p").initial(NEW).states(IN_PROGRESS, CLOSED).terminal(CLOSED)
        .transition(NEW, CommandKind.START, IN_PROGRESS).transition(NEW, CommandKind.CLOSE, CLOSED).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("no terminal state can be reached")
        .hasMessageContaining("IN_PROGRESS");
  }

  @Test
  void build_transitionAfterAnUnguardedOneForTheSameStateAndCommand_namesIt() {
    assertThatThrownBy(() -> ProcessDefinition.builder("p").initial(NEW).states(IN_PROGRESS, CLOSED).terminal(CLOSED)
        .transition(NEW, CommandKind.START, IN_PROGRESS).transition(NEW, CommandKind.START, CLOSED)
        .transition(IN_PROGRESS, CommandKind.CLOSE, CLOSED).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("NEW -START-> CLOSED")
        .hasMessageContaining("never taken");
  }

  @Test
  void build_sameTransitionDeclaredTwice_namesIt() {
    assertThatThrownBy(() -> ProcessDefinition.builder("p").initial(NEW).states(CLOSED).terminal(CLOSED)
        .transition(NEW, CommandKind.CLOSE, CLOSED).transition(NEW, CommandKind.CLOSE, CLOSED).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("NEW -CLOSE-> CLOSED")
        .hasMessageContaining("never taken");
  }

  @Test
  void build_guardedTransitionsBeforeAnUnguardedOne_areTriedInOrder() {
    CaseState vip = CaseState.of("VIP");
    ProcessDefinition p = ProcessDefinition.builder("p").initial(NEW).states(vip, IN_PROGRESS, CLOSED)
        .terminal(CLOSED)
        .transition(NEW, CommandKind.START, vip, "by the lead", (c, cmd, now) -> cmd.actor().id().equals("lead"),
            Action.MOVE)
        .transition(NEW, CommandKind.START, IN_PROGRESS)
        .transition(vip, CommandKind.CLOSE, CLOSED).transition(IN_PROGRESS, CommandKind.CLOSE, CLOSED).build();
    Case c = Case.open(CaseId.random(), ContactId.random(), sampleMention(), io.scrm.core.model.CaseType.QUESTION,
        Priority.NORMAL, Fixture.T0);

    assertThat(p.targets(NEW, CommandKind.START)).containsExactly(vip, IN_PROGRESS);
    assertThat(p.apply(c, CaseCommand.start("1", Actor.agent("lead")), Fixture.T0).state()).isEqualTo(vip);
    assertThat(p.apply(c, CaseCommand.start("2", ANNA), Fixture.T0).state()).isEqualTo(IN_PROGRESS);
  }

  @Test
  void build_hostProcess_appliesItsGuardsAndActions() {
    CaseState review = CaseState.of("LEGAL_REVIEW");
    CommandKind approve = CommandKind.of("APPROVE");
    ProcessDefinition gdpr = ProcessDefinition.builder("data-protection").initial(NEW).states(review, CLOSED)
        .terminal(CLOSED)
        .transition(NEW, CommandKind.TRIAGE, review, (c, cmd, to, open, e) -> c.next(to, open, Priority.HIGH,
            "dpo", c.assignee(), c.escalationLevel(), e))
        .transition(review, approve, CLOSED, "approved by the DPO", (c, cmd, now) -> cmd.actor().id().equals("dpo"),
            Action.MOVE)
        .build();
    Case c = Case.open(CaseId.random(), ContactId.random(), sampleMention(), io.scrm.core.model.CaseType.QUESTION,
        Priority.NORMAL, Fixture.T0);

    Case triaged = gdpr.apply(c, CaseCommand.triage("1", ANNA, null, null), Fixture.T0);
    assertThat(triaged.state()).isEqualTo(review);
    assertThat(triaged.queue()).isEqualTo("dpo");
    assertThatThrownBy(() -> gdpr.apply(triaged, CaseCommand.of("2", approve, ANNA, null), Fixture.T0))
        .isInstanceOf(IllegalCommandException.class).hasMessageContaining("approved by the DPO");
    Case closed = gdpr.apply(triaged, CaseCommand.of("3", approve, Actor.agent("dpo"), null), Fixture.T0);
    assertThat(closed.state()).isEqualTo(CLOSED);
    assertThat(closed.open()).isFalse();
  }

  @Test
  void hostProcess_newCasesStartInItsInitialState_andTakeItsCommands() {
    CaseState eingang = CaseState.of("EINGANG");
    CaseState pruefung = CaseState.of("PRUEFUNG");
    CaseState erledigt = CaseState.of("ERLEDIGT");
    CommandKind pruefen = CommandKind.of("PRUEFEN");
    ProcessDefinition reklamation = ProcessDefinition.builder("reklamation").initial(eingang)
        .states(pruefung, erledigt).terminal(erledigt)
        .transition(eingang, pruefen, pruefung)
        .transition(pruefung, CommandKind.of("ERLEDIGEN"), erledigt).build();
    Fixture host = new Fixture(io.scrm.core.SocialCrm.builder().process(reklamation));

    CaseId id = host.open();

    Case opened = host.crm.findCase(id).orElseThrow();
    assertThat(opened.state()).isEqualTo(eingang);
    assertThat(opened.audit().get(0).to()).isEqualTo(eingang);
    assertThat(host.crm.apply(id, CaseCommand.of("p-1", pruefen, ANNA, null)).stored().state()).isEqualTo(pruefung);
  }

  @Test
  void apply_actionThatDropsTheAuditEntry_isRefused_andTheCaseKeepsItsState() {
    CaseState done = CaseState.of("DONE");
    ProcessDefinition forgetful = ProcessDefinition.builder("forgetful").initial(NEW).states(done).terminal(done)
        .transition(NEW, CommandKind.NOTE, NEW, (c, cmd, to, open, e) -> c)
        .transition(NEW, CommandKind.CLOSE, done, (c, cmd, to, open, e) -> c.withState(to, open, e)
            .withState(to, open, new AuditEntry(e.at(), e.actor(), "EXTRA", to, to, null, null, null)))
        .build();
    Fixture host = new Fixture(io.scrm.core.SocialCrm.builder().process(forgetful));
    CaseId id = host.open();
    Case before = host.crm.findCase(id).orElseThrow();

    assertThatThrownBy(() -> host.crm.apply(id, CaseCommand.note("n1", ANNA, "Rückruf vereinbart")))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("NEW -NOTE-> NEW")
        .hasMessageContaining("audit entry");
    assertThatThrownBy(() -> host.crm.apply(id, CaseCommand.close("c1", ANNA)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("NEW -CLOSE-> DONE")
        .hasMessageContaining("audit entry");
    assertThat(host.crm.findCase(id).orElseThrow()).isEqualTo(before);
  }

  @Test
  void apply_actionThatLeavesATerminalCaseOpen_isRefused() {
    CaseState done = CaseState.of("DONE");
    ProcessDefinition leaky = ProcessDefinition.builder("leaky").initial(NEW).states(done).terminal(done)
        .transition(NEW, CommandKind.CLOSE, done, (c, cmd, to, open, e) -> c.next(to, true, c.priority(), c.queue(),
            c.assignee(), c.escalationLevel(), e))
        .build();
    Fixture host = new Fixture(io.scrm.core.SocialCrm.builder().process(leaky));
    CaseId id = host.open();

    assertThatThrownBy(() -> host.crm.apply(id, CaseCommand.close("c1", ANNA)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("NEW -CLOSE-> DONE")
        .hasMessageContaining("open");
    assertThat(host.crm.findCase(id).orElseThrow().state()).isEqualTo(NEW);
    assertThat(host.crm.findCase(id).orElseThrow().open()).isTrue();
  }

  @Test
  void apply_actionThatReturnsAnotherCase_isRefused() {
    CaseState done = CaseState.of("DONE");
    Case stranger = Case.open(CaseId.random(), ContactId.random(), sampleMention(),
        io.scrm.core.model.CaseType.QUESTION, Priority.NORMAL, Fixture.T0);
    ProcessDefinition confused = ProcessDefinition.builder("confused").initial(NEW).states(done).terminal(done)
        .transition(NEW, CommandKind.CLOSE, done, (c, cmd, to, open, e) -> stranger.withState(to, open, e))
        .build();
    Case c = Case.open(CaseId.random(), ContactId.random(), sampleMention(), io.scrm.core.model.CaseType.QUESTION,
        Priority.NORMAL, Fixture.T0);

    assertThatThrownBy(() -> confused.apply(c, CaseCommand.close("c1", ANNA), Fixture.T0))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("NEW -CLOSE-> DONE")
        .hasMessageContaining("another case");
  }

  private static io.scrm.core.model.Interaction sampleMention() {
    return io.scrm.core.model.Interaction.inbound(ChannelId.MASTODON, "1").thread("1").author("kai@x", "Kai")
        .text("Hallo").occurredAt(Fixture.T0).build();
  }

  @Test
  void apply_illegalCommand_throwsNamingCaseStateAndCommand_andChangesNothing() {
    CaseId id = f.open();
    Case before = f.crm.findCase(id).orElseThrow();

    assertThatThrownBy(() -> f.crm.apply(id, CaseCommand.close("c1", ANNA)))
        .isInstanceOfSatisfying(IllegalCommandException.class, e -> {
          assertThat(e.caseId()).isEqualTo(id);
          assertThat(e.state()).isEqualTo(NEW);
          assertThat(e.command()).isEqualTo(CommandKind.CLOSE);
          assertThat(e.getMessage()).contains(id.toString()).contains("NEW").contains("CLOSE");
        });
    assertThat(f.crm.findCase(id).orElseThrow()).isEqualTo(before);
  }

  @Test
  void apply_defaultProcess_walksToClosedWithFullAuditTrail() {
    List<CrmEvent> events = new CopyOnWriteArrayList<>();
    f.crm.events().subscribeAll(events::add);
    CaseId id = f.open();

    f.crm.apply(id, CaseCommand.triage("c1", ANNA, "support", Priority.HIGH));
    f.crm.apply(id, CaseCommand.start("c2", BEN));
    f.crm.apply(id, CaseCommand.askCustomer("c3", BEN, "Zählernummer?"));
    f.crm.apply(id, CaseCommand.customerReplied("c4", Actor.customer(ContactId.of("k")), null));
    f.crm.apply(id, CaseCommand.note("c5", BEN, "Kunde ist Influencer"));
    f.answer(id);
    f.crm.apply(id, CaseCommand.resolve("c6", BEN, "Techniker geschickt"));
    Case closed = f.crm.apply(id, CaseCommand.close("c7", BEN)).stored();

    assertThat(closed.state()).isEqualTo(CLOSED);
    assertThat(closed.open()).isFalse();
    assertThat(closed.queue()).isEqualTo("support");
    assertThat(closed.priority()).isEqualTo(Priority.HIGH);
    assertThat(closed.assignee()).isEqualTo("ben");
    assertThat(closed.audit()).extracting(AuditEntry::action).containsExactly("OPEN", "TRIAGE", "START",
        "ASK_CUSTOMER", "CUSTOMER_REPLIED", "NOTE", "REPLY_QUEUED", "REPLY_SENT", "RESOLVE", "CLOSE");
    AuditEntry resolve = closed.audit().get(8);
    assertThat(resolve.from()).isEqualTo(IN_PROGRESS);
    assertThat(resolve.to()).isEqualTo(RESOLVED);
    assertThat(resolve.actor()).isEqualTo(BEN);
    assertThat(resolve.channel()).isEqualTo(ChannelId.MASTODON);
    assertThat(resolve.note()).isEqualTo("Techniker geschickt");
    assertThat(resolve.commandId()).isEqualTo("c6");
    assertThat(events).filteredOn(CaseTransitioned.class::isInstance).hasSize(7);

    AuditSummary summary = AuditSummary.of(closed);
    assertThat(summary.foundOn()).isEqualTo(ChannelId.MASTODON);
    assertThat(summary.foundBy().type()).isEqualTo(io.scrm.core.model.ActorType.CUSTOMER);
    assertThat(summary.handledBy()).containsExactly(ANNA, BEN);
    assertThat(summary.firstAnsweredAt()).isNotNull();
    assertThat(summary.resolvedAt()).isNotNull();
    assertThat(summary.special()).extracting(AuditEntry::note).containsExactly("Kunde ist Influencer");
  }

  @Test
  void auditSummary_resolvedAt_isWhenTheCaseWasResolved_notItsLastNoteOrAssignment() {
    CaseId id = f.open();
    f.crm.apply(id, CaseCommand.triage("c1", ANNA, "service", null));
    f.crm.apply(id, CaseCommand.start("c2", ANNA));
    f.answer(id);
    Instant resolvedAt = f.crm.apply(id, CaseCommand.resolve("c3", ANNA, null)).entry().at();
    f.clock.advance(Duration.ofHours(2));
    f.crm.apply(id, CaseCommand.note("c4", ANNA, "Kunde rief an, alles gut"));
    f.crm.apply(id, CaseCommand.assign("c5", ANNA, "ben"));

    AuditSummary summary = AuditSummary.of(f.crm.findCase(id).orElseThrow());

    assertThat(summary.resolvedAt()).isEqualTo(resolvedAt);
    assertThat(summary.special()).as("the note; no reopening").extracting(AuditEntry::note)
        .containsExactly("Kunde rief an, alles gut");
  }

  @Test
  void resolve_withoutAnswerOnOriginChannel_isRefused() {
    CaseId id = f.open();
    f.crm.apply(id, CaseCommand.triage("c1", ANNA, null, null));
    f.crm.apply(id, CaseCommand.start("c2", ANNA));
    f.crm.reply(id, ANNA, "queued but not sent yet");

    assertThatThrownBy(() -> f.crm.apply(id, CaseCommand.resolve("c3", ANNA, null)))
        .isInstanceOf(IllegalCommandException.class).hasMessageContaining("answer sent on origin channel");
  }

  @Test
  void resolve_afterReopen_needsANewAnswer() {
    CaseId id = inProgress();
    f.answer(id);
    f.crm.apply(id, CaseCommand.resolve("r1", ANNA, null));
    f.crm.apply(id, CaseCommand.customerReplied("m1", Actor.customer(ContactId.of("k")), null));
    assertThat(f.crm.findCase(id).orElseThrow().state()).isEqualTo(REOPENED);
    f.crm.apply(id, CaseCommand.start("s2", ANNA));

    assertThatThrownBy(() -> f.crm.apply(id, CaseCommand.resolve("r2", ANNA, null)))
        .isInstanceOf(IllegalCommandException.class);
    f.answer(id);
    assertThat(f.crm.apply(id, CaseCommand.resolve("r2", ANNA, null)).stored().state()).isEqualTo(RESOLVED);
  }

  @Test
  void updateCase_changeOfStateOrOpenFlag_isRefused_andChangesNothing() {
    CaseId id = f.open();
    Case before = f.crm.findCase(id).orElseThrow();
    AuditEntry skip = new AuditEntry(f.clock.instant(), ANNA, "CLOSE", NEW, CLOSED, null, null, null);

    assertThatThrownBy(() -> f.crm.updateCase(id, c -> c.withState(CLOSED, false, skip)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(id.toString())
        .hasMessageContaining("state");
    assertThatThrownBy(() -> f.crm.updateCase(id, c -> c.withState(c.state(), false, skip)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("open");
    assertThat(f.crm.findCase(id).orElseThrow()).isEqualTo(before);
    assertThatThrownBy(() -> f.crm.apply(id, CaseCommand.close("c1", ANNA)))
        .isInstanceOf(IllegalCommandException.class);
  }

  @Test
  void updateCase_changeOutsideTheProcess_isStored() {
    CaseId id = f.open();

    Case noted = f.crm.updateCase(id, c -> c.withAudit(new AuditEntry(f.clock.instant(), ANNA, "CALL", null, null,
        null, null, null)));

    assertThat(noted.state()).isEqualTo(NEW);
    assertThat(noted.audit()).extracting(AuditEntry::action).containsExactly("OPEN", "CALL");
  }

  @Test
  void apply_sameCommandIdTwice_returnsFirstOutcome() {
    CaseId id = f.open();
    CommandResult first = f.crm.apply(id, CaseCommand.triage("c1", ANNA, "support", null));
    f.crm.apply(id, CaseCommand.start("c2", ANNA));

    CommandResult again = f.crm.apply(id, CaseCommand.triage("c1", ANNA, "support", null));

    assertThat(again.duplicate()).isTrue();
    assertThat(again.entry()).isEqualTo(first.entry());
    assertThat(again.stored().state()).isEqualTo(IN_PROGRESS);
    assertThat(again.stored().audit()).filteredOn(e -> "c1".equals(e.commandId())).hasSize(1);
  }

  @Test
  void apply_commandWhoseIdAlsoNamesAReplyOfTheCase_isApplied() {
    CaseId id = inProgress();
    String replyId = f.crm.reply(id, ANNA, "Wir prüfen den Anschluss.").outboundId().orElseThrow().value();
    f.answer(id);

    CommandResult r = f.crm.apply(id, CaseCommand.resolve(replyId, ANNA, null));

    assertThat(r.duplicate()).isFalse();
    assertThat(r.entry().action()).isEqualTo("RESOLVE");
    assertThat(r.stored().state()).isEqualTo(RESOLVED);
    assertThat(f.crm.apply(id, CaseCommand.resolve(replyId, ANNA, null)).duplicate()).isTrue();
  }

  @Test
  void customerReplied_onClosedCase_reopensOnlyWithinWindow() {
    CaseId id = inProgress();
    f.answer(id);
    f.crm.apply(id, CaseCommand.resolve("r", ANNA, null));
    f.crm.apply(id, CaseCommand.close("c", ANNA));
    f.clock.advance(Duration.ofDays(8));
    assertThatThrownBy(() -> f.crm.apply(id, CaseCommand.customerReplied("m1", Actor.customer(ContactId.of("k")),
        null))).isInstanceOf(IllegalCommandException.class).hasMessageContaining("within reopen window");

    CaseId other = inProgress();
    f.answer(other);
    f.crm.apply(other, CaseCommand.resolve("r", ANNA, null));
    f.crm.apply(other, CaseCommand.close("c", ANNA));
    f.clock.advance(Duration.ofDays(6));
    Case reopened = f.crm.apply(other, CaseCommand.customerReplied("m1", Actor.customer(ContactId.of("k")), null))
        .stored();
    assertThat(reopened.state()).isEqualTo(REOPENED);
    assertThat(reopened.open()).isTrue();
  }

  @Test
  void customerReplied_onClosedCase_withAWindowAsLongAsADurationGoes_reopensIt() {
    Fixture forever = new Fixture(io.scrm.core.SocialCrm.builder()
        .process(ProcessDefinition.standard(Duration.ofSeconds(Long.MAX_VALUE, 999_999_999))));
    CaseId id = forever.open();
    forever.crm.apply(id, CaseCommand.triage("t", ANNA, null, null));
    forever.crm.apply(id, CaseCommand.start("s", ANNA));
    forever.answer(id);
    forever.crm.apply(id, CaseCommand.resolve("r", ANNA, null));
    forever.crm.apply(id, CaseCommand.close("c", ANNA));
    forever.clock.advance(Duration.ofDays(3650));

    Case reopened = forever.crm.apply(id, CaseCommand.customerReplied("m1", Actor.customer(ContactId.of("k")), null))
        .stored();

    assertThat(reopened.state()).isEqualTo(REOPENED);
    assertThat(reopened.open()).isTrue();
  }

  @Test
  void reopen_closedCase_atTheEndOfTheWindow_isAccepted_andAfterItRefused() {
    CaseId id = inProgress();
    f.answer(id);
    f.crm.apply(id, CaseCommand.resolve("r", ANNA, null));
    f.crm.apply(id, CaseCommand.close("c", ANNA));
    f.clock.advance(Duration.ofDays(7));
    assertThat(f.crm.apply(id, CaseCommand.reopen("o1", ANNA, null)).stored().state()).isEqualTo(REOPENED);

    CaseId other = inProgress();
    f.answer(other);
    f.crm.apply(other, CaseCommand.resolve("r", ANNA, null));
    f.crm.apply(other, CaseCommand.close("c", ANNA));
    f.clock.advance(Duration.ofDays(7).plusNanos(1));
    assertThatThrownBy(() -> f.crm.apply(other, CaseCommand.reopen("o1", ANNA, null)))
        .isInstanceOf(IllegalCommandException.class).hasMessageContaining("within reopen window");
  }

  @Test
  void askCustomerPrivately_handOverStaysInTheSameCase() {
    CaseId id = inProgress();
    ChannelId dm = ChannelId.of("mastodon-dm");

    f.crm.apply(id, CaseCommand.askCustomerPrivately("a1", ANNA, "Adresse?", dm, "dm-77"));
    Case c = f.crm.apply(id, CaseCommand.customerReplied("m1", Actor.customer(ContactId.of("k")), dm)).stored();

    assertThat(c.id()).isEqualTo(id);
    assertThat(c.state()).isEqualTo(IN_PROGRESS);
    AuditEntry ask = c.audit().get(c.audit().size() - 2);
    assertThat(ask.channel()).isEqualTo(dm);
    assertThat(ask.note()).isEqualTo("thread dm-77: Adresse?");
    assertThat(c.audit().get(c.audit().size() - 1).channel()).isEqualTo(dm);
  }

  @Test
  void escalate_setsLevelAndRaisesPriority_neverLowers() {
    CaseId id = inProgress();
    f.crm.apply(id, CaseCommand.escalate("e1", ANNA, 2, Priority.URGENT, "Presse"));
    Case c = f.crm.apply(id, CaseCommand.escalate("e2", ANNA, 1, Priority.LOW, null)).stored();

    assertThat(c.escalationLevel()).isEqualTo(2);
    assertThat(c.priority()).isEqualTo(Priority.URGENT);
    assertThat(c.state()).isEqualTo(IN_PROGRESS);
  }

  @Test
  void standard_declaresTheDocumentedTable() {
    ProcessDefinition p = ProcessDefinition.standard(Duration.ofDays(7));
    assertThat(p.initial()).isEqualTo(NEW);
    assertThat(p.terminal()).containsExactly(CLOSED);
    assertThat(p.targets(IN_PROGRESS, CommandKind.ASK_CUSTOMER)).containsExactly(WAITING_ON_CUSTOMER);
    assertThat(p.targets(WAITING_ON_CUSTOMER, CommandKind.CUSTOMER_REPLIED)).containsExactly(IN_PROGRESS);
    assertThat(p.targets(NEW, CommandKind.TRIAGE)).containsExactly(TRIAGED);
    assertThat(p.declares(NEW, CommandKind.RESOLVE)).isFalse();
    assertThat(p.pausesClocks(WAITING_ON_CUSTOMER)).isTrue();
    assertThat(p.stopsClocks(RESOLVED)).isTrue();
  }

  private CaseId inProgress() {
    CaseId id = f.open();
    f.crm.apply(id, CaseCommand.triage("t", ANNA, null, null));
    f.crm.apply(id, CaseCommand.start("s", ANNA));
    return id;
  }
}
