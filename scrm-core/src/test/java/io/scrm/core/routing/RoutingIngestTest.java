package io.scrm.core.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scrm.core.IngestResult;
import io.scrm.core.SocialCrm;
import io.scrm.core.event.CrmEvent;
import io.scrm.core.event.LeadCreated;
import io.scrm.core.event.LeadScored;
import io.scrm.core.event.LeadStageChanged;
import io.scrm.core.model.CampaignTouch;
import io.scrm.core.model.Case;
import io.scrm.core.model.CaseType;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.Contact;
import io.scrm.core.model.ContactId;
import io.scrm.core.model.Identity;
import io.scrm.core.model.IdentityKey;
import io.scrm.core.model.Interaction;
import io.scrm.core.model.InteractionKind;
import io.scrm.core.model.Lead;
import io.scrm.core.model.LeadId;
import io.scrm.core.model.LeadStage;
import io.scrm.core.model.Priority;
import io.scrm.core.model.Visibility;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

final class RoutingIngestTest {
  private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
  private final Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
  private final SocialCrm crm = SocialCrm.builder().clock(clock).intakeRouter(ExampleRules.router(clock)).build();
  private final List<CrmEvent> events = new CopyOnWriteArrayList<>();

  {
    crm.events().subscribeAll(events::add);
  }

  private static Interaction post(String id, String text) {
    return Interaction.inbound(ChannelId.X, id).thread("thread-" + id).author("@user-" + id, null)
        .kind(InteractionKind.MENTION).visibility(Visibility.PUBLIC).language("de").text(text).occurredAt(T0)
        .build();
  }

  @Test
  void ingest_houseBuilderInquiry_becomesScoredAttributedLeadOfASalesAdvisor() {
    IngestResult r = crm.ingest(post("1", "Wir bauen ein Einfamilienhaus bei Köln – wer kann uns als Berater helfen? "
        + "https://energie.example/neubau?utm_source=x&utm_medium=social&utm_campaign=HAUSBAU24"));
    assertThat(r.caseId()).isNull();
    Lead lead = crm.findLead(r.leadId()).orElseThrow();
    assertThat(lead.queue()).isEqualTo(ExampleRules.SALES);
    assertThat(lead.owner()).isEqualTo("advisor-1");
    assertThat(lead.tags()).containsExactly("hausbau", "campaign");
    assertThat(lead.score()).isEqualTo(20 + 15 + 20);
    assertThat(lead.stage()).isEqualTo(LeadStage.MARKETING_QUALIFIED);
    assertThat(lead.scoredEvents()).containsExactly("interaction:" + r.interaction());
    assertThat(lead.campaign()).isEqualTo("HAUSBAU24");
    assertThat(lead.firstTouch()).isEqualTo(new CampaignTouch("HAUSBAU24", "x", "social", null, null, ChannelId.X, T0));
    assertThat(events).filteredOn(e -> e instanceof LeadCreated || e instanceof LeadScored
        || e instanceof LeadStageChanged).extracting(e -> e.getClass().getSimpleName())
        .containsExactly("LeadCreated", "LeadScored", "LeadStageChanged");

    Interaction second = post("2", "Wir planen einen Neubau, brauchen Beratung");
    Lead other = crm.findLead(crm.ingest(second).leadId()).orElseThrow();
    assertThat(other.owner()).isEqualTo("advisor-2");
  }

  @Test
  void ingest_outageAndComplaint_becomeCasesOfServiceQueues() {
    Case outage = crm.findCase(crm.ingest(post("3", "Schon wieder kein Strom in Ehrenfeld!")).caseId()).orElseThrow();
    assertThat(outage.type()).isEqualTo(CaseType.OUTAGE_REPORT);
    assertThat(outage.queue()).isEqualTo(ExampleRules.OUTAGE);
    assertThat(outage.priority()).isEqualTo(Priority.HIGH);
    assertThat(outage.assignee()).isEqualTo("service-1");
    assertThat(outage.audit().get(outage.audit().size() - 1).note()).startsWith("rule outage matched [KEYWORDS]");
    Case complaint = crm.findCase(crm.ingest(post("4", "Ich bin total unzufrieden mit dem Service")).caseId())
        .orElseThrow();
    assertThat(complaint.type()).isEqualTo(CaseType.COMPLAINT);
    assertThat(complaint.queue()).isEqualTo(ExampleRules.COMPLAINTS);
    assertThat(complaint.assignee()).isEqualTo("service-2");
  }

