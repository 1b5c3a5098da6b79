package io.scrm.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scrm.core.consent.ConsentDecision;
import io.scrm.core.event.IdentityLinked;
import io.scrm.core.consent.ConsentQuery;
import io.scrm.core.model.Actor;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.Contact;
import io.scrm.core.model.ContactId;
import io.scrm.core.model.IdentityKey;
import io.scrm.core.model.Interaction;
import io.scrm.core.store.ContactStore;
import io.scrm.core.store.StoreException;
import io.scrm.core.store.Stores;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * linkIdentity asks the gate about the contact the identity belongs to when it moves, and leaves
 * consistent listings.
 */
final class LinkIdentityRaceTest {
  private static final Instant NOW = Instant.parse("2026-03-02T09:00:00Z");
  private static final Actor AGENT = Actor.agent("anna");
  private static final IdentityKey KEY = IdentityKey.of(ChannelId.TELEGRAM, "juergen_h");
  private static final ContactId FIRST = ContactId.of("customer-1");
  private static final ContactId SECOND = ContactId.of("customer-2");

  private final List<ContactId> asked = new ArrayList<>();
  private final AtomicBoolean concurrentLinkDone = new AtomicBoolean();
  private SocialCrm crm;

  @Test
  void identityMovedBetweenTheGateAndTheWrite_gateAskedAgainAboutItsNewContact() {
    crm = SocialCrm.builder().clock(Clock.fixed(NOW, ZoneOffset.UTC)).consentPolicy(this::decide).build();
    ContactId pseudonymous = dm(crm);
    crm.stores().contacts().create(Contact.builder(FIRST, NOW).build());
    crm.stores().contacts().create(Contact.builder(SECOND, NOW).build());

    ConsentDecision d = crm.linkIdentity(KEY, SECOND, AGENT);

    // the identity belonged to customer-1 when it was to be moved, and customer-1's person objected
    assertThat(asked).contains(FIRST);
    assertThat(d.allowed()).isFalse();
    assertThat(crm.stores().identities().find(KEY).orElseThrow().contactId()).isEqualTo(FIRST);
    for (ContactId c : List.of(pseudonymous, FIRST, SECOND)) {
      assertThat(crm.stores().contacts().find(c).orElseThrow().identities().contains(KEY))
          .as("contact %s lists the identity", c).isEqualTo(c.equals(FIRST));
    }
  }

  /**
   * Allows linking except for customer-1 (an objection); while the first question is answered, "tom"
   * links the identity to customer-1.
   */
  private ConsentDecision decide(ConsentQuery q) {
    if (!concurrentLinkDone.getAndSet(true)) {
      crm.linkIdentity(KEY, FIRST, Actor.agent("tom"));
    }
    asked.add(q.subject());
    if (q.subject().equals(FIRST) && !q.actor().id().equals("tom")) {
      return new ConsentDecision(false, "subject objected to profile-linking", null, "objection-1", null);
    }
    return new ConsentDecision(true, "test allows", "GDPR Art. 6(1)(a)", "consent-1", null);
  }

  @Test
  void policyFailsForTheIdentitysContact_theTargetsConsentDoesNotStandIn() {
    SocialCrm engine = SocialCrm.builder().clock(Clock.fixed(NOW, ZoneOffset.UTC)).consentPolicy(q -> {
      if (!q.subject().equals(SECOND)) {
        throw new IllegalStateException("ledger unavailable");
      }
      return new ConsentDecision(true, "test allows", "GDPR Art. 6(1)(a)", "consent-2", null);
    }).build();
    ContactId pseudonymous = dm(engine);
    engine.stores().contacts().create(Contact.builder(SECOND, NOW).build());

    ConsentDecision d = engine.linkIdentity(KEY, SECOND, AGENT);

    assertThat(d.allowed()).as("decision: %s", d.reason()).isFalse();
    assertThat(engine.stores().identities().find(KEY).orElseThrow().contactId()).isEqualTo(pseudonymous);
  }

  @Test
  void writeTakingTheIdentityOffTheOldContactFails_theRetryLinksItWhole() {
    assertRetryRepairs(c -> !c.id().equals(SECOND) && !c.identities().contains(KEY));
  }

  @Test
  void writeListingTheIdentityOnTheTargetFails_theRetryLinksItWhole() {
    assertRetryRepairs(c -> c.id().equals(SECOND) && c.identities().contains(KEY));
  }

  private static void assertRetryRepairs(Predicate<Contact> failing) {
    AtomicBoolean armed = new AtomicBoolean();
    Stores real = Stores.inMemory();
    ContactStore contacts = (ContactStore) Proxy.newProxyInstance(ContactStore.class.getClassLoader(),
        new Class<?>[] {ContactStore.class}, (proxy, method, args) -> {
          if (method.getName().equals("update") && armed.get() && failing.test((Contact) args[0])) {
            armed.set(false);
            throw new StoreException("database unavailable") {
              private static final long serialVersionUID = 1L;
            };
          }
          return invoke(method, real.contacts(), args);
        });
    Stores stores = (Stores) Proxy.newProxyInstance(Stores.class.getClassLoader(), new Class<?>[] {Stores.class},
        (proxy, method, args) -> method.getName().equals("contacts") ? contacts : invoke(method, real, args));
    // only the pseudonymous contact's person consented; the customer record has no consent recorded
    List<ContactId> consented = new ArrayList<>();
    SocialCrm engine = SocialCrm.builder().clock(Clock.fixed(NOW, ZoneOffset.UTC)).stores(stores)
        .consentPolicy(q -> consented.contains(q.subject())
            ? new ConsentDecision(true, "test allows", "GDPR Art. 6(1)(a)", "consent-1", null)
            : ConsentDecision.deny("no profile-linking consent recorded"))
        .build();
    consented.add(dm(engine));
    engine.stores().contacts().create(Contact.builder(SECOND, NOW).build());

    List<IdentityLinked> linked = new ArrayList<>();
    engine.events().subscribe(IdentityLinked.class, linked::add);

    armed.set(true);
    assertThatThrownBy(() -> engine.linkIdentity(KEY, SECOND, AGENT)).isInstanceOf(StoreException.class);
    engine.linkIdentity(KEY, SECOND, AGENT); // the host tries again

    assertThat(linked).as("the link is announced once, by the call that moved the identity").singleElement()
        .satisfies(e -> assertThat(e.to()).isEqualTo(SECOND));
    assertThat(engine.stores().identities().find(KEY).orElseThrow().contactId()).isEqualTo(SECOND);
    assertThat(engine.stores().contacts().find(SECOND).orElseThrow().identities()).containsExactly(KEY);
    assertThat(engine.stores().contacts().find(consented.get(0)).orElseThrow().identities())
        .as("the pseudonymous contact no longer lists the identity").doesNotContain(KEY);
  }

  private static ContactId dm(SocialCrm engine) {
    return engine.ingest(Interaction.inbound(ChannelId.TELEGRAM, "1").thread("chat-1").author("juergen_h", null)
        .text("Hallo").occurredAt(NOW).build()).contact();
  }

  private static Object invoke(Method method, Object target, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
