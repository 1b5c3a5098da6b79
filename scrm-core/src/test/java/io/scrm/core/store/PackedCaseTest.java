package io.scrm.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import io.scrm.core.model.Actor;
import io.scrm.core.model.ActorType;
import io.scrm.core.model.AuditEntry;
import io.scrm.core.model.Case;
import io.scrm.core.model.CaseId;
import io.scrm.core.model.CaseState;
import io.scrm.core.model.CaseType;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.ContactId;
import io.scrm.core.model.Interaction;
import io.scrm.core.model.InteractionId;
import io.scrm.core.model.Priority;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

final class PackedCaseTest {
  private static final List<ChannelId> CHANNELS = List.of(ChannelId.TELEGRAM, ChannelId.EMAIL, ChannelId.X,
      ChannelId.of("matrix"));
  private static final List<String> TEXTS = List.of("5000000001", "Grüße aus Köln 🏠", "halbes Emoji \uD83D",
      "\uDE00 am Anfang", "y".repeat(64), "Straße ".repeat(40), "kunde_4711");
  private static final List<Instant> TIMES = List.of(Instant.parse("2026-11-22T08:15:30.123456789Z"), Instant.EPOCH,
      Instant.ofEpochSecond(-86_400L * 365 * 300, 7), Instant.MAX, Instant.MIN, Instant.parse("2026-11-22T08:15:30Z"));
  private static final List<CaseState> STATES = List.of(CaseState.NEW, CaseState.TRIAGED, CaseState.CLOSED,
      CaseState.REOPENED, CaseState.of("WAITING_ON_FIELD_SERVICE"), CaseState.of("LEGAL_REVIEW"));

  /** A random case with every field used now and then, drawn from a seed. */
  static Case random(long seed) {
    Random r = new Random(seed);
    ContactId contact = r.nextBoolean() ? ContactId.random() : ContactId.of(pick(r, TEXTS.subList(0, 5)));
    Instant opened = pick(r, TIMES);
    Set<InteractionId> interactions = new LinkedHashSet<>();
    for (int k = r.nextInt(12); k > 0; k--) {
      interactions.add(r.nextInt(4) == 0 ? InteractionId.of(pick(r, CHANNELS), pick(r, TEXTS))
          : InteractionId.of(ChannelId.TELEGRAM, "5000000001:" + r.nextInt(r.nextBoolean() ? 20 : 100_000)));
    }
    List<String> tags = new ArrayList<>();
    for (int k = r.nextInt(3); k > 0; k--) {
      tags.add(r.nextBoolean() ? "beschwerde" : pick(r, TEXTS));
    }
    List<AuditEntry> audit = new ArrayList<>();
    Instant at = opened;
    int entries = r.nextInt(5) == 0 ? 40 + r.nextInt(40) : r.nextInt(8);
    for (int k = 0; k < entries; k++) {
      at = r.nextInt(3) == 0 ? pick(r, TIMES) : plus(at, Duration.ofNanos(r.nextInt(4) == 0 ? 0 : r.nextLong() >>> 20));
      Actor actor = switch (r.nextInt(4)) {
        case 0 -> Actor.customer(contact);
        case 1 -> Actor.system("router");
        case 2 -> Actor.agent("agent-" + r.nextInt(50));
        default -> new Actor(ActorType.values()[r.nextInt(ActorType.values().length)], pick(r, TEXTS.subList(0, 5)));
      };
      audit.add(new AuditEntry(at, actor, r.nextBoolean() ? "MESSAGE" : "COMMAND_" + r.nextInt(60),
          r.nextBoolean() ? null : pick(r, STATES), r.nextBoolean() ? null : pick(r, STATES),
          r.nextBoolean() ? null : pick(r, CHANNELS), r.nextBoolean() ? null : pick(r, TEXTS),
          r.nextBoolean() ? null : "cmd-" + r.nextLong()));
    }
    return new Case(CaseId.random(), contact, pick(r, List.of(CaseType.values())), pick(r, CHANNELS), pick(r, TEXTS),
        pick(r, STATES), r.nextBoolean(), pick(r, List.of(Priority.values())), r.nextBoolean() ? null : "2nd-level",
        r.nextBoolean() ? null : pick(r, TEXTS), r.nextInt(3) == 0 ? r.nextInt(Integer.MAX_VALUE) : r.nextInt(3),
        List.copyOf(interactions), tags, audit, opened, r.nextBoolean() ? at : pick(r, TIMES),
        r.nextInt(3) == 0 ? Long.MAX_VALUE : r.nextInt(5));
  }

