package io.scrm.core.model;

import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.strings;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;
import org.quicktheories.generators.Generate;

/** QuickTheories generators of valid domain objects, including ids above 2^53 and German text. */
final class DomainGenerators {
  private DomainGenerators() {}

  private static final List<ChannelId> CHANNELS = List.of(ChannelId.TELEGRAM, ChannelId.MASTODON,
      ChannelId.MESSENGER, ChannelId.FACEBOOK, ChannelId.X, ChannelId.EMAIL, ChannelId.IN_MEMORY);

  static Gen<ChannelId> channels() {
    return Generate.pick(CHANNELS);
  }

  /** External ids as platforms send them: small numbers, numbers above 2^53, and opaque strings. */
  static Gen<String> externalIds() {
    Gen<String> small = longs().between(1, 1L << 40).map(l -> Long.toString(l));
    Gen<String> huge = longs().between((1L << 53) + 1, Long.MAX_VALUE).map(l -> Long.toString(l));
    Gen<String> opaque = strings().basicLatinAlphabet().ofLengthBetween(1, 40).assuming(s -> !s.isBlank());
    return small.mix(huge, 40).mix(opaque, 30);
  }

  /** Text with umlauts, emoji (surrogate pairs) and control characters. */
  static Gen<String> texts() {
    Gen<String> plain = strings().allPossible().ofLengthBetween(0, 60);
    Gen<String> german = Generate.pick(List.of("Mein Router ist seit drei Wochen nicht geliefert!",
        "Störung in Köln-Nippes? Kein Internet seit 8 Uhr 😡", "Wir bauen ein Haus und suchen einen Berater.",
        "Bitte um Auskunft nach Art. 15 DSGVO", ""));
    return plain.mix(german, 50);
  }

  static Gen<String> names() {
    return Generate.pick(List.of("Jürgen Hoffmann", "Ayşe Demir", "Grüße & Co. KG", "Max", "Zoë O'Neill"));
  }

  static Gen<Instant> instants() {
    return longs().between(0, 4_102_444_800L).zip(integers().between(0, 999_999_999),
        (s, n) -> Instant.ofEpochSecond(s, n));
  }

  private static <T> @org.jspecify.annotations.Nullable T maybe(RandomnessSource in, Gen<T> gen) {
    return booleans().all().generate(in) ? gen.generate(in) : null;
  }

