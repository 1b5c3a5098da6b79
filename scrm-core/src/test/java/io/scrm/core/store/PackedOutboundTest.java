package io.scrm.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import io.scrm.core.model.Attachment;
import io.scrm.core.model.CaseId;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.ContactId;
import io.scrm.core.model.OutboundId;
import io.scrm.core.model.OutboundMessage;
import io.scrm.core.model.OutboxStatus;
import io.scrm.core.model.Visibility;
import io.scrm.core.store.PackedBytes.In;
import io.scrm.core.store.PackedBytes.Out;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

final class PackedOutboundTest {
  private static final List<ChannelId> CHANNELS = List.of(ChannelId.TELEGRAM, ChannelId.EMAIL, ChannelId.X,
      ChannelId.of("matrix"));
  private static final List<String> TEXTS = List.of("", "Danke für Ihre Nachricht, wir melden uns.",
      "Grüße aus Köln 🏠", "halbes Emoji \uD83D", "Straße ".repeat(40));
  private static final List<Instant> TIMES = List.of(Instant.parse("2026-11-22T08:15:30.123456789Z"), Instant.EPOCH,
      Instant.MAX, Instant.MIN, Instant.parse("2026-11-22T08:15:30Z"));

  /** A random message with every field used now and then, drawn from a seed. */
  static OutboundMessage random(long seed) {
    Random r = new Random(seed);
    OutboundId id = OutboundId.of("o-" + r.nextInt(1000));
    List<Attachment> files = new ArrayList<>();
    for (int k = r.nextInt(3); k > 0; k--) {
      files.add(new Attachment("photo", "https://cdn.example.de/" + r.nextInt(), r.nextBoolean() ? null : "image/png",
          r.nextBoolean() ? null : (long) r.nextInt(Integer.MAX_VALUE), r.nextBoolean() ? null : "Störungskarte"));
    }
    String text = TEXTS.get(r.nextInt(TEXTS.size()));
    Instant created = TIMES.get(r.nextInt(TIMES.size()));
    return new OutboundMessage(id, r.nextBoolean() ? null : CaseId.of("case-" + r.nextInt(99)),
        ContactId.of("kontakt-" + r.nextInt(99)), CHANNELS.get(r.nextInt(CHANNELS.size())),
        r.nextBoolean() ? null : "thread-" + r.nextInt(9), r.nextBoolean() ? null : "5000000001:" + r.nextInt(99),
        Visibility.values()[r.nextInt(Visibility.values().length)], text.isEmpty() && files.isEmpty() ? "Hallo" : text,
        files, r.nextBoolean() ? "service-reply" : "marketing", r.nextBoolean() ? id.value() : "key-" + r.nextInt(),
        OutboxStatus.values()[r.nextInt(OutboxStatus.values().length)], r.nextInt(3) == 0 ? Integer.MAX_VALUE
            : r.nextInt(9), r.nextBoolean() ? null : "p-" + r.nextInt(), r.nextBoolean() ? null : "HTTP 429",
        created, r.nextBoolean() ? created : TIMES.get(r.nextInt(TIMES.size())),
        r.nextInt(3) == 0 ? Long.MAX_VALUE : r.nextInt(5));
  }

  private static byte[] encode(OutboundMessage m) {
    Out out = new Out(Out.INITIAL);
    out.string(m.id().value());
    PackedOutbound.write(m, out);
    return out.toArray();
  }

  @Test
  void anyMessage_decodesToAnEqualRecord_andItsMatchedFieldsReadAlone() {
    qt().withExamples(2_000).forAll(longs().all()).checkAssert(seed -> {
      OutboundMessage m = random(seed);
      byte[] row = encode(m);

      In in = new In(row);
      assertThat(in.string()).isEqualTo(m.id().value());
      assertThat(PackedOutbound.read(m.id(), in)).isEqualTo(m);
      assertThat(in.at).isEqualTo(row.length);

      in = new In(row);
      in.skipString();
      assertThat(PackedOutbound.status(in)).isEqualTo(m.status());

      in = new In(row);
      in.skipString();
      int flags = PackedOutbound.toChannel(in);
      assertThat((flags & PackedOutbound.THREAD) != 0).isEqualTo(m.threadId() != null);
      int channel = in.at;
      assertThat(PackedOutbound.channelEquals(in, m.channel())).isTrue();
      assertThat(in.stringEquals(m.recipient().value())).isTrue();
      in.at = channel;
      PackedOutbound.channelToRecipient(in);
      assertThat(in.string()).isEqualTo(m.recipient().value());
    });
  }

  @Test
  void aRetimedRow_isByteForByteTheEncodingOfTheClaim_withinALargerArray() {
    qt().withExamples(2_000).forAll(longs().all(), longs().between(0, TIMES.size() - 1)).checkAssert((seed, at) -> {
      OutboundMessage m = random(seed);
      OutboundMessage claimed = m.retryAt(TIMES.get(at.intValue())).withVersion(m.version() == Long.MAX_VALUE
          ? 0 : m.version() + 1);
      byte[] row = encode(m);
      // the row between other bytes, as in a chunk: the patch must not read or copy past its end
      byte[] chunk = new byte[row.length + 20];
      Arrays.fill(chunk, (byte) 0x7F);
      System.arraycopy(row, 0, chunk, 9, row.length);
      In in = new In(chunk);
      in.at = 9;
      Out out = new Out(8);
      out.u8(0xAB); // what the buffer held before is overwritten only after clear
      out.clear();

      PackedOutbound.retimed(in, 9 + row.length, out, claimed);

      assertThat(Arrays.copyOf(out.buf, out.size)).isEqualTo(encode(claimed));
      assertThat(in.at).isEqualTo(9 + row.length);
    });
  }

  @Test
  void aTypicalAcknowledgement_takes207Bytes() {
    OutboundMessage ack = OutboundMessage.pending(OutboundId.of("0193a1b2-7c3d-7e4f-8a5b-6c7d8e9f0a1b"),
        CaseId.of("0193a1b2-7c3d-7e4f-8a5b-6c7d8e9f0a1c"), ContactId.of("0193a1b2-7c3d-7e4f-8a5b-6c7d8e9f0a1d"),
        ChannelId.TELEGRAM, "5000000001", "5000000001:1", Visibility.PRIVATE,
        "Danke für Ihre Nachricht, wir melden uns.", "service-reply", Instant.parse("2026-11-22T08:15:30.123456Z"))
        .withVersion(1);
    // the id, case and recipient (37 bytes each with their lengths) are most of it; the idempotency
    // key and next attempt, the same as id and creation time, cost nothing
    assertThat(encode(ack)).hasSize(207);
  }
}