  @Test
  void scoreLead_redeliveredEvent_countsOnce_andThresholdsHandToSales() {
    LeadId id = crm.ingest(post("5", "Hausbau geplant")).leadId();
    events.clear();
    Lead once = crm.scoreLead(id, "web:download-brochure", 40);
    Lead again = crm.scoreLead(id, "web:download-brochure", 40);
    assertThat(again).isEqualTo(once);
    assertThat(once.score()).isEqualTo(60);
    assertThat(once.stage()).isEqualTo(LeadStage.SALES_QUALIFIED);
    Lead handed = crm.scoreLead(id, "web:request-offer", 50);
    assertThat(handed.stage()).isEqualTo(LeadStage.HANDED_TO_SALES);
    assertThat(events).containsExactly(
        new LeadScored(T0, id, "web:download-brochure", 40, 60),
        new LeadStageChanged(T0, id, LeadStage.NEW, LeadStage.SALES_QUALIFIED, 60),
        new LeadScored(T0, id, "web:request-offer", 50, 110),
        new LeadStageChanged(T0, id, LeadStage.SALES_QUALIFIED, LeadStage.HANDED_TO_SALES, 110));
    assertThatThrownBy(() -> crm.scoreLead(LeadId.of("missing"), "e", 1)).isInstanceOf(LeadNotFoundException.class);
  }

  @Test
  void ingest_knownCustomerWithAccountManager_stickyOwnerGetsTheLead() {
    ContactId known = ContactId.of("customer-7");
    IdentityKey handle = new IdentityKey(ChannelId.X, "@user-9");
    crm.stores().contacts().create(Contact.builder(known, T0).owner("advisor-2").addIdentity(handle).build());
    crm.stores().identities().create(Identity.of(handle, null, known, T0));
    Lead first = crm.findLead(crm.ingest(post("9", "Neubau geplant, bitte um Rückruf")).leadId()).orElseThrow();
    assertThat(first.contactId()).isEqualTo(known);
    assertThat(first.owner()).isEqualTo("advisor-2");
  }

  @Test
  void scoreLead_concurrentRedeliveries_scoreIsSumOfDistinctEvents() throws Exception {
    LeadId id = crm.ingest(post("8", "Hausbau")).leadId();
    int base = crm.findLead(id).orElseThrow().score();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        done.add(pool.submit(() -> {
          start.await();
          for (int e = 0; e < 50; e++) {
            crm.scoreLead(id, "visit-" + e, e % 7);
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    int expected = base;
    for (int e = 0; e < 50; e++) {
      expected += e % 7;
    }
    Lead lead = crm.findLead(id).orElseThrow();
    assertThat(lead.score()).isEqualTo(expected);
    assertThat(lead.scoredEvents()).hasSize(51);
    assertThat(events).filteredOn(LeadScored.class::isInstance).hasSize(51);
  }

  @Test
  void attributeLead_landingPage_setsLastTouch() {
    LeadId id = crm.ingest(post("6", "Bauherr sucht Angebot")).leadId();
    CampaignTouch landing = CampaignLinks.fromParameters(Map.of("utm_source", "newsletter", "utm_campaign", "WINTER"),
        null, T0.plusSeconds(60)).orElseThrow();
    Lead l = crm.attributeLead(id, landing);
    assertThat(l.firstTouch()).isEqualTo(landing);
    assertThat(l.lastTouch()).isEqualTo(landing);
    assertThat(l.campaign()).isEqualTo("WINTER");
  }

  @Test
  void ingest_followUpWithCampaignLink_becomesTheLeadsLastTouch() {
    Interaction first = post("7", "Wir bauen neu und suchen Beratung: "
        + "https://energie.example/neubau?utm_source=x&utm_campaign=HAUSBAU24");
    LeadId id = crm.ingest(first).leadId();
    Interaction followUp = Interaction.inbound(ChannelId.X, "8").thread(first.threadId()).author("@user-7", null)
        .kind(InteractionKind.MENTION).visibility(Visibility.PUBLIC).language("de")
        .text("Und gibt es dazu Förderung? https://energie.example/kfw?utm_source=newsletter&utm_campaign=KFW26")
        .occurredAt(T0.plusSeconds(600)).build();
    Interaction plain = Interaction.inbound(ChannelId.X, "9").thread(first.threadId()).author("@user-7", null)
        .kind(InteractionKind.MENTION).visibility(Visibility.PUBLIC).language("de").text("Danke schon mal!")
        .occurredAt(T0.plusSeconds(900)).build();

    assertThat(crm.ingest(followUp).leadId()).isEqualTo(id);
    assertThat(crm.ingest(plain).leadId()).isEqualTo(id);

    Lead lead = crm.findLead(id).orElseThrow();
    assertThat(lead.interactions()).hasSize(3);
    assertThat(lead.firstTouch()).isEqualTo(new CampaignTouch("HAUSBAU24", "x", null, null, null, ChannelId.X, T0));
    assertThat(lead.lastTouch()).isEqualTo(new CampaignTouch("KFW26", "newsletter", null, null, null, ChannelId.X,
        T0.plusSeconds(600)));
    assertThat(lead.campaign()).isEqualTo("HAUSBAU24");
  }
}
