package io.scrm.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.scrm.core.consent.ConsentDecision;
import io.scrm.core.model.Actor;
import io.scrm.core.model.CaseId;
import io.scrm.core.model.CaseState;
import io.scrm.core.model.CaseType;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.Contact;
import io.scrm.core.model.ContactId;
import io.scrm.core.model.IdentityKey;
import io.scrm.core.model.Interaction;
import io.scrm.core.model.InteractionKind;
import io.scrm.core.model.Priority;
import io.scrm.core.model.Visibility;
import io.scrm.core.process.CaseCommand;
import io.scrm.core.store.CaseStore;
import io.scrm.core.store.InteractionStore;
import io.scrm.core.store.Stores;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A case or lead opened before the customer's handle was linked to a customer record stays the customer's. */
final class LinkedIdentityContinuityTest {
  private static final Instant T0 = Instant.parse("2026-11-23T09:00:00Z");
  private static final Actor AGENT = Actor.agent("anna.weber");
  private static final IdentityKey KEY = IdentityKey.of(ChannelId.TELEGRAM, "kunde_1");
  private static final ContactId CUSTOMER = ContactId.of("customer-1");

  private static SocialCrm.Builder engine() {
    return SocialCrm.builder().clock(Clock.fixed(T0, ZoneOffset.UTC))
        .consentPolicy(q -> new ConsentDecision(true, "test allows", "GDPR Art. 6(1)(a)", "consent-1", null));
  }

  private static Interaction dm(String id, String author, String text) {
    return Interaction.inbound(ChannelId.TELEGRAM, id).thread("1").author(author, null).text(text)
        .occurredAt(T0).visibility(Visibility.PRIVATE).kind(InteractionKind.DIRECT).build();
  }

  private static void linkToCustomer(SocialCrm crm) {
    crm.stores().contacts().create(Contact.builder(CUSTOMER, T0).build());
    assertThat(crm.linkIdentity(KEY, CUSTOMER, AGENT).allowed()).isTrue();
  }

  @Test
  void customerAnswersAWaitingCaseAfterTheLink_theCaseResumes() {
    SocialCrm crm = engine().build();
    CaseId id = crm.ingest(dm("1:1", "kunde_1", "Mein Anschluss ist tot.")).caseId();
    crm.apply(id, CaseCommand.triage("c1", AGENT, "service", null));
    crm.apply(id, CaseCommand.start("c2", AGENT));
    crm.apply(id, CaseCommand.askCustomer("c3", AGENT, "Kundennummer?"));
    linkToCustomer(crm);

    assertThat(crm.ingest(dm("1:2", "kunde_1", "Kundennummer 5550123")).caseId()).isEqualTo(id);

    assertThat(crm.findCase(id).orElseThrow().state()).as("the customer's answer resumes the case")
        .isEqualTo(CaseState.IN_PROGRESS);
  }

  @Test
  void customerWritesIntoTheirClosedCaseAfterTheLink_theReopeningIsAuditedAsTheCasesCustomer() {
    SocialCrm crm = engine().build();
    CaseId id = crm.ingest(dm("1:1", "kunde_1", "Mein Anschluss ist tot.")).caseId();
    crm.apply(id, CaseCommand.triage("c1", AGENT, "service", null));
    crm.apply(id, CaseCommand.start("c2", AGENT));
    crm.reply(id, AGENT, "Der Port ist neu geschaltet.");
    for (io.scrm.core.model.OutboundMessage m : crm.outbox().claim(10, java.time.Duration.ofMinutes(1))) {
      crm.outbox().markSent(m, "tg-" + m.id().value());
    }
    crm.apply(id, CaseCommand.resolve("c3", AGENT, null));
    crm.apply(id, CaseCommand.close("c4", AGENT));
    linkToCustomer(crm);

    assertThat(crm.ingest(dm("1:2", "kunde_1", "Geht schon wieder nicht")).caseId()).isEqualTo(id);

    io.scrm.core.model.Case c = crm.findCase(id).orElseThrow();
    Actor caseCustomer = Actor.customer(c.contactId());
    assertThat(c.state()).isEqualTo(CaseState.REOPENED);
    assertThat(c.audit()).filteredOn(e -> e.action().equals("CUSTOMER_REPLIED"))
        .extracting(io.scrm.core.model.AuditEntry::actor).containsExactly(caseCustomer);
    assertThat(c.audit()).filteredOn(e -> e.action().equals("MESSAGE"))
        .extracting(io.scrm.core.model.AuditEntry::actor).containsExactly(caseCustomer);
  }

