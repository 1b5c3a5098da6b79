package io.scrm.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.scrm.core.model.ChannelId;
import io.scrm.core.model.Contact;
import io.scrm.core.model.Interaction;
import io.scrm.core.model.InteractionKind;
import io.scrm.core.model.Lead;
import io.scrm.core.model.Visibility;
import io.scrm.core.routing.Assigner;
import io.scrm.core.routing.ExampleRules;
import io.scrm.core.routing.Router;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** A second message in a lead's private chat (no in-reply-to, as Telegram and Messenger send it) joins the lead. */
final class LeadFollowUpTest {
  private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
  private final Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
  private final Assigner assigner = ExampleRules.assigner();
  private final SocialCrm crm = SocialCrm.builder().clock(clock)
      .intakeRouter(Router.builder(ExampleRules.ruleSet()).assigner(assigner).clock(clock).build()).build();

  private static Interaction dm(String id, String text) {
    return Interaction.inbound(ChannelId.TELEGRAM, "chat-42:" + id).thread("chat-42").author("bauherr_42", null)
        .language("de").text(text).occurredAt(T0).build();
  }

  @Test
  void secondMessageOfTheSameChat_joinsTheOpenLead_notASecondLead() {
    IngestResult first = crm.ingest(dm("1", "Wir planen einen Hausbau in Köln."));
    IngestResult second = crm.ingest(dm("2", "Hausbau: ab wann hätten Sie Zeit für eine Beratung?"));

    assertThat(first.leadId()).isNotNull();
    assertThat(crm.stores().leads().findByContact(first.contact())).as("leads of the one chat").hasSize(1);
    assertThat(second.leadId()).isEqualTo(first.leadId());
    assertThat(assigner.state().load("advisor-1") + assigner.state().load("advisor-2"))
        .as("advisor capacity held for the one inquiry").isEqualTo(1);
  }

  @Test
  void plainFollowUpOfTheSameChat_doesNotOpenACaseBesideTheLead() {
    IngestResult first = crm.ingest(dm("1", "Wir planen einen Hausbau in Köln."));
    IngestResult second = crm.ingest(dm("2", "Ach ja, wir sind zu viert."));

    assertThat(second.caseId()).as("a case opened in the lead's chat").isNull();
    assertThat(second.leadId()).isEqualTo(first.leadId());
  }

  /**
   * Two messages of one chat routed at the same moment: the second is heard while the first is being
   * routed, so both decide on a lead before either is stored. The first message's author is new, so
   * it is also the message that created the contact.
   */
  @Test
  void twoMessagesOfOneChatRoutedTogether_startOneLead_andHoldOneAdvisor() {
    Router rules = Router.builder(ExampleRules.ruleSet()).assigner(assigner).clock(clock).build();
    AtomicReference<SocialCrm> engine = new AtomicReference<>();
    AtomicBoolean overtaken = new AtomicBoolean();
    IntakeRouter overtaking = new IntakeRouter() {
      @Override
      public IntakeDecision route(Interaction message, Contact author) {
        if (overtaken.compareAndSet(false, true)) {
          engine.get().ingest(dm("2", "Hausbau: ab wann hätten Sie Zeit für eine Beratung?"));
        }
        return rules.route(message, author);
      }

      @Override
      public void released(String assignee) {
        rules.released(assignee);
      }

      @Override
      public void taken(String assignee) {
        rules.taken(assignee);
      }
    };
    SocialCrm racing = SocialCrm.builder().clock(clock).intakeRouter(overtaking).build();
    engine.set(racing);

    IngestResult first = racing.ingest(dm("1", "Wir planen einen Hausbau in Köln."));

    List<Lead> leads = racing.stores().leads().findByContact(first.contact());
    assertThat(leads).as("leads of the one chat").hasSize(1);
    assertThat(first.leadId()).isEqualTo(leads.get(0).id());
    assertThat(leads.get(0).interactions()).hasSize(2);
    assertThat(assigner.state().load("advisor-1") + assigner.state().load("advisor-2"))
        .as("advisor capacity held for the one inquiry").isEqualTo(1);
  }

  /** The platform redelivers a message (a webhook timeout) while its first delivery is being routed. */
  @Test
  void redeliveryWhileTheFirstDeliveryIsRouted_createsNoSecondLead() {
    Router rules = Router.builder(ExampleRules.ruleSet()).assigner(assigner).clock(clock).build();
    Interaction message = dm("1", "Wir planen einen Hausbau in Köln.");
    AtomicReference<SocialCrm> engine = new AtomicReference<>();
    AtomicBoolean redelivered = new AtomicBoolean();
    IntakeRouter redelivering = new IntakeRouter() {
      @Override
      public IntakeDecision route(Interaction m, Contact author) {
        IntakeDecision decision = rules.route(m, author);
        if (redelivered.compareAndSet(false, true)) {
          engine.get().ingest(message);
        }
        return decision;
      }

      @Override
      public void released(String assignee) {
        rules.released(assignee);
      }
    };
    SocialCrm racing = SocialCrm.builder().clock(clock).intakeRouter(redelivering).build();
    engine.set(racing);

    IngestResult first = racing.ingest(message);

    assertThat(racing.stores().leads().findByContact(first.contact())).as("leads holding the one message")
        .singleElement().satisfies(l -> assertThat(l.interactions()).containsExactly(message.id()));
    assertThat(assigner.state().load("advisor-1") + assigner.state().load("advisor-2"))
        .as("advisor capacity held for the one inquiry").isEqualTo(1);
  }

  /** A neighbour answering a house-builder's public post reports an outage: that joins no one's lead. */
  @Test
  void anotherPersonsReplyToTheLeadsPost_doesNotJoinTheLead() {
    Interaction post = Interaction.inbound(ChannelId.MASTODON, "s-1").thread("s-1").author("bauherr@bau.social", null)
        .kind(InteractionKind.MENTION).visibility(Visibility.PUBLIC).language("de")
        .text("Wir planen einen Neubau, wer berät uns?").occurredAt(T0).build();
    IngestResult lead = crm.ingest(post);
    Interaction reply = Interaction.inbound(ChannelId.MASTODON, "s-2").thread("s-2").inReplyTo("s-1")
        .author("nachbar@bau.social", null).kind(InteractionKind.MENTION).visibility(Visibility.PUBLIC)
        .language("de").text("Bei uns in der Straße ist seit gestern kein Strom!").occurredAt(T0).build();

    IngestResult other = crm.ingest(reply);

    assertThat(lead.leadId()).isNotNull();
    assertThat(other.leadId()).as("the neighbour's outage report").isNotEqualTo(lead.leadId());
    assertThat(crm.findLead(lead.leadId()).orElseThrow().interactions()).containsExactly(post.id());
  }

  /** In a public thread another person's message joins no one's lead. */
  @Test
  void anotherPersonsMessageInTheThread_doesNotJoinTheLead() {
    IngestResult first = crm.ingest(dm("1", "Wir planen einen Hausbau in Köln."));
    IngestResult other = crm.ingest(Interaction.inbound(ChannelId.TELEGRAM, "chat-42:3").thread("chat-42")
        .author("nachbar_7", null).language("de").text("Ist das hier der Kundenservice?").occurredAt(T0).build());

    assertThat(other.leadId()).isNotEqualTo(first.leadId());
    assertThat(crm.stores().leads().find(first.leadId()).orElseThrow().interactions()).hasSize(1);
  }
}