  private static <T> List<T> listOf(RandomnessSource in, Gen<T> gen, int max) {
    int n = integers().between(0, max).generate(in);
    List<T> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(gen.generate(in));
    }
    return out;
  }

  static Gen<IdentityKey> identityKeys() {
    return channels().zip(externalIds(), IdentityKey::new);
  }

  static Gen<Contact> contacts() {
    return in -> {
      Contact.Builder b = Contact.builder(ContactId.of(externalIds().generate(in)), instants().generate(in))
          .kind(Generate.enumValues(ContactKind.class).generate(in))
          .displayName(maybe(in, names()))
          .organisation(maybe(in, names()))
          .language(maybe(in, Generate.pick(List.of("de", "de-AT", "en"))))
          .postalCode(maybe(in, Generate.pick(List.of("50667", "10115", "80331"))))
          .owner(maybe(in, Generate.pick(List.of("agent-anna", "agent-ben"))))
          .provenance(Generate.enumValues(Provenance.class).generate(in))
          .pseudonymous(booleans().all().generate(in))
          .version(longs().between(0, 1000).generate(in));
      for (IdentityKey k : listOf(in, identityKeys(), 3)) {
        b.addIdentity(k);
      }
      Gen<ContactPoint> points = in2 -> new ContactPoint(Generate.enumValues(ContactPointType.class).generate(in2),
          Generate.pick(List.of("juergen@example.de", "+49 221 1234567", "Domstraße 1, 50667 Köln")).generate(in2),
          Generate.pick(List.of(Provenance.FORM, Provenance.CONTRACT, Provenance.IMPORT, Provenance.AGENT)).generate(in2),
          instants().generate(in2));
      for (ContactPoint p : listOf(in, points, 3)) {
        b.addContactPoint(p);
      }
      Map<String, String> attrs = new TreeMap<>();
      for (String k : listOf(in, Generate.pick(List.of("segment", "tarif", "kundennummer")), 3)) {
        attrs.put(k, texts().generate(in));
      }
      attrs.forEach(b::attribute);
      return b.build();
    };
  }

  static Gen<Identity> identities() {
    return in -> new Identity(identityKeys().generate(in), maybe(in, names()),
        ContactId.of(externalIds().generate(in)), instants().generate(in),
        booleans().all().generate(in) ? Map.of("followers", longs().between(0, Long.MAX_VALUE).generate(in)) : Map.of(),
        longs().between(0, 1000).generate(in));
  }

  static Gen<Interaction> interactions() {
    return in -> {
      Interaction.Builder b = Interaction.inbound(channels().generate(in), externalIds().generate(in))
          .direction(Generate.enumValues(Direction.class).generate(in))
          .thread(externalIds().generate(in))
          .author(externalIds().generate(in), maybe(in, names()))
          .text(texts().generate(in))
          .occurredAt(instants().generate(in))
          .visibility(Generate.enumValues(Visibility.class).generate(in))
          .kind(Generate.enumValues(InteractionKind.class).generate(in))
          .inReplyTo(maybe(in, externalIds()))
          .campaignCode(maybe(in, Generate.pick(List.of("GLASFASER-2026", "HAUSBAU"))))
          .edited(booleans().all().generate(in))
          .language(maybe(in, Generate.pick(List.of("de", "en"))))
          .deletedAt(maybe(in, instants()))
          .version(longs().between(0, 1000).generate(in));
      for (String t : listOf(in, Generate.pick(List.of("störung", "vertrieb", "marke")), 3)) {
        b.addTag(t);
      }
      for (int i = integers().between(0, 2).generate(in); i > 0; i--) {
        b.addAttachment(new Attachment("photo", externalIds().generate(in), maybe(in, Generate.constant("image/jpeg")),
            maybe(in, longs().between(0, 10_000_000)),
            maybe(in, texts().map(t -> t.isBlank() ? "Foto vom Zähler" : t))));
      }
      for (int i = integers().between(0, 2).generate(in); i > 0; i--) {
        b.addRevision(new Revision(texts().generate(in), instants().generate(in)));
      }
      return b.build();
    };
  }

  static Gen<AuditEntry> auditEntries() {
    Gen<Actor> actors = Generate.enumValues(ActorType.class).zip(externalIds(), Actor::new);
    Gen<CaseState> states = Generate.pick(List.of(CaseState.NEW, CaseState.TRIAGED, CaseState.IN_PROGRESS,
        CaseState.WAITING_ON_CUSTOMER, CaseState.RESOLVED, CaseState.CLOSED, CaseState.REOPENED, CaseState.of("X_1")));
    return in -> new AuditEntry(instants().generate(in), actors.generate(in),
        Generate.pick(List.of("OPEN", "MESSAGE", "TRIAGE", "NOTE")).generate(in), maybe(in, states), maybe(in, states),
        maybe(in, channels()), maybe(in, texts()), maybe(in, externalIds()));
  }

  static Gen<Case> cases() {
    return in -> {
      List<InteractionId> ids = new ArrayList<>();
      for (InteractionId id : listOf(in, channels().zip(externalIds(), InteractionId::of), 4)) {
        if (!ids.contains(id)) {
          ids.add(id);
        }
      }
      return new Case(CaseId.of(externalIds().generate(in)), ContactId.of(externalIds().generate(in)),
          Generate.enumValues(CaseType.class).generate(in), channels().generate(in), externalIds().generate(in),
          Generate.pick(List.of(CaseState.NEW, CaseState.RESOLVED, CaseState.of("CUSTOM"))).generate(in),
          booleans().all().generate(in), Generate.enumValues(Priority.class).generate(in),
          maybe(in, Generate.constant("service")), maybe(in, Generate.constant("agent-anna")),
          integers().between(0, 3).generate(in), ids, listOf(in, Generate.constant("tag"), 1),
          listOf(in, auditEntries(), 4), instants().generate(in), instants().generate(in),
          longs().between(0, 1000).generate(in));
    };
  }

  static Gen<Lead> leads() {
    return in -> {
      InteractionId source = InteractionId.of(channels().generate(in), externalIds().generate(in));
      return new Lead(LeadId.of(externalIds().generate(in)), ContactId.of(externalIds().generate(in)),
          channels().generate(in), source, maybe(in, Generate.constant("chat-4711")),
          maybe(in, Generate.constant("HAUSBAU")),
          integers().between(0, 500).generate(in), Generate.enumValues(LeadStage.class).generate(in),
          maybe(in, Generate.constant("sales")), maybe(in, Generate.constant("berater-koeln")), List.of(source),
          List.of(), instants().generate(in), instants().generate(in), longs().between(0, 1000).generate(in));
    };
  }

  private static List<Attachment> attachmentsOf(RandomnessSource in) {
    List<Attachment> files = new ArrayList<>();
    for (int i = integers().between(0, 3).generate(in); i > 0; i--) {
      files.add(new Attachment(Generate.pick(Attachment.SENDABLE_TYPES.stream().sorted().toList()).generate(in),
          "https://dateien.example.de/" + externalIds().generate(in) + ".pdf",
          maybe(in, Generate.constant("application/pdf")), maybe(in, longs().between(0, 10_000_000)),
          maybe(in, Generate.constant("Retourenschein als PDF, eine Seite"))));
    }
    return files;
  }

  static Gen<OutboundMessage> outboundMessages() {
    return in -> new OutboundMessage(OutboundId.of(externalIds().generate(in)),
        maybe(in, externalIds().map(s -> CaseId.of(s))), ContactId.of(externalIds().generate(in)), channels().generate(in),
        maybe(in, externalIds()), maybe(in, externalIds()), Generate.enumValues(Visibility.class).generate(in),
        "Danke für Ihre Geduld!", attachmentsOf(in), Generate.pick(List.of("service-reply", "marketing")).generate(in),
        externalIds().generate(in), Generate.enumValues(OutboxStatus.class).generate(in),
        integers().between(0, 10).generate(in), maybe(in, externalIds()), maybe(in, Generate.constant("HTTP 503")),
        instants().generate(in), instants().generate(in), longs().between(0, 1000).generate(in));
  }
}
