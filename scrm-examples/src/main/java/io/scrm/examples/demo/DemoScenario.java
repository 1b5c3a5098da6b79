package io.scrm.examples.demo;

import io.scrm.channels.ChannelAdapter;
import io.scrm.channels.Channels;
import io.scrm.channels.DispatchStats;
import io.scrm.channels.InMemoryChannel;
import io.scrm.channels.InboundDelivery;
import io.scrm.channels.Intake;
import io.scrm.channels.OutboxDispatcher;
import io.scrm.channels.PollStats;
import io.scrm.consent.AgentRole;
import io.scrm.consent.ConsentGate;
import io.scrm.consent.ConsentLedger;
import io.scrm.consent.DataSubjectRequests;
import io.scrm.consent.DoubleOptIn;
import io.scrm.consent.ErasureReport;
import io.scrm.consent.Evidence;
import io.scrm.consent.InboundOptOut;
import io.scrm.consent.LegalBasis;
import io.scrm.consent.Notice;
import io.scrm.consent.OptInConfirmation;
import io.scrm.consent.OptInRequest;
import io.scrm.consent.Purpose;
import io.scrm.consent.Purposes;
import io.scrm.consent.RequestType;
import io.scrm.core.IngestResult;
import io.scrm.core.ReplyResult;
import io.scrm.core.SocialCrm;
import io.scrm.core.consent.ConsentAction;
import io.scrm.core.consent.ConsentQuery;
import io.scrm.core.event.IntakeRouted;
import io.scrm.core.event.OutboundCancelled;
import io.scrm.core.event.SlaWarning;
import io.scrm.core.event.SpikeDetected;
import io.scrm.core.listening.Broadcasts;
import io.scrm.core.listening.Listening;
import io.scrm.core.listening.ListeningResult;
import io.scrm.core.listening.Monitor;
import io.scrm.core.listening.SpikeDetector;
import io.scrm.core.listening.Topic;
import io.scrm.core.model.Actor;
import io.scrm.core.model.ActorType;
import io.scrm.core.model.Attachment;
import io.scrm.core.model.AuditEntry;
import io.scrm.core.model.Case;
import io.scrm.core.model.CaseId;
import io.scrm.core.model.CaseType;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.Contact;
import io.scrm.core.model.ContactId;
import io.scrm.core.model.ContactPoint;
import io.scrm.core.model.ContactPointType;
import io.scrm.core.model.Identity;
import io.scrm.core.model.IdentityKey;
import io.scrm.core.model.Interaction;
import io.scrm.core.model.InteractionKind;
import io.scrm.core.model.Lead;
import io.scrm.core.model.LeadId;
import io.scrm.core.model.OutboundMessage;
import io.scrm.core.model.Priority;
import io.scrm.core.model.Provenance;
import io.scrm.core.model.Visibility;
import io.scrm.core.process.AuditSummary;
import io.scrm.core.process.BusinessCalendar;
import io.scrm.core.process.CaseCommand;
import io.scrm.core.process.IllegalCommandException;
import io.scrm.core.process.SlaClock;
import io.scrm.core.process.SlaPolicies;
import io.scrm.core.process.SlaPolicy;
import io.scrm.core.routing.Agent;
import io.scrm.core.routing.Assigner;
import io.scrm.core.routing.Router;
import io.scrm.core.routing.Rule;
import io.scrm.core.routing.RuleMode;
import io.scrm.core.routing.RuleSet;
import io.scrm.core.routing.Team;
import io.scrm.core.store.Stores;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import org.jspecify.annotations.Nullable;

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
  private final ConsentLedger ledger;
  private final ConsentGate gate;
  private final DoubleOptIn doubleOptIn;
  private final Map<ChannelId, InMemoryChannel> platforms = new LinkedHashMap<>();
  private final OutboxDispatcher dispatcher;
  private final Intake intake;
  private final @Nullable ChannelAdapter mailAdapter;
  private final Channels channels;
  private final List<ChannelAdapter> senders;
  private final List<IntakeRouted> routed = new ArrayList<>();
  private final List<SlaWarning> slaWarnings = new ArrayList<>();
  private final List<OutboundCancelled> cancelled = new ArrayList<>();
  private int commandSeq;

  private static final String AGENT = "anna.weber";
  private static final String COMMUNITY = "tom.social";
  private static final String DPO = "datenschutz";
  private static final String SALES = "vertrieb";
  private static final String ADVISOR = "mehmet.yilmaz";
  private static final String SERVICE_2 = "jonas.klein";
  /** A host purpose: outage notices to people who subscribed to a topic. */
  static final Purpose OUTAGE_NOTIFICATIONS = Purpose.builder("outage-notifications")
      .legalBasis(LegalBasis.CONSENT).consentRequired(true).actions(ConsentAction.SEND_MARKETING)
      .retention(Duration.ofDays(90)).build();
  private static final Notice NEWSLETTER_NOTICE = Notice.of("newsletter", 3, "de",
      "Ja, ich möchte den Glasfaser-Newsletter per E-Mail erhalten. Abmeldung jederzeit.");
  private static final Notice OUTAGE_NOTICE = Notice.of("stoerungsinfo", 1, "de",
      "Ja, informiert mich über Störungen in meinem Gebiet. Abmeldung jederzeit mit STOP.");

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
    this(out, stores, List.of());
  }

  /**
   * Creates the scenario on the given stores, sending through the given adapters on the channels they
   * serve (e.g. the Telegram adapter pointed at a local mock server) and through the in-memory
   * channel on all others. Inbound messages arrive through the in-memory channels, except e-mail when
   * an e-mail adapter sends: that adapter reads the mail (as RFC 5322), as it learns there where to
   * answer.
   *
   * @param out where the summary is printed
   * @param stores the stores to run on (empty)
   * @param senders adapters to send through instead of the in-memory channel
   */
  public DemoScenario(PrintStream out, Stores stores, List<ChannelAdapter> senders) {
    this.out = Objects.requireNonNull(out, "out");
    this.stores = Objects.requireNonNull(stores, "stores");
    this.ledger = ConsentLedger.builder().clock(clock)
        .purposes(Purposes.builder().add(OUTAGE_NOTIFICATIONS).build()).build();
    this.gate = ConsentGate.builder(ledger)
        .role(AGENT, AgentRole.SERVICE_AGENT)
        .role(COMMUNITY, AgentRole.COMMUNITY_MANAGER)
        .role(DPO, AgentRole.DATA_PROTECTION_OFFICER)
        .role(SALES, AgentRole.SALES)
        .build();
    for (ChannelId channel : List.of(ChannelId.TELEGRAM, ChannelId.MASTODON, ChannelId.FACEBOOK, ChannelId.X,
        ChannelId.EMAIL)) {
      platforms.put(channel, InMemoryChannel.builder().channel(channel).clock(clock).build());
    }
    List<ChannelAdapter> adapters = new ArrayList<>(senders);
    for (InMemoryChannel channel : platforms.values()) {
      if (senders.stream().noneMatch(a -> a.channels().contains(channel.channel()))) {
        adapters.add(channel);
      }
    }
    this.senders = List.copyOf(senders);
    Channels channels = Channels.of(adapters);
    this.crm = SocialCrm.builder().clock(clock).stores(stores).consentPolicy(gate)
        .intakeRouter(router(clock))
        .slaPolicies(slaPolicies())
        .sendCheck(channels.sendCheck(clock))
        .build();
    this.dispatcher = OutboxDispatcher.builder(crm, channels).build();
    // inbound arrives through the in-memory platforms, also where a real adapter sends; mail through
    // the e-mail adapter that answers it
    this.mailAdapter = senders.stream().filter(a -> a.channels().contains(ChannelId.EMAIL)).findFirst().orElse(null);
    List<ChannelAdapter> inbound = new ArrayList<>();
    for (InMemoryChannel platform : platforms.values()) {
      inbound.add(mailAdapter != null && platform.channel().equals(ChannelId.EMAIL) ? mailAdapter : platform);
    }
    this.intake = Intake.builder(crm, Channels.of(inbound)).poll(ChannelId.MASTODON, Duration.ofSeconds(30)).build();
    this.channels = channels;
    this.doubleOptIn = DoubleOptIn.builder(ledger).build();
    InboundOptOut.of(ledger, stores).attachTo(crm);
    crm.events().subscribe(IntakeRouted.class, routed::add);
    crm.events().subscribe(SlaWarning.class, slaWarnings::add);
    crm.events().subscribe(OutboundCancelled.class, cancelled::add);
  }

  /**
   * The routing rules of the demo's social team: data-protection requests to the data-protection
   * officer, outage reports and complaints to the service queues, people building a house to the
   * sales advisors as leads; the campaign and a request for advice add lead points.
   */
  static RuleSet rules() {
    return RuleSet.of(
        Rule.builder("datenschutz").priority(400).keywords("DSGVO", "Datenschutz", "Auskunft", "Löschung")
            .createCase(CaseType.DATA_PROTECTION_REQUEST).routeToQueue("datenschutz").build(),
        Rule.builder("stoerung").priority(300).keywords("Störung", "kein Internet", "Ausfall", "NetzDown")
            .createCase(CaseType.OUTAGE_REPORT).routeToQueue("stoerung").setPriority(Priority.HIGH).tag("stoerung")
            .build(),
        Rule.builder("reklamation").priority(200).keywords("Reklamation", "Beschwerde", "Bestellung", "warte")
            .createCase(CaseType.COMPLAINT).routeToQueue("beschwerde").tag("reklamation").build(),
        Rule.builder("lead-neubau").priority(100).keywords("Hausbau", "Neubau", "Haus bauen", "bauen ein Haus",
                "bauen gerade ein Haus")
            .createLead().routeToQueue("vertrieb-neubau").requireSkills("neubau").addScore(20).tag("neubau").build(),
        Rule.builder("punkte-kampagne").mode(RuleMode.ALL_MATCH).campaign("hausbau-2026").addScore(20)
            .tag("kampagne").build(),
        Rule.builder("punkte-beratung").mode(RuleMode.ALL_MATCH).keywords("Berater", "Beratung", "Angebot")
            .addScore(15).build());
  }

  private static Router router(java.time.Clock clock) {
    Assigner assigner = Assigner.builder()
        .agent(new Agent(AGENT, Set.of("internet", "lieferung"), 10))
        .agent(new Agent(SERVICE_2, Set.of("internet"), 10))
        .agent(new Agent(DPO, Set.of("dsgvo"), 5))
        .agent(new Agent(SALES, Set.of("neubau", "gewerbe"), 20))
        .agent(new Agent(ADVISOR, Set.of("neubau"), 20))
        .team(Team.leastLoaded("stoerung", AGENT, SERVICE_2))
        .team(Team.roundRobin("beschwerde", AGENT, SERVICE_2))
        .team(Team.roundRobin("datenschutz", DPO))
        .team(Team.roundRobin("vertrieb-neubau", ADVISOR, SALES))
        .build();
    return Router.builder(rules()).assigner(assigner).clock(clock).build();
  }

  /** Service levels on Berlin business hours; outages get a tight first response. */
  private static SlaPolicies slaPolicies() {
    BusinessCalendar office = BusinessCalendar.builder(BERLIN).weekdays(LocalTime.of(8, 0), LocalTime.of(20, 0))
        .holidays(LocalDate.of(2026, 12, 24), LocalDate.of(2026, 12, 25), LocalDate.of(2026, 12, 26))
        .build();
    return SlaPolicies.builder(new SlaPolicy("service", Duration.ofHours(2), Duration.ofHours(24), Duration.ofDays(3),
            0.8, office))
        .queue("stoerung", new SlaPolicy("stoerung", Duration.ofMinutes(15), Duration.ofHours(2), Duration.ofHours(8),
            0.8, office))
        .queue("datenschutz", new SlaPolicy("datenschutz", Duration.ofDays(2), Duration.ofDays(7), Duration.ofDays(30),
            0.8, office))
        .build();
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
    for (ChannelAdapter sender : senders) {
      out.printf("(sending on %s through %s)%n", sender.channels(), sender);
    }
    hear();
    understand();
    answer();
    document();
    listen();
    consent();
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
    IngestResult again = heard(redelivery);
    out.printf("    redelivery         -> %s, case %s%n", again.outcome(), shortId(again.caseId()));
    IngestResult edit = heard(redelivery.toBuilder()
        .text("Hallo, ich warte seit drei Wochen auf meinen Router (Bestellung 4711). Bitte um Rückruf!")
        .edited(true).build());
    out.printf("    edit               -> %s, earlier text kept as revision%n", edit.outcome());
  }

  private void deliver(String name, Interaction message) {
    @Nullable CaseId caseId;
    @Nullable LeadId leadId = null;
    String how = "";
    if (message.channel().equals(ChannelId.MASTODON)) {
      // Mastodon mentions are polled: the intake stores them, then moves the channel's cursor
      platforms.get(ChannelId.MASTODON).inject(message);
      PollStats polled = intake.pollNow(ChannelId.MASTODON);
      caseId = stores.cases().findByInteraction(message.id()).map(Case::id).orElseThrow();
      how = ", polled: " + polled.created() + " new, cursor " + intake.cursors().find(ChannelId.MASTODON).orElseThrow();
    } else {
      IngestResult r = heard(message);
      caseId = r.caseId();
      leadId = r.leadId();
    }
    if (caseId != null) {
      casesByName.put(name, caseId);
    }
    out.printf("  %-9s %-7s %-7s %-20s -> %s %s%s%n", message.channel(), lower(message.visibility().name()),
        lower(message.kind().name()), name, caseId != null ? "case" : "lead",
        shortId(caseId != null ? caseId : leadId), how);
  }

  /** Hands a message to the intake as its platform's webhook would: the body as bytes, parsed and stored. */
  private IngestResult heard(Interaction message) {
    if (mailAdapter != null && message.channel().equals(ChannelId.EMAIL)) {
      return intake.receive(ChannelId.EMAIL, InboundDelivery.of(asMail(message), Map.of(), clock.instant()))
          .results().get(0);
    }
    InMemoryChannel platform = platforms.get(message.channel());
    return intake.receive(message.channel(), platform.delivery(message)).results().get(0);
  }

  /** The message as the mail server hands it over: RFC 5322, with its Message-ID as the external id. */
  private static byte[] asMail(Interaction message) {
    try {
      MimeMessage mail = new MimeMessage(Session.getInstance(new Properties())) {
        @Override
        protected void updateMessageID() throws MessagingException {
          setHeader("Message-ID", message.externalId());
        }
      };
      mail.setFrom(new InternetAddress(message.authorHandle(), message.authorName(), "UTF-8"));
      mail.setRecipients(Message.RecipientType.TO, "service@example.de");
      mail.setSubject("Auskunft nach Art. 15 DSGVO", "UTF-8");
      mail.setSentDate(Date.from(message.occurredAt()));
      mail.setText(message.text(), "UTF-8");
      mail.saveChanges();
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      mail.writeTo(bytes);
      return bytes.toByteArray();
    } catch (MessagingException | IOException e) {
      throw new IllegalStateException("the demo's mail could not be written", e);
    }
  }

  private void understand() {
    section("2. Understand and route: who is it, what is it, who takes it?");
    for (Contact c : allContacts()) {
      List<Identity> ids = stores.identities().findByContact(c.id());
      out.printf("  contact %s  %s, provenance %s, identities %s%n", shortId(c.id()),
          c.pseudonymous() ? "pseudonymous" : "known", lower(c.provenance().name()),
          ids.stream().map(i -> i.key().channel().name()).toList());
    }
    out.println("  Social handles stay pseudonymous: nothing is merged with customer data without consent.");
    for (IntakeRouted r : routed) {
      out.printf("  %s %s -> queue %s, %s%n", r.caseId() != null ? "case" : "lead",
          shortId(r.caseId() != null ? r.caseId() : r.leadId()), r.queue(),
          r.assignee() == null ? "unassigned" : "assigned to " + r.assignee());
      out.printf("      why: %s%n", r.explanation());
    }
    for (Lead lead : leads()) {
      out.printf("  lead %s for sales: score %d, stage %s, campaign %s (first touch: %s via %s), owner %s%n",
          shortId(lead.id()), lead.score(), lead.stage(), lead.campaign(),
          lead.firstTouch() == null ? "-" : lead.firstTouch().campaign(),
          lead.firstTouch() == null ? "-" : lead.firstTouch().channel(), lead.owner());
    }
  }

  private void answer() {
    section("3. Resolve and inform: the case process, SLA clocks, answers on the customer's own channel and thread");
    clock.advance(Duration.ofMinutes(4));
    crm.tick();
    for (SlaWarning w : slaWarnings) {
      out.printf("  SLA WARNING case %s (%s): %s due at %s%n", shortId(w.caseId()), nameOf(w.caseId()),
          lower(w.clock().name()), w.dueAt() == null ? "-" : TIME.format(w.dueAt()));
    }
    // the outage map goes with the answer, described for customers who use a screen reader
    reply("Störung Köln-Nippes", Actor.agent(AGENT), "Danke für den Hinweis! In Köln-Nippes gibt es seit 7:40 Uhr "
        + "eine Störung, unsere Technik ist vor Ort. Wir halten Sie hier auf dem Laufenden.",
        List.of(new Attachment("photo", "https://service.example.de/stoerungen/koeln-nippes/karte.png", "image/png",
            null).withDescription("Karte von Köln-Nippes: das Störungsgebiet reicht von der Neusser Straße bis "
                + "zur Niehler Straße, rot markiert")));
    reply("Auskunft DSGVO", Actor.agent(AGENT), "Guten Tag Frau Schulz, wir haben Ihre Anfrage nach Art. 15 DSGVO "
        + "erhalten und senden Ihnen die Auskunft innerhalb eines Monats.");

    out.println("  The router complaint walks through the process:");
    CaseId router = casesByName.get("Reklamation Router");
    Actor anna = Actor.agent(AGENT);
    command(router, CaseCommand.triage(nextCommandId(), anna, null, Priority.HIGH));
    command(router, CaseCommand.start(nextCommandId(), anna));
    reply("Reklamation Router", anna, "Das tut uns leid, Herr Hoffmann! Nennen Sie uns bitte Ihre Kundennummer, "
        + "dann prüfen wir die Lieferung sofort.");
    command(router, CaseCommand.askCustomer(nextCommandId(), anna, "Kundennummer erbeten"));
    printSla(router);
    clock.advance(Duration.ofMinutes(40));
    out.println("    40 minutes later Jürgen answers in his chat; the clocks were paused while we waited");
    printSla(router);
    heard(Interaction.inbound(ChannelId.TELEGRAM, "88123:504").thread("88123")
        .author("juergen_hoffmann", "Jürgen Hoffmann").text("Kundennummer 5550123, Bestellung 4711.")
        .occurredAt(clock.instant()).visibility(Visibility.PRIVATE).kind(InteractionKind.DIRECT).build());
    out.printf("    %-17s -> %s (applied by the engine to his message)%n", "CUSTOMER_REPLIED",
        crm.findCase(router).orElseThrow().state());
    printSla(router);
    try {
      crm.apply(router, CaseCommand.resolve(nextCommandId(), anna, "Router verschickt"));
    } catch (io.scrm.core.process.IllegalCommandException refused) {
      out.printf("    resolve before an answer went out -> refused: %s%n", refused.getMessage());
    }
    reply("Reklamation Router", anna, "Danke! Ihr Router ist gestern verschickt worden (DHL) und kommt morgen an. "
        + "Den Lieferschein finden Sie anbei.", List.of(new Attachment("document",
            "https://service.example.de/bestellungen/4711/lieferschein.pdf", "application/pdf", null)));

    boolean telegramInMemory = senders.stream().noneMatch(a -> a.channels().contains(ChannelId.TELEGRAM));
    if (telegramInMemory) {
      platforms.get(ChannelId.TELEGRAM).failNext(1, InMemoryChannel.Fault.serverError());
    }
    DispatchStats first = dispatcher.drain();
    out.printf("  dispatcher: %d sent, %d to retry%s%n", first.sent(), first.retried(),
        telegramInMemory ? " (Telegram answered 500 once; Jürgen's second reply waits for the first)" : "");
    clock.advance(Duration.ofMinutes(1));
    DispatchStats second = dispatcher.drain();
    out.printf("  dispatcher a minute later: %d sent, %d in the dead-letter list%n", second.sent(),
        crm.outbox().deadLetters().size());
    for (OutboundMessage sent : stores.outbox().findByStatus(io.scrm.core.model.OutboxStatus.SENT)) {
      out.printf("    sent on %-9s thread %-22s %-7s as %s%s%n", sent.channel(), abbreviate(sent.threadId()),
          lower(sent.visibility().name()), sent.providerId(),
          switch (sent.attachments().size()) {
            case 0 -> "";
            case 1 -> ", with 1 file" + (sent.attachments().get(0).description() != null ? " and its alt text" : "");
            default -> ", with " + sent.attachments().size() + " files";
          });
    }
    try {
      command(router, CaseCommand.resolve(nextCommandId(), anna, "Router verschickt, Sendungsnummer übermittelt"));
      command(router, CaseCommand.close(nextCommandId(), anna));
    } catch (IllegalCommandException noAnswerYet) {
      // a real adapter whose platform refused the answers (a wrong token, no server): the case stays open
      out.printf("    %-17s -> refused: %s%n", "RESOLVE", noAnswerYet.reason());
    }
  }

  private void reply(String name, Actor actor, String text) {
    reply(name, actor, text, List.of());
  }

  private void reply(String name, Actor actor, String text, List<Attachment> files) {
    CaseId caseId = casesByName.get(name);
    if (caseId == null) {
      return;
    }
    ReplyResult r = crm.reply(caseId, actor, text, files);
    out.printf("  %-20s -> %s (%s)%n", name, r.queued() ? "reply queued" : "denied", r.decision().reason());
  }

  private void command(CaseId caseId, CaseCommand command) {
    Case c = crm.apply(caseId, command).stored();
    out.printf("    %-17s -> %s%n", command.kind(), c.state());
  }

  private String nextCommandId() {
    return "demo-" + (++commandSeq);
  }

  private void printSla(CaseId caseId) {
    for (SlaClock c : crm.slaStatus(caseId).clocks()) {
      if (c.type() == io.scrm.core.process.SlaClockType.FIRST_RESPONSE
          || c.type() == io.scrm.core.process.SlaClockType.RESOLUTION) {
        out.printf("      SLA %-14s %-8s elapsed %3d min of %d min%n", lower(c.type().name()),
            lower(c.phase().name()), c.elapsed().toMinutes(), c.target().toMinutes());
      }
    }
  }

  private String nameOf(CaseId id) {
    return casesByName.entrySet().stream().filter(e -> e.getValue().equals(id)).map(Map.Entry::getKey).findFirst()
        .orElse("-");
  }

  private List<Lead> leads() {
    List<Lead> leads = new ArrayList<>();
    for (IntakeRouted r : routed) {
      if (r.leadId() != null) {
        crm.findLead(r.leadId()).ifPresent(leads::add);
      }
    }
    return leads;
  }

  private void document() {
    section("4. Document: the audit trail of every case");
    for (Map.Entry<String, CaseId> e : casesByName.entrySet()) {
      Case c = crm.findCase(e.getValue()).orElseThrow();
      out.printf("  case %s \"%s\" via %s, state %s, %d messages%n", shortId(c.id()), e.getKey(), c.originChannel(),
          c.state(), c.interactions().size());
      for (AuditEntry a : c.audit()) {
        out.printf("    %s  %-16s %-22s %-36s %s%n", TIME.format(a.at()), a.action(),
            actorLabel(a.actor()),
            a.from() == null || a.to() == null || a.from().equals(a.to()) ? "" : a.from() + " -> " + a.to(),
            a.note() == null ? "" : abbreviate(a.note(), 60));
      }
      AuditSummary summary = AuditSummary.of(c);
      out.printf("    found on %s by %s; handled by %s; first answer %s%n", summary.foundOn(),
          lower(summary.foundBy().type().name()), summary.handledBy().stream().map(Actor::id).toList(),
          summary.firstAnsweredAt() == null ? "-" : TIME.format(summary.firstAnsweredAt()));
    }
  }

  private void listen() {
    section("5. Listen: an outage storm builds on public channels");
    Listening listening = Listening.builder(crm)
        .monitor(Monitor.builder("stoerung").terms("Störung", "kein Internet", "Ausfall", "#NetzDown")
            .exclude("Störungsstelle").tags("service").build())
        .spikeDetector(SpikeDetector.builder().bucketWidth(Duration.ofMinutes(15)).warmupBuckets(3).build())
        .crisisQueue("krisenstab")
        .build();
    Broadcasts broadcasts = new Broadcasts(crm)
        .topic(new Topic("stoerung-koeln-nippes", "Störung Köln-Nippes", OUTAGE_NOTIFICATIONS.id()));
    // the usual trickle earlier this morning: one complaint per quarter hour
    Instant storm = clock.instant().plus(Duration.ofMinutes(2));
    Instant quiet = storm.minus(Duration.ofMinutes(60));
    for (int i = 0; i < 3; i++) {
      listening.hear(publicPost(ChannelId.MASTODON, "1135070000000000" + i, "frueh" + i + "@koeln.social",
          "Internet wackelt, kleine Störung?", quiet.plus(Duration.ofMinutes(15L * i))));
    }
    int heard = 0;
    SpikeDetected spike = null;
    CaseId crisis = null;
    List<CaseId> mentionCases = new ArrayList<>();
    String[][] posts = {
        {"mastodon", "113507500000000001", "lena@koeln.social", "Kein Internet in Nippes seit 9 Uhr. Störung?"},
        {"x", "1860000000000000001", "1602000000000000001", "@telko schon wieder Störung in Köln 😡 #NetzDown"},
        {"facebook", "1029384756_1001", "100089001122335", "Bei uns in der Neusser Straße kein Internet!"},
        {"mastodon", "113507500000000002", "ben@koeln.social", "Ausfall in Köln-Nippes, Homeoffice unmöglich"},
        {"x", "1860000000000000002", "1602000000000000002", "Störung bei @telko, echt ärgerlich"},
        {"mastodon", "113507500000000003", "kai_nippes@koeln.social", "Immer noch kein Internet. Frechheit!"},
        {"x", "1860000000000000003", "1602000000000000003", "#NetzDown Köln, Ausfall seit einer Stunde"},
        {"facebook", "1029384756_1002", "100089001122336", "Totaler Ausfall hier, sehr enttäuscht"},
        {"mastodon", "113507500000000004", "mira@koeln.social", "Schöner Sonnenaufgang über dem Dom"}};
    for (int i = 0; i < posts.length; i++) {
      String[] p = posts[i];
      ListeningResult r = listening.hear(publicPost(ChannelId.of(p[0]), p[1], p[2], p[3],
          storm.plus(Duration.ofSeconds(40L * i))));
      if (r.heard()) {
        heard++;
        mentionCases.add(r.ingest().caseId());
      }
      if (r.spike() != null) {
        spike = r.spike();
        crisis = r.crisisCase();
      }
    }
    clock.advance(Duration.ofMinutes(8));
    out.printf("  %d public posts heard as mentions, 1 ignored (matched no monitor, not stored)%n", heard);
    if (spike != null) {
      out.printf("  EARLY WARNING on \"%s\": %d negative mentions since %s (usual: %.1f per quarter hour)%n",
          spike.topic(), spike.count(), TIME.format(spike.bucketStart()), spike.baseline());
      out.printf("    top terms %s%n", spike.topTerms());
    }
    if (crisis != null) {
      Case c = crm.findCase(crisis).orElseThrow();
      out.printf("  crisis case %s opened: priority %s, queue %s, tags %s%n", shortId(c.id()), c.priority(),
          c.queue(), c.tags());
    }
    // subscribers of the outage topic: Jürgen consented in his Telegram chat, Kai never did
    Contact juergen = contactOf(IdentityKey.of(ChannelId.TELEGRAM, "juergen_hoffmann"));
    Contact kai = contactOf(IdentityKey.of(ChannelId.MASTODON, "kai_nippes@koeln.social"));
    // he asked the bot for outage news and confirmed the link it sent him (double opt-in in his chat)
    OptInRequest outageOptIn = doubleOptIn.request(juergen.id(), OUTAGE_NOTIFICATIONS.id(), ChannelId.TELEGRAM,
        OUTAGE_NOTICE, Map.of(), Evidence.ofMessage("88123:502"));
    doubleOptIn.confirm(Objects.requireNonNull(outageOptIn.token()), Evidence.ofMessage("88123:503"));
    broadcasts.subscribe("stoerung-koeln-nippes", juergen.id(), ChannelId.TELEGRAM, "88123");
    broadcasts.subscribe("stoerung-koeln-nippes", kai.id(), ChannelId.MASTODON, null);
    // with an id: sent again (after a failure part-way, or by another instance), no one gets it twice
    Broadcasts.Report report = broadcasts.broadcast("stoerung-koeln-nippes", "bagger-glasfaserkabel",
        "Störung Köln-Nippes: Ein Bagger hat ein Glasfaserkabel beschädigt. Reparatur läuft, Ende ca. 14 Uhr.",
        List.of(), Actor.agent(AGENT));
    out.printf("  broadcast to subscribers: %d queued, %d refused%n", report.queued().size(), report.denied().size());
    report.denied().forEach(r -> out.printf("    refused on %s: %s%n", r.subscription().channel(), r.reason()));
    int replied = 0;
    for (CaseId id : mentionCases) {
      if (crm.reply(id, Actor.agent(COMMUNITY), "Das tut uns leid! Wir kennen die Störung in Köln-Nippes und "
          + "arbeiten daran, Updates folgen hier.").queued()) {
        replied++;
      }
    }
    out.printf("  %d public replies queued, one to each person who posted (community manager, in public)%n",
        replied);
    DispatchStats sent = dispatcher.drain();
    out.printf("  dispatcher: %d sent (public replies and the broadcast), each in its own thread%n", sent.sent());
  }

  private void consent() {
    section("6. Consent: the law, enforced by the library");
    Contact kai = contactOf(IdentityKey.of(ChannelId.MASTODON, "kai_nippes@koeln.social"));
    ReplyResult dm = crm.send(kai.id(), ChannelId.MASTODON, "Jetzt zu Glasfaser wechseln und 3 Monate sparen!",
        "marketing", Actor.agent(SALES));
    out.printf("  marketing DM to Kai (found by monitoring): %s — %s%n", dm.queued() ? "QUEUED" : "denied",
        dm.decision().reason());
    boolean viewDenied = !crm.decide(new ConsentQuery(kai.id(), SocialCrm.SERVICE_REPLY, ChannelId.MASTODON,
        ConsentAction.VIEW_PERSONAL_DATA, Actor.agent(COMMUNITY), clock.instant())).allowed();
    out.printf("  community manager may answer in public, viewing CRM data: %s%n", viewDenied ? "denied" : "ALLOWED");

    // a newsletter sign-up on the web form, confirmed by double opt-in
    Contact sabine = stores.contacts().create(Contact.builder(ContactId.random(), clock.instant())
        .provenance(Provenance.FORM)
        .addContactPoint(new ContactPoint(ContactPointType.EMAIL, "sabine.krueger@example.de", Provenance.FORM,
            clock.instant()))
        .build());
    stores.identities().create(Identity.of(IdentityKey.of(ChannelId.EMAIL, "sabine.krueger@example.de"), null,
        sabine.id(), clock.instant()));
    Evidence form = Evidence.builder().form("newsletter-glasfaser").page("https://example.de/neubau")
        .ip("203.0.113.77").build();
    OptInRequest requested = doubleOptIn.request(sabine.id(), "marketing", ChannelId.EMAIL, NEWSLETTER_NOTICE,
        Map.of("email", "sabine.krueger@example.de", "first-name", "Sabine", "geburtstag", "1985-04-02"), form);
    out.printf("  double opt-in: requested, confirmation mail with a single-use token (only its hash is stored)%n");
    clock.advance(Duration.ofMinutes(3));
    OptInConfirmation confirmed = doubleOptIn.confirm(Objects.requireNonNull(requested.token()),
        Evidence.builder().page("https://example.de/optin/bestaetigt").build());
    out.printf("  double opt-in: confirmed -> %s; the form field 'geburtstag' was not stored (not declared)%n",
        confirmed.outcome());
    OptInConfirmation again = doubleOptIn.confirm(requested.token(), Evidence.builder().page("x").build());
    out.printf("  the same link clicked again -> %s, nothing written%n", again.outcome());

    ReplyResult newsletter = crm.send(sabine.id(), ChannelId.EMAIL, "Glasfaser-Newsletter Dezember",
        "marketing", Actor.system("kampagne"));
    out.printf("  newsletter to Sabine: %s (%s)%n", newsletter.queued() ? "queued" : "denied",
        newsletter.decision().reason());
    clock.advance(Duration.ofMinutes(1));
    crm.ingest(Interaction.inbound(ChannelId.EMAIL, "<abmelden-1@example.de>").thread("<abmelden-1@example.de>")
        .author("sabine.krueger@example.de", "Sabine Krüger").text("Abmelden").occurredAt(clock.instant()).build());
    out.println("  Sabine answers \"Abmelden\": marketing on e-mail withdrawn at once, no login needed");
    DispatchStats atSend = dispatcher.drain();
    for (OutboundCancelled c : cancelled) {
      out.printf("  the queued newsletter, asked again by the dispatcher at send time: cancelled (%s)%n", c.reason());
    }
    out.printf("  dispatcher: %d sent, %d cancelled%n", atSend.sent(), atSend.cancelled());

    // the GDPR request from section 1: export, then erasure
    Contact monika = contactOf(IdentityKey.of(ChannelId.EMAIL, "m.schulz@example.de"));
    // erasure also reaches what the channel adapters keep in memory (e-mail reply addresses)
    DataSubjectRequests requests = DataSubjectRequests.of(crm, gate, doubleOptIn).onErasure(channels::forget);
    requests.receive(monika.id(), RequestType.ACCESS);
    String export = requests.export(monika.id(), Actor.agent(DPO));
    out.printf("  Art. 15 export for Monika: %d bytes of JSON (contact, identities, messages, cases, consent)%n",
        export.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
    requests.receive(monika.id(), RequestType.ERASURE);
    ErasureReport erased = requests.erase(monika.id(), Actor.agent(DPO));
    out.printf("  Art. 17 erasure: %d contact, %d identities, %d messages, %d cases removed; pseudonym %s kept%n",
        erased.contacts(), erased.identities(), erased.interactions(), erased.cases(),
        erased.pseudonym().value().substring(0, Math.min(15, erased.pseudonym().value().length())) + "…");
    out.printf("  a scan for her address afterwards finds %d messages%n",
        stores.interactions().findByAuthor(IdentityKey.of(ChannelId.EMAIL, "m.schulz@example.de")).size());
    out.printf("  consent ledger: %s%n", ledger.verify().intact() ? "hash chain verifies" : "CHAIN BROKEN");
  }

  private Contact contactOf(IdentityKey key) {
    Identity identity = stores.identities().find(key).orElseThrow();
    return stores.contacts().find(identity.contactId()).orElseThrow();
  }

  private static Interaction publicPost(ChannelId channel, String id, String author, String text, Instant at) {
    return Interaction.inbound(channel, id).thread(id).author(author, null).text(text).occurredAt(at)
        .visibility(Visibility.PUBLIC).kind(InteractionKind.MENTION).build();
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

  /** A customer's actor names a pseudonymous contact id, shortened; an agent's or the system's name is kept. */
  private static String actorLabel(Actor actor) {
    String id = actor.type() == ActorType.CUSTOMER ? shortId(actor.id()) : actor.id();
    return lower(actor.type().name()) + ":" + id;
  }

  private static String shortId(Object id) {
    String s = String.valueOf(id);
    return s.length() > 8 ? s.substring(0, 8) : s;
  }

  private static String abbreviate(String s) {
    return abbreviate(s, 22);
  }

  private static String abbreviate(String s, int max) {
    return s == null ? "-" : s.length() > max ? s.substring(0, max - 1) + "…" : s;
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
