package io.scrm.consent.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.scrm.consent.AgentRole;
import io.scrm.consent.ConsentGate;
import io.scrm.consent.ConsentLedger;
import io.scrm.consent.ConsentLedgerStore;
import io.scrm.consent.ConsentRecord;
import io.scrm.consent.ConsentState;
import io.scrm.consent.DataSubjectRequests;
import io.scrm.consent.DoubleOptIn;
import io.scrm.consent.Evidence;
import io.scrm.consent.Notice;
import io.scrm.consent.OptInConfirmation;
import io.scrm.consent.OptInRequest;
import io.scrm.consent.PendingOptInStore;
import io.scrm.consent.PendingOptInStore.Pending;
import io.scrm.core.SocialCrm;
import io.scrm.core.model.Actor;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.ContactId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link PendingOptInStore} passes: a request reads back as stored, to the
 * nanosecond; of concurrent takes of one token, also through different instances, exactly one gets
 * the request and the others find the token spent; a request put back is valid again; a subject's
 * requests are removed at once, form fields and all; a purge removes what was requested at or
 * before its cutoff. And {@link DoubleOptIn} on the store: a token issued by one instance is
 * confirmed by another, or after a restart, with the submitted fields; of instances confirming one
 * token at once, one records the grant; an erasure on one instance leaves nothing to confirm on the
 * other.
 *
 * <p>Extend it and implement {@link #newStore()} (fresh and empty) and {@link #otherInstance()} (a
 * second view on the same requests, as another host instance sees them; the in-memory store returns
 * the same object).
 *
 * @since 0.1.0
 */
public abstract class PendingOptInStoreContract {
  private static final Instant T0 = Instant.parse("2026-03-02T08:15:30.123456789Z");
  private static final Notice NEWSLETTER = Notice.of("newsletter-de", 3, "de",
      "Ja, ich möchte den Newsletter per E-Mail erhalten. Abmeldung jederzeit.");
  private static final Evidence FORM = Evidence.builder().form("newsletter-box")
      .page("https://shop.example/newsletter").ip("203.0.113.77").build();
  private static final Map<String, String> FIELDS = Map.of("email", "juergen@example.org");
  private static final Actor DPO = Actor.agent("dora");
  private static final int WRITERS = 4;

  /** Creates the contract. */
  protected PendingOptInStoreContract() {}

  /**
   * Returns a fresh, empty store.
   *
   * @return the store
   */
  protected abstract PendingOptInStore newStore();

  /**
   * Returns a second view on the requests of the last {@link #newStore()}.
   *
   * @return the other view
   */
  protected abstract PendingOptInStore otherInstance();

  private static String sha256(String token) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Pending pending(String token, String subject, long nanosAfter) {
    String hash = sha256(token);
    Instant at = T0.plusNanos(nanosAfter);
    return new Pending(hash, ContactId.of(subject), "marketing", ChannelId.EMAIL, NEWSLETTER,
        Map.of("email", subject + "@example.org", "firstName", "Jürgen"),
        new Evidence("newsletter-box", "https://shop.example/newsletter", "203.0.113.0", sha256("fields"), hash,
            null),
        at, at.plus(Duration.ofHours(48)), 7);
  }

  @Test
  void aRequestIsStoredWithWhatItSays_toTheNanosecond() {
    PendingOptInStore store = newStore();
    Pending p = pending("t-1", "c-1", 0);

    assertThat(store.add(p)).isTrue();

    assertThat(otherInstance().ofSubject(ContactId.of("c-1"))).containsExactly(p);
    assertThat(otherInstance().count()).isEqualTo(1);
    assertThat(otherInstance().isSpent(p.tokenHash())).isFalse();
  }

  @Test
  void aTokenHashStoredAlreadyKeepsItsFirstRequest() {
    PendingOptInStore store = newStore();
    Pending first = pending("t-1", "c-1", 0);
    store.add(first);

    assertThat(otherInstance().add(pending("t-1", "c-2", 5))).isFalse();
    assertThat(store.take(first.tokenHash())).contains(first);
  }

  @Test
  void aTakenRequestIsGoneAndItsTokenSpent_onEveryInstance() {
    PendingOptInStore store = newStore();
    Pending p = pending("t-1", "c-1", 0);
    store.add(p);

    assertThat(otherInstance().take(p.tokenHash())).contains(p);

    assertThat(store.take(p.tokenHash())).isEmpty();
    assertThat(store.isSpent(p.tokenHash())).isTrue();
    assertThat(store.ofSubject(ContactId.of("c-1"))).isEmpty();
    assertThat(store.count()).isZero();
    assertThat(store.isSpent(sha256("unbekannt"))).isFalse();
    assertThat(store.take(sha256("unbekannt"))).isEmpty();
  }

