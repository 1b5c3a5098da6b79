package io.scrm.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.scrm.core.consent.ConsentDecision;
import io.scrm.core.model.Actor;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.Contact;
import io.scrm.core.model.ContactId;
import io.scrm.core.model.IdentityKey;
import io.scrm.core.model.Interaction;
import io.scrm.core.store.ContactStore;
import io.scrm.core.store.Stores;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * An agent links a handle to a customer record while the handle's first message is heard, between
 * the identity's and its pseudonymous contact's writes: no contact lists a handle it does not own.
 */
final class LinkDuringFirstMessageTest {
  private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
  private static final IdentityKey KEY = IdentityKey.of(ChannelId.TELEGRAM, "juergen");
  private static final ContactId CUSTOMER = ContactId.of("customer-1");

  @Test
  void linkBetweenTheIdentityAndItsContactBeingCreated_theNewContactDoesNotListTheHandle()
      throws Exception {
    CountDownLatch identityStored = new CountDownLatch(1);
    CountDownLatch linked = new CountDownLatch(1);
    AtomicBoolean armed = new AtomicBoolean(true);
    Stores real = Stores.inMemory();
    ContactStore contacts = (ContactStore) Proxy.newProxyInstance(ContactStore.class.getClassLoader(),
        new Class<?>[] {ContactStore.class}, (p, m, a) -> {
          if (m.getName().equals("create") && ((Contact) a[0]).pseudonymous() && armed.getAndSet(false)) {
            identityStored.countDown(); // resolveAuthor stored the identity, its contact comes next ...
            linked.await(5, TimeUnit.SECONDS); // ... after the ingesting thread is scheduled again
          }
          return invoke(m, real.contacts(), a);
        });
    Stores stores = (Stores) Proxy.newProxyInstance(Stores.class.getClassLoader(), new Class<?>[] {Stores.class},
        (p, m, a) -> m.getName().equals("contacts") ? contacts : invoke(m, real, a));
    SocialCrm crm = SocialCrm.builder().stores(stores)
        .consentPolicy(q -> new ConsentDecision(true, "test allows", "GDPR Art. 6(1)(a)", "consent-1", null))
        .build();
    crm.stores().contacts().create(Contact.builder(CUSTOMER, T0).build());

    CompletableFuture<IngestResult> first = CompletableFuture.supplyAsync(() -> crm.ingest(
        Interaction.inbound(ChannelId.TELEGRAM, "1").thread("chat").author("juergen", null).text("Hallo")
            .occurredAt(T0).build()));
    assertThat(identityStored.await(5, TimeUnit.SECONDS)).isTrue();
    ConsentDecision d = crm.linkIdentity(KEY, CUSTOMER, Actor.agent("anna")); // the agent links the handle
    linked.countDown();
    ContactId pseudonymous = first.get(5, TimeUnit.SECONDS).contact();

    assertThat(d.allowed()).isTrue();
    assertThat(crm.stores().identities().find(KEY).orElseThrow().contactId()).isEqualTo(CUSTOMER);
    assertThat(crm.stores().contacts().find(CUSTOMER).orElseThrow().identities()).containsExactly(KEY);
    assertThat(crm.stores().contacts().find(pseudonymous).orElseThrow().identities())
        .as("pseudonymous contact %s lists the handle that belongs to %s", pseudonymous, CUSTOMER)
        .doesNotContain(KEY);
  }

  private static Object invoke(Method method, Object target, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
