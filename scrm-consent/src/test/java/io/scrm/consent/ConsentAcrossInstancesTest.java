package io.scrm.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.scrm.consent.contract.MutableClock;
import io.scrm.core.IngestResult;
import io.scrm.core.consent.ConsentAction;
import io.scrm.core.consent.ConsentDecision;
import io.scrm.core.model.Actor;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.Contact;
import io.scrm.core.model.ContactId;
import io.scrm.core.model.ContactPoint;
import io.scrm.core.model.ContactPointType;
import io.scrm.core.model.IdentityKey;
import io.scrm.core.model.Interaction;
import io.scrm.core.model.InteractionKind;
import io.scrm.core.model.Provenance;
import io.scrm.core.model.Visibility;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Ledgers of several instances of the host on one store. */
final class ConsentAcrossInstancesTest {
  /** Delegates everything to another store; a test overrides what it needs. */
  static class DelegatingStore implements ConsentLedgerStore {
    final ConsentLedgerStore inner;

    DelegatingStore(ConsentLedgerStore inner) {
      this.inner = inner;
    }

    @Override public void append(ConsentRecord entry) { inner.append(entry); }
    @Override public Optional<ConsentRecord> last() { return inner.last(); }
    @Override public long size() { return inner.size(); }
    @Override public Optional<ConsentRecord> latest(ContactId s, String p, ChannelId c, Instant at) {
      return inner.latest(s, p, c, at);
    }
    @Override public Optional<ConsentRecord> newest(ContactId s, String p, ChannelId c) { return inner.newest(s, p, c); }
    @Override public List<ConsentRecord> history(ContactId s) { return inner.history(s); }
    @Override public List<ConsentRecord> entries(long from, int limit) { return inner.entries(from, limit); }
    @Override public int erase(ContactId s, ConsentRecord erasure) { return inner.erase(s, erasure); }
    @Override public void restrict(ContactId s, boolean r) { inner.restrict(s, r); }
    @Override public boolean isRestricted(ContactId s) { return inner.isRestricted(s); }
  }

  /**
   * Two instances share one ledger store. The agent's grant on instance A loses the append race to
   * the subject's withdrawal on instance B: it is checked again against the withdrawal, and refused,
   * rather than chained onto it.
   */
  @Test
  void agentGrantThatLosesTheAppendRaceToAWithdrawal_mustNotOverrideIt() {
    ConsentLedgerStore shared = ConsentLedgerStore.inMemory();
    MutableClock clock = new MutableClock(Fixture.START);
    ContactId subject = ContactId.of("c-race");
    ConsentLedger instanceB = ConsentLedger.builder().clock(clock).store(shared).build();
    AtomicBoolean withdrawOnB = new AtomicBoolean();
    ConsentLedgerStore racing = new DelegatingStore(shared) {
      @Override
      public void append(ConsentRecord entry) {
        if (withdrawOnB.getAndSet(false)) {
          // the subject clicks the withdrawal link, served by instance B, at this very moment
          instanceB.withdraw(subject, "tracking", ChannelId.EMAIL, CollectionMethod.WITHDRAWAL_LINK,
              Actor.customer(subject));
        }
        super.append(entry);
      }
    };
    ConsentLedger instanceA = ConsentLedger.builder().clock(clock).store(racing).build();
    ConsentGate gate = ConsentGate.builder(instanceA).build();
    instanceA.grant(subject, "tracking", ChannelId.EMAIL, Fixture.NEWSLETTER, CollectionMethod.WEB_FORM,
        Actor.customer(subject), Fixture.form(), null);
    clock.advance(java.time.Duration.ofSeconds(1));

    withdrawOnB.set(true);
    Throwable agentGrant = catchThrowable(() -> instanceA.grant(subject, "tracking", ChannelId.EMAIL,
        Fixture.NEWSLETTER, CollectionMethod.IN_CONVERSATION, Fixture.AGENT, Evidence.ofMessage("m-1"), null));

    ConsentDecision track = gate.decide(subject, "tracking", ChannelId.EMAIL, ConsentAction.TRACK, Actor.SYSTEM,
        clock.instant());
    assertThat(agentGrant).isInstanceOf(ConsentReversalException.class);
    assertThat(instanceA.current(subject, "tracking", ChannelId.EMAIL).orElseThrow().state())
        .as("the subject's withdrawal must stay the current entry (agent grant outcome: %s)", agentGrant)
        .isEqualTo(ConsentState.WITHDRAWN);
    assertThat(track.allowed()).as("tracking after the subject withdrew: %s", track.reason()).isFalse();
  }
}