  @Test
  void ofConcurrentTakesOfOneTokenExactlyOneGetsTheRequest_andTheOthersFindItSpent() throws Exception {
    PendingOptInStore store = newStore();
    for (int round = 0; round < 20; round++) {
      Pending p = pending("t-" + round, "c-" + round, round);
      store.add(p);
      CountDownLatch start = new CountDownLatch(1);
      ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
      try {
        List<Future<Optional<Pending>>> results = new ArrayList<>();
        List<PendingOptInStore> views = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
          PendingOptInStore view = w % 2 == 0 ? store : otherInstance();
          views.add(view);
          Callable<Optional<Pending>> take = () -> {
            start.await();
            return view.take(p.tokenHash());
          };
          results.add(pool.submit(take));
        }
        start.countDown();
        int taken = 0;
        for (Future<Optional<Pending>> r : results) {
          Optional<Pending> got = r.get(30, TimeUnit.SECONDS);
          if (got.isPresent()) {
            assertThat(got.get()).isEqualTo(p);
            taken++;
          }
        }
        assertThat(taken).as("round %d", round).isEqualTo(1);
        for (PendingOptInStore view : views) {
          assertThat(view.isSpent(p.tokenHash())).as("round %d", round).isTrue();
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void aRequestPutBackIsPendingAgain_andItsTokenNotSpent() {
    PendingOptInStore store = newStore();
    Pending p = pending("t-1", "c-1", 0);
    store.add(p);
    Pending taken = store.take(p.tokenHash()).orElseThrow();

    otherInstance().putBack(taken);

    assertThat(store.isSpent(p.tokenHash())).isFalse();
    assertThat(store.take(p.tokenHash())).contains(p);
  }

  @Test
  void aRemovedRequestIsGone_butItsTokenNotSpent() {
    PendingOptInStore store = newStore();
    Pending p = pending("t-1", "c-1", 0);
    store.add(p);

    assertThat(otherInstance().remove(p.tokenHash())).isTrue();

    assertThat(store.remove(p.tokenHash())).isFalse();
    assertThat(store.take(p.tokenHash())).isEmpty();
    assertThat(store.isSpent(p.tokenHash())).isFalse();
  }

  @Test
  void removingASubjectRemovesEveryOneOfTheirRequests_andNoOneElses() {
    PendingOptInStore store = newStore();
    store.add(pending("t-1", "c-1", 0));
    store.add(pending("t-2", "c-1", 1));
    Pending other = pending("t-3", "c-2", 0);
    store.add(other);

    assertThat(otherInstance().removeSubject(ContactId.of("c-1"))).isEqualTo(2);

    assertThat(store.removeSubject(ContactId.of("c-1"))).isZero();
    assertThat(store.ofSubject(ContactId.of("c-1"))).isEmpty();
    assertThat(store.take(sha256("t-1"))).isEmpty();
    assertThat(store.ofSubject(ContactId.of("c-2"))).containsExactly(other);
    assertThat(store.count()).isEqualTo(1);
  }

  @Test
  void aSubjectsRequestsAreListedOldestFirst_thenByTokenHash() {
    PendingOptInStore store = newStore();
    Pending late = pending("t-late", "c-1", 2);
    Pending a = pending("t-a", "c-1", 1);
    Pending b = pending("t-b", "c-1", 1);
    store.add(late);
    store.add(a);
    store.add(b);
    Pending first = a.tokenHash().compareTo(b.tokenHash()) < 0 ? a : b;
    Pending second = first == a ? b : a;

    assertThat(otherInstance().ofSubject(ContactId.of("c-1"))).containsExactly(first, second, late);
    assertThat(otherInstance().ofSubject(ContactId.of("c-9"))).isEmpty();
  }

  @Test
  void aPurgeRemovesWhatWasRequestedAtOrBeforeItsCutoff_toTheNanosecond() {
    PendingOptInStore store = newStore();
    Pending old = pending("t-old", "c-1", 0);
    Pending atCutoff = pending("t-cut", "c-2", 1);
    Pending after = pending("t-after", "c-3", 2);
    Pending spentOld = pending("t-spent-old", "c-4", 0);
    Pending spentAfter = pending("t-spent-after", "c-5", 2);
    for (Pending p : List.of(old, atCutoff, after, spentOld, spentAfter)) {
      store.add(p);
    }
    store.take(spentOld.tokenHash());
    store.take(spentAfter.tokenHash());

    assertThat(otherInstance().purge(T0.plusNanos(1))).isEqualTo(2);

    assertThat(store.ofSubject(ContactId.of("c-1"))).isEmpty();
    assertThat(store.ofSubject(ContactId.of("c-2"))).isEmpty();
    assertThat(store.ofSubject(ContactId.of("c-3"))).containsExactly(after);
    assertThat(store.isSpent(spentOld.tokenHash())).isFalse();
    assertThat(store.isSpent(spentAfter.tokenHash())).isTrue();
    assertThat(store.count()).isEqualTo(1);
  }

  @Test
  void aTokenIssuedBeforeARestartIsConfirmedAfterIt_withTheSubmittedFields() {
    Host before = new Host(newStore(), ConsentLedgerStore.inMemory(), new MutableClock(T0));
    ContactId subject = ContactId.of("c-1");
    OptInRequest r = before.optIn.request(subject, "marketing", ChannelId.EMAIL, NEWSLETTER, FIELDS, FORM);
    Host after = new Host(otherInstance(), before.ledgerStore, before.clock);

    OptInConfirmation c = after.optIn.confirm(r.token(), Evidence.builder().ip("198.51.100.23").build());

    assertThat(c.outcome()).isEqualTo(OptInConfirmation.Outcome.CONFIRMED);
    assertThat(c.submitted()).isEqualTo(FIELDS);
    assertThat(c.given().evidence().tokenHash()).isEqualTo(sha256(r.token()));
    assertThat(before.optIn.confirm(r.token(), Evidence.NONE).outcome())
        .isEqualTo(OptInConfirmation.Outcome.ALREADY_USED);
    assertThat(after.ledger.history(subject)).extracting(ConsentRecord::state)
        .containsExactly(ConsentState.REQUESTED, ConsentState.GIVEN);
    assertThat(after.optIn.pendingCount()).isZero();
  }

  @Test
  void ofInstancesConfirmingOneTokenAtOnceExactlyOneRecordsTheGrant() throws Exception {
    MutableClock clock = new MutableClock(T0);
    ConsentLedgerStore ledgerStore = ConsentLedgerStore.inMemory();
    Host a = new Host(newStore(), ledgerStore, clock);
    Host b = new Host(otherInstance(), ledgerStore, clock);
    for (int round = 0; round < 10; round++) {
      ContactId subject = ContactId.of("c-" + round);
      OptInRequest r = a.optIn.request(subject, "marketing", ChannelId.EMAIL, NEWSLETTER, FIELDS, FORM);
      CountDownLatch start = new CountDownLatch(1);
      ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
      try {
        List<Future<OptInConfirmation>> results = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
          DoubleOptIn instance = w % 2 == 0 ? a.optIn : b.optIn;
          Callable<OptInConfirmation> confirm = () -> {
            start.await();
            return instance.confirm(r.token(), Evidence.NONE);
          };
          results.add(pool.submit(confirm));
        }
        start.countDown();
        List<OptInConfirmation.Outcome> outcomes = new ArrayList<>();
        for (Future<OptInConfirmation> f : results) {
          outcomes.add(f.get(30, TimeUnit.SECONDS).outcome());
        }
        assertThat(outcomes).as("round %d", round).containsOnlyOnce(OptInConfirmation.Outcome.CONFIRMED)
            .containsOnly(OptInConfirmation.Outcome.CONFIRMED, OptInConfirmation.Outcome.ALREADY_USED);
        assertThat(a.ledger.history(subject)).as("round %d", round).extracting(ConsentRecord::state)
            .containsExactly(ConsentState.REQUESTED, ConsentState.GIVEN);
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void aTokenConfirmedOnAnotherInstanceAfterItRanOutRecordsNothing() {
    Host a = new Host(newStore(), ConsentLedgerStore.inMemory(), new MutableClock(T0));
    Host b = new Host(otherInstance(), a.ledgerStore, a.clock);
    ContactId subject = ContactId.of("c-1");
    OptInRequest r = a.optIn.request(subject, "marketing", ChannelId.EMAIL, NEWSLETTER, FIELDS, FORM);
    a.clock.advance(Duration.ofHours(48));

    OptInConfirmation late = b.optIn.confirm(r.token(), Evidence.NONE);

    assertThat(late.outcome()).isEqualTo(OptInConfirmation.Outcome.EXPIRED);
    assertThat(late.submitted()).isEmpty();
    assertThat(a.optIn.confirm(r.token(), Evidence.NONE).outcome())
        .isEqualTo(OptInConfirmation.Outcome.ALREADY_USED);
    assertThat(a.ledger.history(subject)).extracting(ConsentRecord::state).containsExactly(ConsentState.REQUESTED);
  }

  @Test
  void anErasureOnOneInstanceLeavesNothingToConfirmOnAnother_formFieldsIncluded() {
    Host a = new Host(newStore(), ConsentLedgerStore.inMemory(), new MutableClock(T0));
    Host b = new Host(otherInstance(), a.ledgerStore, a.clock);
    ContactId subject = ContactId.of("c-1");
    OptInRequest r = a.optIn.request(subject, "marketing", ChannelId.EMAIL, NEWSLETTER, FIELDS, FORM);
    String other = a.optIn.request(ContactId.of("c-2"), "marketing", ChannelId.EMAIL, NEWSLETTER,
        Map.of("email", "maria@example.org"), FORM).token();

    assertThat(b.requests.erase(subject, DPO).pendingOptIns()).isEqualTo(1);

    assertThat(a.optIn.confirm(r.token(), Evidence.NONE).outcome()).isEqualTo(OptInConfirmation.Outcome.UNKNOWN);
    assertThat(a.pendingStore.ofSubject(subject)).isEmpty();
    assertThat(a.ledger.history(subject)).isEmpty();
    assertThat(a.pendingStore.count()).isEqualTo(1);
    assertThat(b.optIn.confirm(other, Evidence.NONE).submitted()).containsEntry("email", "maria@example.org");
  }

  @Test
  void aConfirmationTakenBeforeAnErasureOnAnotherInstanceRecordsNothing() {
    MutableClock clock = new MutableClock(T0);
    AtomicReference<Runnable> atNextGrant = new AtomicReference<>();
    ConsentLedgerStore shared = ConsentLedgerStore.inMemory();
    // the erasure on instance b runs while instance a appends the grant of a request it took before
    Host a = new Host(newStore(), new HookedLedgerStore(shared, atNextGrant), clock);
    Host b = new Host(otherInstance(), shared, clock);
    ContactId subject = ContactId.of("c-1");
    OptInRequest r = a.optIn.request(subject, "marketing", ChannelId.EMAIL, NEWSLETTER, FIELDS, FORM);
    DataSubjectRequests erasure = b.requests;
    atNextGrant.set(() -> erasure.erase(subject, DPO));

    OptInConfirmation c = a.optIn.confirm(r.token(), Evidence.NONE);

    assertThat(c.outcome()).isEqualTo(OptInConfirmation.Outcome.UNKNOWN);
    assertThat(c.submitted()).isEmpty();
    assertThat(a.ledger.history(subject)).as("entries of the erased subject").isEmpty();
    assertThat(a.ledger.verify().intact()).isTrue();
  }

  /** An instance of the host: its own ledger, gate, engine and double opt-in on shared stores. */
  private static final class Host {
    final PendingOptInStore pendingStore;
    final ConsentLedgerStore ledgerStore;
    final MutableClock clock;
    final ConsentLedger ledger;
    final DoubleOptIn optIn;
    final DataSubjectRequests requests;

    Host(PendingOptInStore pendingStore, ConsentLedgerStore ledgerStore, MutableClock clock) {
      this.pendingStore = pendingStore;
      this.ledgerStore = ledgerStore;
      this.clock = clock;
      this.ledger = ConsentLedger.builder().clock(clock).store(ledgerStore).build();
      this.optIn = DoubleOptIn.builder(ledger).pendingStore(pendingStore).build();
      ConsentGate gate = ConsentGate.builder(ledger).role("dora", AgentRole.DATA_PROTECTION_OFFICER).build();
      SocialCrm crm = SocialCrm.builder().clock(clock).consentPolicy(gate).build();
      this.requests = DataSubjectRequests.of(crm, gate, optIn);
    }
  }

  /** A ledger store that runs a hook once, before it appends the next grant. */
  private static final class HookedLedgerStore implements ConsentLedgerStore {
    private final ConsentLedgerStore inner;
    private final AtomicReference<Runnable> atNextGrant;

    HookedLedgerStore(ConsentLedgerStore inner, AtomicReference<Runnable> atNextGrant) {
      this.inner = inner;
      this.atNextGrant = atNextGrant;
    }

    @Override
    public void append(ConsentRecord entry) {
      Runnable r = entry.state().grants() ? atNextGrant.getAndSet(null) : null;
      if (r != null) {
        r.run();
      }
      inner.append(entry);
    }

    @Override
    public Optional<ConsentRecord> last() {
      return inner.last();
    }

    @Override
    public long size() {
      return inner.size();
    }

    @Override
    public Optional<ConsentRecord> latest(ContactId subject, String purpose, ChannelId channel, Instant at) {
      return inner.latest(subject, purpose, channel, at);
    }

    @Override
    public Optional<ConsentRecord> newest(ContactId subject, String purpose, ChannelId channel) {
      return inner.newest(subject, purpose, channel);
    }

    @Override
    public List<ConsentRecord> history(ContactId subject) {
      return inner.history(subject);
    }

    @Override
    public List<ConsentRecord> entries(long fromSequence, int limit) {
      return inner.entries(fromSequence, limit);
    }

    @Override
    public int erase(ContactId subject, ConsentRecord erasure) {
      return inner.erase(subject, erasure);
    }

    @Override
    public void restrict(ContactId subject, boolean restricted) {
      inner.restrict(subject, restricted);
    }

    @Override
    public boolean isRestricted(ContactId subject) {
      return inner.isRestricted(subject);
    }
  }
}
