package io.scrm.core.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.scrm.core.IngestResult;
import io.scrm.core.SocialCrm;
import io.scrm.core.model.Actor;
import io.scrm.core.model.AuditEntry;
import io.scrm.core.model.Case;
import io.scrm.core.model.CaseId;
import io.scrm.core.model.CaseState;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.Interaction;
import io.scrm.core.model.InteractionKind;
import io.scrm.core.model.OutboundMessage;
import io.scrm.core.model.Visibility;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The engine applies the customer's new message to the case process by itself. */
final class CustomerWritesAgainTest {
  private static final Instant T0 = Instant.parse("2026-11-23T09:00:00Z");
  private final SocialCrm crm = SocialCrm.builder().clock(Clock.fixed(T0, ZoneOffset.UTC)).build();
  private final Actor agent = Actor.agent("anna.weber");
  private int seq;

  private static Interaction dm(String id, String thread, String text) {
    return Interaction.inbound(ChannelId.TELEGRAM, id).thread(thread).author("kunde_1", null).text(text)
        .occurredAt(T0).visibility(Visibility.PRIVATE).kind(InteractionKind.DIRECT).build();
  }

  private Case apply(CaseId id, CaseCommand command) {
    return crm.apply(id, command).stored();
  }

  private String next() {
    return "c" + (++seq);
  }

  private static long count(Case c, String action) {
    return c.audit().stream().map(AuditEntry::action).filter(action::equals).count();
  }

  private CaseId waitingCase() {
    CaseId id = crm.ingest(dm("1:1", "1", "Mein Anschluss ist tot.")).caseId();
    apply(id, CaseCommand.triage(next(), agent, "service", null));
    apply(id, CaseCommand.start(next(), agent));
    apply(id, CaseCommand.askCustomer(next(), agent, "Kundennummer?"));
    return id;
  }

  @Test
  void customerMessageWhileWaiting_resumesTheCaseOnce_evenWhenRedelivered() {
    CaseId id = waitingCase();
    Interaction answer = dm("1:2", "1", "Kundennummer 5550123");

    crm.ingest(answer);
    crm.forgetCached(java.util.List.of(answer.id()));
    crm.ingest(answer);

    Case c = crm.findCase(id).orElseThrow();
    assertThat(c.state()).isEqualTo(CaseState.IN_PROGRESS);
    assertThat(count(c, "CUSTOMER_REPLIED")).isEqualTo(1);
    assertThat(crm.slaStatus(id).clocks()).noneMatch(clock -> clock.phase() == SlaPhase.PAUSED);
  }

  @Test
  void customerMessageAfterResolution_reopensTheCase() {
    CaseId id = waitingCase();
    crm.reply(id, agent, "Der Techniker kommt morgen.");
    for (OutboundMessage m : crm.outbox().claim(10, Duration.ofMinutes(1))) {
      crm.outbox().markSent(m, "tg-1");
    }
    assertThat(apply(id, CaseCommand.resolve(next(), agent, null)).state()).isEqualTo(CaseState.RESOLVED);

    IngestResult again = crm.ingest(dm("1:3", "1", "Geht immer noch nicht!"));

    assertThat(again.caseId()).isEqualTo(id);
    assertThat(crm.findCase(id).orElseThrow().state()).isEqualTo(CaseState.REOPENED);
  }

  @Test
  void messageWhileInProgress_isRecordedWithoutAProcessCommand() {
    CaseId id = crm.ingest(dm("2:1", "2", "Hallo")).caseId();
    apply(id, CaseCommand.triage(next(), agent, null, null));
    crm.ingest(dm("2:2", "2", "Noch etwas"));
    Case c = crm.findCase(id).orElseThrow();
    assertThat(c.state()).isEqualTo(CaseState.TRIAGED);
    assertThat(count(c, "CUSTOMER_REPLIED")).isZero();
    assertThat(count(c, "MESSAGE")).isEqualTo(1);
  }