  @Test
  void followUpInALeadsPrivateChatAfterTheLink_joinsTheLead_butAnotherPersonsDoesNot() {
    SocialCrm crm = engine().intakeRouter((m, c) -> new IntakeDecision(IntakeDecision.Target.LEAD, CaseType.QUESTION,
        Priority.NORMAL, "vertrieb", null, 10, List.of(), "rule hausbau")).build();
    IngestResult first = crm.ingest(dm("1:1", "kunde_1", "Wir bauen ein Haus und suchen einen Berater"));
    linkToCustomer(crm);

    IngestResult followUp = crm.ingest(dm("1:2", "kunde_1", "Am liebsten nachmittags"));
    IngestResult other = crm.ingest(dm("1:3", "nachbar_7", "Wir bauen auch, bitte auch beraten"));

    assertThat(followUp.leadId()).as("one open lead per person and chat").isEqualTo(first.leadId());
    assertThat(other.leadId()).isNotEqualTo(first.leadId());
    assertThat(crm.stores().leads().count()).isEqualTo(2);
  }

  @Test
  void privateAnswerToAHandOverAfterTheLink_staysInTheCase() {
    SocialCrm crm = engine().build();
    IdentityKey handle = IdentityKey.of(ChannelId.MASTODON, "kai");
    CaseId id = crm.ingest(comment("toot-1", "post-1", "kai")).caseId();
    crm.apply(id, CaseCommand.triage("c1", AGENT, "service", null));
    crm.apply(id, CaseCommand.start("c2", AGENT));
    crm.apply(id, CaseCommand.askCustomerPrivately("c3", AGENT, "Ihre Kundennummer?", ChannelId.MASTODON, "dm-77"));
    crm.stores().contacts().create(Contact.builder(CUSTOMER, T0).build());
    assertThat(crm.linkIdentity(handle, CUSTOMER, AGENT).allowed()).isTrue();

    IngestResult answer = crm.ingest(Interaction.inbound(ChannelId.MASTODON, "dm-1").thread("dm-77")
        .author("kai", null).text("Kundennummer 5550123").occurredAt(T0).visibility(Visibility.PRIVATE)
        .kind(InteractionKind.DIRECT).build());

    assertThat(answer.caseId()).as("the private answer stays in the case that asked for it").isEqualTo(id);
    assertThat(crm.findCase(id).orElseThrow().state()).isEqualTo(CaseState.IN_PROGRESS);
    assertThat(crm.stores().cases().count()).isEqualTo(1);
  }

  @Test
  void linkedHandleWritingInAThreadAnotherCustomersCaseAskedFor_doesNotJoinThatCase() {
    SocialCrm crm = engine().build();
    CaseId idas = crm.ingest(comment("toot-1", "post-1", "ida")).caseId();
    assertThat(crm.ingest(comment("toot-2", "post-1", "kai")).caseId()).as("a stranger's comment").isEqualTo(idas);
    crm.apply(idas, CaseCommand.triage("c1", AGENT, "service", null));
    crm.apply(idas, CaseCommand.start("c2", AGENT));
    crm.apply(idas, CaseCommand.askCustomerPrivately("c3", AGENT, "Ihre Adresse?", ChannelId.MASTODON, "dm-77"));
    crm.stores().contacts().create(Contact.builder(CUSTOMER, T0).build());
    assertThat(crm.linkIdentity(IdentityKey.of(ChannelId.MASTODON, "kai"), CUSTOMER, AGENT).allowed()).isTrue();

    IngestResult kais = crm.ingest(Interaction.inbound(ChannelId.MASTODON, "dm-1").thread("dm-77")
        .author("kai", null).text("Falsche Unterhaltung?").occurredAt(T0).visibility(Visibility.PRIVATE)
        .kind(InteractionKind.DIRECT).build());

    assertThat(kais.caseId()).as("kai's own message, not the answer ida was asked for").isNotEqualTo(idas);
    assertThat(crm.findCase(idas).orElseThrow().state()).isEqualTo(CaseState.WAITING_ON_CUSTOMER);
  }

