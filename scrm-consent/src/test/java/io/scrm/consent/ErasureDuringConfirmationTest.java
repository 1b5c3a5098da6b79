package io.scrm.consent;

import static org.assertj.core.api.Assertions.assertThat;

import io.scrm.consent.contract.MutableClock;
import io.scrm.core.SocialCrm;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.ContactId;
import io.scrm.core.model.Interaction;
import io.scrm.core.model.Visibility;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** A confirmation and the subject's erasure at the same time leave nothing of the subject in the ledger. */
final class ErasureDuringConfirmationTest {
  private final MutableClock clock = new MutableClock(Fixture.START);
  private final AtomicReference<Runnable> atNextGrant = new AtomicReference<>();
  private final AtomicReference<Runnable> afterNextRequest = new AtomicReference<>();
  private final ConsentLedger ledger = ConsentLedger.builder().clock(clock)
      .store(new ConsentAcrossInstancesTest.DelegatingStore(ConsentLedgerStore.inMemory()) {
        @Override
        public void append(ConsentRecord e) {
          // the erasure runs while the confirmation appends its grant: as if it took the lock first
          Runnable r = e.state().grants() ? atNextGrant.getAndSet(null) : null;
          if (r != null) {
            r.run();
          }
          super.append(e);
          // the erasure runs just after a request was written, before the request is pending
          Runnable after = e.state() == ConsentState.REQUESTED ? afterNextRequest.getAndSet(null) : null;
          if (after != null) {
            after.run();
          }
        }
      }).build();
  private final ConsentGate gate = ConsentGate.builder(ledger).role("dora", AgentRole.DATA_PROTECTION_OFFICER).build();
  private final DoubleOptIn doubleOptIn = DoubleOptIn.builder(ledger).build();
  private final SocialCrm crm = SocialCrm.builder().clock(clock).consentPolicy(gate).build();
  private final DataSubjectRequests requests = DataSubjectRequests.of(crm, gate, doubleOptIn);

  private ContactId subject() {
    return crm.ingest(Interaction.inbound(ChannelId.TELEGRAM, "m1").thread("chat-j").author("juergen_h", null)
        .text("Newsletter bitte").occurredAt(clock.instant()).visibility(Visibility.PRIVATE).build()).contact();
  }

  @Test
  void confirm_whileTheSubjectIsErased_recordsNoGrantForTheErasedSubject() {
    ContactId subject = subject();
    OptInRequest r = doubleOptIn.request(subject, "marketing", ChannelId.EMAIL, Fixture.NEWSLETTER,
        Map.of("email", "juergen@example.org"), Fixture.form());
    atNextGrant.set(() -> requests.erase(subject, Fixture.DPO));

    OptInConfirmation c = doubleOptIn.confirm(r.token(), Evidence.builder().ip("198.51.100.23").build());

    assertThat(c.outcome()).isEqualTo(OptInConfirmation.Outcome.UNKNOWN);
    assertThat(ledger.history(subject)).as("entries of the erased subject").isEmpty();
  }

  @Test
  void confirm_ofARequestMadeAfterAnEarlierErasureOfTheSameId_isRecorded() {
    ContactId subject = subject();
    requests.erase(subject, Fixture.DPO);
    clock.advance(java.time.Duration.ofSeconds(1));
    OptInRequest r = doubleOptIn.request(subject, "marketing", ChannelId.EMAIL, Fixture.NEWSLETTER,
        Map.of("email", "juergen@example.org"), Fixture.form());

    OptInConfirmation c = doubleOptIn.confirm(r.token(), Evidence.builder().ip("198.51.100.23").build());

    assertThat(c.confirmed()).isTrue();
  }

  @Test
  void request_writtenWhileTheSubjectIsErased_cannotBeConfirmedAfterTheErasure() {
    ContactId subject = subject();
    afterNextRequest.set(() -> requests.erase(subject, Fixture.DPO));

    OptInRequest r = doubleOptIn.request(subject, "marketing", ChannelId.EMAIL, Fixture.NEWSLETTER,
        Map.of("email", "juergen@example.org"), Fixture.form());
    OptInConfirmation c = doubleOptIn.confirm(r.token(), Evidence.builder().ip("198.51.100.23").build());

    assertThat(c.confirmed()).as("confirmation of a request made before the erasure").isFalse();
    assertThat(ledger.history(subject)).as("entries of the erased subject").isEmpty();
    assertThat(doubleOptIn.pendingCount()).as("the request's fields are not kept").isZero();
  }
}