  @Test
  void detailsAskedPrivately_stayInTheCaseOfThePublicPost() {
    Interaction post = Interaction.inbound(ChannelId.MASTODON, "900").thread("900").author("kai@koeln.social", null)
        .text("@netz kein Internet in Nippes").occurredAt(T0).visibility(Visibility.PUBLIC)
        .kind(InteractionKind.MENTION).build();
    CaseId id = crm.ingest(post).caseId();
    apply(id, CaseCommand.triage(next(), agent, null, null));
    apply(id, CaseCommand.start(next(), agent));
    apply(id, CaseCommand.askCustomerPrivately(next(), agent, "Adresse erbeten", ChannelId.MASTODON, "dm-77"));

    Interaction privateAnswer = Interaction.inbound(ChannelId.MASTODON, "901").thread("dm-77")
        .author("kai@koeln.social", null).text("Neusser Straße 12").occurredAt(T0).visibility(Visibility.PRIVATE)
        .kind(InteractionKind.DIRECT).build();
    IngestResult r = crm.ingest(privateAnswer);

    assertThat(r.caseId()).isEqualTo(id);
    Case c = crm.findCase(id).orElseThrow();
    assertThat(c.interactions()).contains(privateAnswer.id());
    assertThat(c.state()).isEqualTo(CaseState.IN_PROGRESS);
    assertThat(crm.stores().cases().count()).isEqualTo(1);

    Interaction otherThread = Interaction.inbound(ChannelId.MASTODON, "902").thread("dm-78")
        .author("kai@koeln.social", null).text("Andere Frage").occurredAt(T0).visibility(Visibility.PRIVATE)
        .kind(InteractionKind.DIRECT).build();
    assertThat(crm.ingest(otherThread).caseId()).isNotEqualTo(id);
  }

  /** A case of Kai's public mention, answered, resolved and closed; its thread. */
  private static Case closedCase(Fixture f) {
    CaseId id = f.open();
    Actor anna = Actor.agent("anna");
    f.crm.apply(id, CaseCommand.triage("t-" + id, anna, "service", null));
    f.crm.apply(id, CaseCommand.start("s-" + id, anna));
    f.answer(id);
    f.crm.apply(id, CaseCommand.resolve("r-" + id, anna, null));
    return f.crm.apply(id, CaseCommand.close("c-" + id, anna)).stored();
  }

  private static Interaction mention(Fixture f, String id, String thread, String author) {
    return Interaction.inbound(ChannelId.MASTODON, id).thread(thread).author(author, null)
        .text("Schon wieder kein Netz").occurredAt(f.clock.instant()).visibility(Visibility.PUBLIC)
        .kind(InteractionKind.MENTION).build();
  }

  @Test
  void customerMessageIntoAClosedCasesThread_withinTheReopenWindow_reopensIt() {
    Fixture f = new Fixture();
    Case closed = closedCase(f);
    f.clock.advance(Duration.ofDays(2));

    IngestResult again = f.crm.ingest(mention(f, "again-1", closed.originThread(), "kai@koeln.social"));

    Case c = f.crm.findCase(closed.id()).orElseThrow();
    assertThat(again.caseId()).isEqualTo(closed.id());
    assertThat(c.state()).isEqualTo(CaseState.REOPENED);
    assertThat(c.open()).isTrue();
    assertThat(c.interactions()).contains(again.interaction());
    assertThat(count(c, "CUSTOMER_REPLIED")).isEqualTo(1);
  }

  @Test
  void customerMessageIntoAClosedCasesThread_afterTheWindow_orByAnotherPerson_opensANewCase() {
    Fixture f = new Fixture();
    Case closed = closedCase(f);
    f.clock.advance(Duration.ofDays(2));

    IngestResult other = f.crm.ingest(mention(f, "other-1", closed.originThread(), "jule@koeln.social"));
    assertThat(other.caseId()).isNotEqualTo(closed.id());
    assertThat(f.crm.findCase(closed.id()).orElseThrow().state()).isEqualTo(CaseState.CLOSED);

    Fixture g = new Fixture();
    Case late = closedCase(g);
    g.clock.advance(Duration.ofDays(8));
    IngestResult after = g.crm.ingest(mention(g, "late-1", late.originThread(), "kai@koeln.social"));
    assertThat(after.caseId()).isNotEqualTo(late.id());
    assertThat(g.crm.findCase(late.id()).orElseThrow().state()).isEqualTo(CaseState.CLOSED);
    assertThat(g.crm.findCase(after.caseId()).orElseThrow().state()).isEqualTo(CaseState.NEW);
  }
}