  @Test
  void commentOfALinkedProspectUnderTheirLeadsPost_joinsTheLead_butAnotherPersonsDoesNot() {
    SocialCrm crm = engine().intakeRouter((m, c) -> new IntakeDecision(IntakeDecision.Target.LEAD, CaseType.QUESTION,
        Priority.NORMAL, "vertrieb", null, 10, List.of(), "rule hausbau")).build();
    IngestResult first = crm.ingest(comment("kai-1", "post-1", "kai"));
    crm.ingest(comment("ida-1", "post-1", "ida"));
    crm.stores().contacts().create(Contact.builder(CUSTOMER, T0).build());
    assertThat(crm.linkIdentity(IdentityKey.of(ChannelId.MASTODON, "kai"), CUSTOMER, AGENT).allowed()).isTrue();

    IngestResult again = crm.ingest(comment("kai-2", "post-1", "kai"));
    IngestResult other = crm.ingest(comment("ole-1", "post-1", "ole"));

    assertThat(again.leadId()).as("one open lead per person and thread").isEqualTo(first.leadId());
    assertThat(other.leadId()).isNotEqualTo(first.leadId());
    assertThat(crm.stores().leads().count()).isEqualTo(3);
  }

  /** A customer with many earlier conversations: their cases are looked up once each, not per message. */
  @Test
  void newPrivateConversationOfALinkedCustomer_looksUpEachEarlierCaseOnce() {
    Stores real = Stores.inMemory();
    AtomicInteger byInteraction = new AtomicInteger();
    CaseStore cases = (CaseStore) Proxy.newProxyInstance(CaseStore.class.getClassLoader(),
        new Class<?>[] {CaseStore.class}, (proxy, method, args) -> {
          if (method.getName().equals("findByInteraction")) {
            byInteraction.incrementAndGet();
          }
          return invoke(method, real.cases(), args);
        });
    Stores stores = (Stores) Proxy.newProxyInstance(Stores.class.getClassLoader(), new Class<?>[] {Stores.class},
        (proxy, method, args) -> method.getName().equals("cases") ? cases : invoke(method, real, args));
    SocialCrm crm = engine().stores(stores).build();
    for (int i = 0; i < 40; i++) {
      for (int j = 0; j < 5; j++) {
        crm.ingest(Interaction.inbound(ChannelId.TELEGRAM, "1:" + i + "-" + j).thread("chat-" + i)
            .author("kunde_1", null).text("Frage zu meiner Rechnung").occurredAt(T0)
            .visibility(Visibility.PRIVATE).kind(InteractionKind.DIRECT).build());
      }
    }
    linkToCustomer(crm);

    byInteraction.set(0);
    crm.ingest(dm("1:new", "kunde_1", "Noch eine Frage"));

    assertThat(byInteraction.get()).as("cases looked up by message for one new conversation").isLessThanOrEqualTo(41);
  }

  /** A comment under a campaign post reads no first message of the other prospects' leads there. */
  @Test
  void commentOfAKnownProspectUnderAPostWithManyLeads_readsNoMessageOfTheirs() {
    AtomicInteger finds = new AtomicInteger();
    Stores real = Stores.inMemory();
    InteractionStore counting = (InteractionStore) Proxy.newProxyInstance(InteractionStore.class.getClassLoader(),
        new Class<?>[] {InteractionStore.class}, (proxy, method, args) -> {
          if (method.getName().equals("find")) {
            finds.incrementAndGet();
          }
          return invoke(method, real.interactions(), args);
        });
    Stores stores = (Stores) Proxy.newProxyInstance(Stores.class.getClassLoader(), new Class<?>[] {Stores.class},
        (proxy, method, args) -> method.getName().equals("interactions") ? counting : invoke(method, real, args));
    SocialCrm crm = engine().stores(stores).intakeRouter((m, c) -> new IntakeDecision(IntakeDecision.Target.LEAD,
        CaseType.QUESTION, Priority.NORMAL, "vertrieb", null, 10, List.of(), "rule hausbau")).build();
    crm.ingest(comment("kai-1", "anderswo", "kai"));
    for (int i = 0; i < 200; i++) {
      crm.ingest(comment("c-" + i, "post-1", "person" + i));
    }

    finds.set(0);
    crm.ingest(comment("kai-2", "post-1", "kai"));

    assertThat(finds.get()).as("messages read for one comment").isLessThan(10);
  }

  private static Interaction comment(String id, String thread, String author) {
    return Interaction.inbound(ChannelId.MASTODON, id).thread(thread).author(author, null)
        .text("Wir bauen ein Haus, bitte beraten").occurredAt(T0).visibility(Visibility.PUBLIC)
        .kind(InteractionKind.MENTION).build();
  }

  private static Object invoke(Method method, Object target, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
