package io.scrm.examples.demo;

import io.scrm.core.IngestResult;
import io.scrm.core.ReplyResult;
import io.scrm.core.SocialCrm;
import io.scrm.core.model.Actor;
import io.scrm.core.model.AuditEntry;
import io.scrm.core.model.Case;
import io.scrm.core.model.CaseId;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.Contact;
import io.scrm.core.model.Identity;
import io.scrm.core.model.Interaction;
import io.scrm.core.model.InteractionKind;
import io.scrm.core.model.OutboundMessage;
import io.scrm.core.model.Visibility;
import io.scrm.core.store.Stores;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The scripted demo: a German telecom's social CRM on one Monday morning. A customer complains about
 * a router that was never delivered, a public group asks about an outage, someone building a house
 * asks for an advisor, and a customer asks for their data under GDPR Art. 15. Every message is heard,
 * understood, routed, answered on its own channel and thread, and documented.
 *
 * <p>Runs on the embedded defaults: in-memory stores and the in-memory channel. Single-threaded; not
 * thread-safe.
 *
 * @since 0.1.0
 */
public final class DemoScenario {
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final Instant MONDAY_9AM = Instant.parse("2026-11-23T08:00:00Z");
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("EEE HH:mm", Locale.GERMAN).withZone(BERLIN);

  private final PrintStream out;
  private final ScenarioClock clock = new ScenarioClock(MONDAY_9AM, BERLIN);
  private final Stores stores;
  private final SocialCrm crm;
  private final Map<String, CaseId> casesByName = new LinkedHashMap<>();

  /**
   * Creates the scenario on in-memory stores.
   *
   * @param out where the summary is printed
   */
  public DemoScenario(PrintStream out) {
    this(out, Stores.inMemory());
  }

  /**
   * Creates the scenario on the given stores (e.g. PostgreSQL); use empty stores.
   *
   * @param out where the summary is printed
   * @param stores the stores to run on
   */
  public DemoScenario(PrintStream out, Stores stores) {
    this.out = Objects.requireNonNull(out, "out");
    this.stores = Objects.requireNonNull(stores, "stores");
    this.crm = SocialCrm.builder().clock(clock).stores(stores).build();
  }

  /**
   * Runs the whole scenario and prints its summary.
   *
   * @return figures of the run, for tests
   */
  public DemoReport run() {
    out.println("scrm demo: one Monday morning of a German telecom's social CRM");
    out.println(stores instanceof io.scrm.store.postgres.PostgresStores
        ? "(stores on PostgreSQL, in-memory channel)" : "(embedded defaults: in-memory stores, in-memory channel)");
    hear();
    understand();
    answer();
    document();
    return report();
  }

  private void hear() {
    section("1. Hear: direct messages and public posts on every channel");
    deliver("Reklamation Router", Interaction.inbound(ChannelId.TELEGRAM, "88123:501").thread("88123")
        .author("juergen_hoffmann", "Jürgen Hoffmann")
        .text("Hallo, ich warte seit drei Wochen auf meinen neuen Router (Bestellung 4711). Was ist da los?")
        .occurredAt(clock.instant()).visibility(Visibility.PRIVATE).kind(InteractionKind.DIRECT).build());
    clock.advance(Duration.ofMinutes(4));
    deliver("Störung Köln-Nippes", Interaction.inbound(ChannelId.MASTODON, "113507458223861761").thread("113507458223861761")
        .author("kai_nippes@koeln.social", "Kai")
        .text("@netzwerk Seit heute früh kein Internet in Köln-Nippes. Ist das eine Störung? #Störung")
        .occurredAt(clock.instant()).visibility(Visibility.PUBLIC).kind(InteractionKind.MENTION).build());
    clock.advance(Duration.ofMinutes(3));
    deliver("Hausbau Beratung", Interaction.inbound(ChannelId.FACEBOOK, "1029384756_998877").thread("1029384756_998877")
        .author("100089001122334", "Sabine Krüger")
        .text("Wir bauen gerade ein Haus in 50667 Köln und suchen einen Berater für Glasfaser. "
            + "https://example.de/neubau?utm_source=facebook&utm_campaign=hausbau-2026")
        .occurredAt(clock.instant()).visibility(Visibility.PUBLIC).kind(InteractionKind.COMMENT)
        .campaignCode("hausbau-2026").build());
    clock.advance(Duration.ofMinutes(5));
    deliver("Auskunft DSGVO", Interaction.inbound(ChannelId.EMAIL, "<a7f3@mail.example.de>").thread("<a7f3@mail.example.de>")
        .author("m.schulz@example.de", "Monika Schulz")
        .text("Sehr geehrte Damen und Herren, bitte senden Sie mir eine Auskunft über meine gespeicherten Daten "
            + "nach Art. 15 DSGVO.")
        .occurredAt(clock.instant()).visibility(Visibility.PRIVATE).kind(InteractionKind.DIRECT).build());
    clock.advance(Duration.ofMinutes(1));
    out.println("  A platform redelivers the router complaint, and Jürgen edits his message:");
    Interaction redelivery = Interaction.inbound(ChannelId.TELEGRAM, "88123:501").thread("88123")
        .author("juergen_hoffmann", "Jürgen Hoffmann")
        .text("Hallo, ich warte seit drei Wochen auf meinen neuen Router (Bestellung 4711). Was ist da los?")
        .occurredAt(MONDAY_9AM).build();
    IngestResult again = crm.ingest(redelivery);
    out.printf("    redelivery         -> %s, case %s%n", again.outcome(), shortId(again.caseId()));
    IngestResult edit = crm.ingest(redelivery.toBuilder()
        .text("Hallo, ich warte seit drei Wochen auf meinen Router (Bestellung 4711). Bitte um Rückruf!")
        .edited(true).build());
    out.printf("    edit               -> %s, earlier text kept as revision%n", edit.outcome());
  }