  private static <T> T pick(Random r, List<T> values) {
    return values.get(r.nextInt(values.size()));
  }

  private static Instant plus(Instant at, Duration d) {
    return at.isAfter(Instant.MAX.minus(d)) ? at : at.plus(d);
  }

  @Test
  void anyCase_decodesToAnEqualRecord_andItsVersionReadsAlone() {
    qt().withExamples(2_000).forAll(longs().all()).checkAssert(seed -> {
      Case c = random(seed);
      byte[] packed = PackedCase.encode(c);
      Case decoded = PackedCase.decode(c.id(), packed);
      assertThat(decoded).isEqualTo(c);
      assertThat(decoded.audit()).containsExactlyElementsOf(c.audit());
      assertThat(decoded.interactions()).containsExactlyElementsOf(c.interactions());
      assertThat(PackedCase.version(packed)).isEqualTo(c.version());
    });
  }

  @Test
  void aDecodedCase_growsLikeAStoredOne() {
    Case c = random(42);
    Case decoded = PackedCase.decode(c.id(), PackedCase.encode(c));
    AuditEntry entry = new AuditEntry(Instant.parse("2026-11-23T09:00:00Z"), Actor.SYSTEM, "NOTE", null, null, null,
        "Rückruf vereinbart", null);

    assertThat(decoded.withAudit(entry)).isEqualTo(c.withAudit(entry));
    assertThat(decoded.withInteraction(InteractionId.of(ChannelId.EMAIL, "<neu@example.de>"), entry))
        .isEqualTo(c.withInteraction(InteractionId.of(ChannelId.EMAIL, "<neu@example.de>"), entry));
  }

  @Test
  void aTypicalTelegramCase_takes149Bytes() {
    Instant at = Instant.parse("2026-11-22T08:15:30.123456Z");
    ContactId contact = ContactId.of("6f1c2a7e-3b7d-4d7c-9a53-0c1f6f9d2b11");
    Interaction first = Interaction.inbound(ChannelId.TELEGRAM, "5000000001:1").thread("5000000001")
        .author("kunde_1", "Kunde").text("Mein Router blinkt rot.").occurredAt(at).build();
    Case c = Case.open(CaseId.random(), contact, first, CaseType.OUTAGE_REPORT, Priority.HIGH, at);
    c = c.withRouting("technik", null, Priority.HIGH, CaseType.OUTAGE_REPORT,
        new AuditEntry(at, Actor.system("router"), "ROUTE", null, null, ChannelId.TELEGRAM, "rule:stoerung", null));
    for (int k = 2; k <= 4; k++) {
      Instant later = at.plusSeconds(60L * k);
      c = c.withInteraction(InteractionId.of(ChannelId.TELEGRAM, "5000000001:" + k),
          new AuditEntry(later, Actor.customer(contact), "MESSAGE", null, null, ChannelId.TELEGRAM,
              first.kindAndVisibility(), null));
    }

    byte[] packed = PackedCase.encode(c);

    assertThat(PackedCase.decode(c.id(), packed)).isEqualTo(c);
    // 7 version, enums, flags, level, state, channel; 17 contact id; 12 thread; 9 queue; 9 opened-at;
    // 33 interaction ids (count, the first in full, then 3 each); 61 audit trail (count, then OPEN 7,
    // ROUTE 20 with its rule note in full, MESSAGE 11 each: 6 of them the time); 1 updated-at
    assertThat(packed).hasSize(149);
  }
}
