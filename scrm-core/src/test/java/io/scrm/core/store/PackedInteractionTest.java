package io.scrm.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import io.scrm.core.model.Attachment;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.Direction;
import io.scrm.core.model.Interaction;
import io.scrm.core.model.InteractionKind;
import io.scrm.core.model.Revision;
import io.scrm.core.model.Visibility;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

final class PackedInteractionTest {
  private static final List<ChannelId> CHANNELS = List.of(ChannelId.TELEGRAM, ChannelId.MASTODON, ChannelId.EMAIL,
      ChannelId.X, ChannelId.of("matrix"), ChannelId.of("whatsapp-business"));
  private static final List<String> TEXTS = List.of("", "Hallo, mein Router blinkt rot.", "Grüße aus Köln 🏠",
      "x".repeat(63), "y".repeat(64), "Straße ".repeat(40), "halbes Emoji \uD83D", "\uDE00 am Anfang",
      "\u0000 und Steuerzeichen \t\n", "😀".repeat(100));
  private static final List<Instant> TIMES = List.of(Instant.parse("2026-11-22T08:15:30.123456789Z"), Instant.EPOCH,
      Instant.ofEpochSecond(-86_400L * 365 * 300, 7), Instant.MAX, Instant.MIN, Instant.parse("2026-11-22T08:15:30Z"));

  /** An interaction's bytes, encoded into a fresh buffer. */
  static byte[] encode(Interaction interaction) {
    return PackedInteraction.encode(interaction, new PackedBytes.Out(PackedBytes.Out.INITIAL));
  }

  /** A random interaction with every field used now and then, drawn from a seed. */
  static Interaction random(long seed) {
    Random r = new Random(seed);
    ChannelId channel = CHANNELS.get(r.nextInt(CHANNELS.size()));
    String externalId = r.nextBoolean() ? "5000000001:" + r.nextInt(1000) : "<" + r.nextInt() + "@mail.example.de>";
    Interaction.Builder b = (r.nextBoolean() ? Interaction.inbound(channel, externalId)
        : Interaction.outbound(channel, externalId))
        .thread(r.nextBoolean() ? "5000000001" : TEXTS.get(1 + r.nextInt(TEXTS.size() - 1)))
        .author(r.nextBoolean() ? "kunde_4711" : "jürgen@example.de", r.nextBoolean() ? null : "Jürgen \uD83D")
        .text(TEXTS.get(r.nextInt(TEXTS.size())))
        .occurredAt(TIMES.get(r.nextInt(TIMES.size())))
        .direction(Direction.values()[r.nextInt(Direction.values().length)])
        .visibility(Visibility.values()[r.nextInt(Visibility.values().length)])
        .kind(InteractionKind.values()[r.nextInt(InteractionKind.values().length)])
        .inReplyTo(r.nextBoolean() ? null : "5000000001:" + r.nextInt(1000))
        .campaignCode(r.nextBoolean() ? null : "FRUEHJAHR26")
        .edited(r.nextBoolean())
        .language(r.nextBoolean() ? null : "de-DE")
        .version(r.nextInt(3) == 0 ? Long.MAX_VALUE : r.nextInt(5))
        .deletedAt(r.nextInt(4) == 0 ? TIMES.get(r.nextInt(TIMES.size())) : null);
    for (int k = r.nextInt(3); k > 0; k--) {
      b.addTag(k == 1 ? "beschwerde" : "vertrieb-" + r.nextInt(9));
    }
    for (int k = r.nextInt(3); k > 0; k--) {
      b.addAttachment(new Attachment("photo", "file-" + r.nextInt(), r.nextBoolean() ? null : "image/jpeg",
          r.nextBoolean() ? null : (long) r.nextInt(Integer.MAX_VALUE) * r.nextInt(4),
          r.nextBoolean() ? null : "Foto des Zählers, Stand " + r.nextInt(99_999) + " kWh"));
    }
    for (int k = r.nextInt(3); k > 0; k--) {
      b.addRevision(new Revision(TEXTS.get(r.nextInt(TEXTS.size())), TIMES.get(r.nextInt(TIMES.size()))));
    }
    return b.build();
  }

  @Test
  void anyInteraction_decodesToAnEqualRecord_andItsVersionReadsAlone() {
    qt().withExamples(2_000).forAll(longs().all()).checkAssert(seed -> {
      Interaction interaction = random(seed);
      byte[] packed = encode(interaction);
      assertThat(PackedInteraction.decode(interaction.id(), packed)).isEqualTo(interaction);
    });
  }

  @Test
  void aTypicalTelegramMessage_takes83Bytes() {
    Interaction message = Interaction.inbound(ChannelId.TELEGRAM, "5000000001:17").thread("5000000001")
        .author("kunde_17", "Kunde").text("Mein Router blinkt seit heute Morgen rot.")
        .occurredAt(Instant.parse("2026-11-22T08:15:30Z")).version(1).build();

    // 1 version, 1 channel, 3 enums, 1 flags, 11 thread, 9 handle, 6 name, 42 text, 9 time
    assertThat(encode(message)).hasSize(83);
  }
}