  private void deliver(String name, Interaction message) {
    IngestResult r = crm.ingest(message);
    if (r.caseId() != null) {
      casesByName.put(name, r.caseId());
    }
    out.printf("  %-9s %-7s %-7s %-20s -> %s %s%n", message.channel(), lower(message.visibility().name()),
        lower(message.kind().name()), name, r.caseId() != null ? "case" : "lead",
        shortId(r.caseId() != null ? r.caseId() : r.leadId()));
  }

  private void understand() {
    section("2. Understand: who is it?");
    for (Contact c : allContacts()) {
      List<Identity> ids = stores.identities().findByContact(c.id());
      out.printf("  contact %s  %s, provenance %s, identities %s%n", shortId(c.id()),
          c.pseudonymous() ? "pseudonymous" : "known", lower(c.provenance().name()),
          ids.stream().map(i -> i.key().channel().name()).toList());
    }
    out.println("  Social handles stay pseudonymous: nothing is merged with customer data without consent.");
  }

  private void answer() {
    section("3. Resolve and inform: answers go back on the channel and thread the customer used");
    reply("Reklamation Router", "Das tut uns leid, Herr Hoffmann! Ihr Router ist gestern verschickt worden "
        + "und kommt morgen an. Wir melden uns hier, sobald die Sendung zugestellt ist.");
    reply("Störung Köln-Nippes", "Danke für den Hinweis! In Köln-Nippes gibt es seit 7:40 Uhr eine Störung, "
        + "unsere Technik ist vor Ort. Wir halten Sie hier auf dem Laufenden.");
    reply("Auskunft DSGVO", "Guten Tag Frau Schulz, wir haben Ihre Anfrage nach Art. 15 DSGVO erhalten "
        + "und senden Ihnen die Auskunft innerhalb eines Monats.");
    for (OutboundMessage m : stores.outbox().findByStatus(io.scrm.core.model.OutboxStatus.PENDING)) {
      out.printf("  outbox: %-9s thread %-22s %-7s %s%n", m.channel(), abbreviate(m.threadId()),
          lower(m.visibility().name()), lower(m.status().name()));
    }
  }

  private void reply(String name, String text) {
    CaseId caseId = casesByName.get(name);
    if (caseId == null) {
      return;
    }
    ReplyResult r = crm.reply(caseId, Actor.agent("anna.weber"), text);
    out.printf("  %-20s -> %s (%s)%n", name, r.queued() ? "reply queued" : "denied", r.decision().reason());
  }

  private void document() {
    section("4. Document: the audit trail of every case");
    for (Map.Entry<String, CaseId> e : casesByName.entrySet()) {
      Case c = crm.findCase(e.getValue()).orElseThrow();
      out.printf("  case %s \"%s\" via %s, state %s, %d messages%n", shortId(c.id()), e.getKey(), c.originChannel(),
          c.state(), c.interactions().size());
      for (AuditEntry a : c.audit()) {
        out.printf("    %s  %-13s %-22s %s%n", TIME.format(a.at()), a.action(), a.actor(),
            a.note() == null ? "" : a.note());
      }
    }
  }

  private DemoReport report() {
    return new DemoReport(stores.interactions().count(), stores.cases().count(), stores.leads().count(),
        stores.contacts().count(), stores.outbox().count());
  }

  private List<Contact> allContacts() {
    List<Contact> contacts = new ArrayList<>();
    for (CaseId id : casesByName.values()) {
      crm.findCase(id).flatMap(c -> stores.contacts().find(c.contactId())).filter(c -> !contacts.contains(c))
          .ifPresent(contacts::add);
    }
    return contacts;
  }

  private void section(String title) {
    out.println();
    out.println("== " + title);
  }

  private static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }

  private static String shortId(Object id) {
    String s = String.valueOf(id);
    return s.length() > 8 ? s.substring(0, 8) : s;
  }

  private static String abbreviate(String s) {
    return s == null ? "-" : s.length() > 22 ? s.substring(0, 21) + "…" : s;
  }

  /**
   * Figures of a demo run.
   *
   * @param interactions interactions stored
   * @param cases cases opened
   * @param leads leads created
   * @param contacts contacts known
   * @param outbound messages in the outbox
   * @since 0.1.0
   */
  public record DemoReport(long interactions, long cases, long leads, long contacts, long outbound) {}
}
