package io.scrm.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.scrm.core.ReplyResult;
import io.scrm.core.consent.ConsentAction;
import io.scrm.core.consent.ConsentDecision;
import io.scrm.core.model.Actor;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.ContactId;
import io.scrm.core.model.OutboundMessage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Consent invariants over arbitrary command sequences. */
final class ConsentPropertiesTest {
  private static final ChannelId[] CHANNELS = {ChannelId.EMAIL, Fixture.SMS, ChannelId.TELEGRAM};
  private static final int KINDS = 6;
  private static final String[] PURPOSES = {"marketing", "profile-linking", "transactional", "tracking", "profiling"};
  private static final ConsentAction[] ACTIONS = {ConsentAction.SEND_MARKETING, ConsentAction.LINK_IDENTITY,
      ConsentAction.SEND_TRANSACTIONAL, ConsentAction.TRACK, ConsentAction.TRACK};

  /**
   * Grant, withdraw, object, enqueue, dispatch and clock steps in any order, on three channels: a
   * queued marketing message is sent only if, at send time, the channel has a double opt-in consent
   * that no later withdrawal or objection overrides; otherwise the dispatcher cancels it.
   */
  @Test
  void dispatch_anyInterleaving_sendsOnlyWithConsentAtSendTime() {
    qt().withExamples(150).forAll(lists().of(integers().between(0, KINDS * CHANNELS.length - 1)).ofSizeBetween(1, 40))
        .checkAssert(this::runMarketingSequence);
  }

  private void runMarketingSequence(List<Integer> ops) {
    Fixture f = new Fixture();
    ContactId subject = ContactId.of("c-prop");
    Actor self = Actor.customer(subject);
    boolean[] consented = new boolean[CHANNELS.length];
    for (int op : ops) {
      int kind = op % KINDS;
      int ch = op / KINDS;
      ChannelId channel = CHANNELS[ch];
      switch (kind) {
        case 0 -> {
          OptInRequest r = f.doubleOptIn.request(subject, "marketing", channel, Fixture.NEWSLETTER, Map.of(),
              Fixture.form());
          if (r.issued()) {
            assertThat(f.doubleOptIn.confirm(r.token(), Evidence.NONE).confirmed()).isTrue();
          } else {
            assertThat(consented[ch]).as("no second confirmation only if consented").isTrue();
          }
          consented[ch] = true;
        }
        case 1 -> {
          f.ledger.withdraw(subject, "marketing", channel, CollectionMethod.WITHDRAWAL_LINK, self);
          consented[ch] = false;
        }
        case 2 -> {
          f.ledger.object(subject, "marketing", CollectionMethod.API, self);
          for (int i = 0; i < CHANNELS.length; i++) {
            consented[i] = false;
          }
        }
        case 3 -> {
          ReplyResult queued = f.crm.send(subject, channel, "Unser Angebot der Woche", "marketing", Fixture.AGENT);
          assertThat(queued.queued()).isEqualTo(consented[ch]);
        }
        case 4 -> dispatch(f, subject, consented);
        default -> f.clock.advance(Duration.ofMinutes(1));
      }
    }
    dispatch(f, subject, consented);
    for (ConsentRecord e : f.ledger.history(subject)) {
      if (e.state().grants()) {
        assertThat(e.notice()).isNotNull();
        assertThat(e.evidence().isEmpty()).isFalse();
        assertThat(e.evidence().tokenHash()).isNotNull();
      }
    }
    assertThat(f.ledger.verify().intact()).isTrue();
  }

  private static void dispatch(Fixture f, ContactId subject, boolean[] consented) {
    for (OutboundMessage m : f.crm.outbox().due(100)) {
      ConsentDecision d = f.crm.outbox().recheck(m);
      int ch = indexOf(m.channel());
      assertThat(d.allowed()).as("recheck on %s", m.channel()).isEqualTo(consented[ch]);
      if (d.allowed()) {
        ConsentRecord basis = f.ledger.current(subject, "marketing", m.channel()).orElseThrow();
        assertThat(basis.method()).isEqualTo(CollectionMethod.DOUBLE_OPT_IN);
        assertThat(basis.validAt(f.clock.instant())).isTrue();
        f.crm.outbox().markSent(m, "p-" + m.id().value());
      } else {
        f.crm.outbox().cancel(m, d.reason());
      }
    }
  }

  private static int indexOf(ChannelId channel) {
    for (int i = 0; i < CHANNELS.length; i++) {
      if (CHANNELS[i].equals(channel)) {
        return i;
      }
    }
    throw new AssertionError("unexpected channel");
  }

  /** A grant for one purpose and channel allows nothing for any other purpose or channel. */
  @Test
  void decide_grantForOneSlot_neverCarriesOverToAnother() {
    qt().withExamples(200)
        .forAll(integers().between(0, PURPOSES.length - 1), integers().between(0, CHANNELS.length - 1),
            integers().between(0, PURPOSES.length - 1), integers().between(0, CHANNELS.length - 1))
        .checkAssert((gp, gc, qp, qc) -> {
          Fixture f = new Fixture();
          ContactId subject = ContactId.of("c-slot");
          if (PURPOSES[gp].equals("marketing")) {
            f.optIn(subject, "marketing", CHANNELS[gc]);
          } else {
            f.ledger.grant(subject, PURPOSES[gp], CHANNELS[gc], Fixture.NEWSLETTER, CollectionMethod.WEB_FORM,
                Actor.customer(subject), Fixture.form(), null);
          }
          boolean allowed = f.allowed(subject, PURPOSES[qp], CHANNELS[qc], ACTIONS[qp], Fixture.AGENT);
          assertThat(allowed).isEqualTo(gp.equals(qp) && gc.equals(qc));
        });
  }

  /** After the subject's own withdrawal or objection no agent or system action restores consent. */
  @Test
  void grant_byAgentOrSystemAfterSubjectsNo_alwaysRefused() {
    qt().withExamples(100)
        .forAll(integers().between(0, 1), integers().between(0, CHANNELS.length - 1), integers().between(0, 1),
            integers().between(0, 3))
        .checkAssert((no, ch, who, ticks) -> {
          Fixture f = new Fixture();
          ContactId subject = ContactId.of("c-no");
          ChannelId channel = CHANNELS[ch];
          f.optIn(subject, "marketing", channel);
          f.clock.advance(Duration.ofSeconds(ticks));
          if (no == 0) {
            f.ledger.withdraw(subject, "marketing", channel, CollectionMethod.INBOUND_KEYWORD, Actor.customer(subject));
          } else {
            f.ledger.object(subject, "marketing", CollectionMethod.API, Actor.customer(subject));
          }
          f.clock.advance(Duration.ofSeconds(ticks));
          Actor other = who == 0 ? Fixture.AGENT : Actor.system("import");
          assertThatThrownBy(() -> f.ledger.grant(subject, "marketing", channel, Fixture.NEWSLETTER,
              CollectionMethod.AGENT, other, Fixture.form(), null)).isInstanceOf(ConsentReversalException.class);
          assertThat(f.allowed(subject, "marketing", channel, ConsentAction.SEND_MARKETING, Fixture.AGENT)).isFalse();
        });
  }
}
