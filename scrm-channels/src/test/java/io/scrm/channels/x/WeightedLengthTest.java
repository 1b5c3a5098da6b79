package io.scrm.channels.x;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scrm.channels.Channels;
import io.scrm.core.SendRefusedException;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.ContactId;
import io.scrm.core.model.OutboundId;
import io.scrm.core.model.OutboundMessage;
import io.scrm.core.model.Visibility;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** X counts a post's length by weight, not by chars: the send check must refuse what X refuses. */
final class WeightedLengthTest {

  @Test
  void latinAndGermanCharactersCountOne_cjkAndEmojiCountTwo() {
    assertThat(WeightedLength.of("Störung in Büsum – seit 8 Uhr.")).isEqualTo(30);
    assertThat(WeightedLength.of("了")).isEqualTo(2);
    assertThat(WeightedLength.of("了".repeat(140))).isEqualTo(280);
    assertThat(WeightedLength.of("🙄")).isEqualTo(2);
    // combining marks are composed first (NFC): "u" + U+0308 is one "ü"
    assertThat(WeightedLength.of("Bu\u0308sum")).isEqualTo(5);
  }

  @Test
  void emojiSequencesCountTwoInAll() {
    assertThat(WeightedLength.of("👨‍👩‍👧")).isEqualTo(2); // joined by zero-width joiners
    assertThat(WeightedLength.of("👍🏽")).isEqualTo(2); // with a skin tone
    assertThat(WeightedLength.of("❤️")).isEqualTo(2); // with a variation selector
    assertThat(WeightedLength.of("🇩🇪🇦🇹")).isEqualTo(4); // two flags
    assertThat(WeightedLength.of("a\u200Db")).isEqualTo(3); // a joiner outside an emoji is a character
    assertThat(WeightedLength.of("\u2764\uFE0F\u200D\uD83D\uDD25")).isEqualTo(2); // heart on fire: selector, then joiner
    assertThat(WeightedLength.of("🏳️‍🌈")).isEqualTo(2);
    assertThat(WeightedLength.of("1\uFE0F\u20E3")).isEqualTo(2); // a keycap
  }

  @Test
  void aLinkEndsWhereURLCharactersEnd() {
    assertThat(WeightedLength.of("https://t.co/abc" + "日".repeat(130))).isEqualTo(23 + 260);
    assertThat(WeightedLength.of("Siehe https://t.co/abc.")).isEqualTo(6 + 23 + 1);
    assertThat(WeightedLength.of("(https://t.co/abc)")).isEqualTo(1 + 23 + 1);
  }

  @Test
  void aLinkCountsTwentyThreeHoweverLong() {
    String link = "https://www.glasfaser-nord.de/stoerungen/husum-2026-03-14?ref=x&utm_source=social";
    assertThat(WeightedLength.of("Info: " + link)).isEqualTo(6 + 23);
    assertThat(WeightedLength.of("http://a.de und " + link)).isEqualTo(23 + 5 + 23);
  }

  @Test
  void sendCheck_refusesAPostOverTheWeightedLimit_andAcceptsOneAtIt() {
    XAdapter x = XAdapter.builder().baseUrl("http://127.0.0.1:9").userId("1").accessToken("t").build();
    try (Channels channels = Channels.of(x)) {
      var check = channels.sendCheck(Clock.systemUTC());

      check.check(reply("了".repeat(140)), null);
      check.check(reply("a".repeat(256) + " https://www.glasfaser-nord.de/stoerungen/husum-2026-03-14"), null);
      assertThatThrownBy(() -> check.check(reply("了".repeat(141)), null))
          .isInstanceOf(SendRefusedException.class).hasMessageContaining("text of 282 characters exceeds the limit of 280");
      // 200 UTF-16 code units only, but 400 by X's count
      assertThatThrownBy(() -> check.check(reply("了".repeat(200)), null)).isInstanceOf(SendRefusedException.class);
    }
  }

  private static OutboundMessage reply(String text) {
    return OutboundMessage.pending(OutboundId.of("o-1"), null, ContactId.of("c-1"), ChannelId.X, "1900447829118746625",
        "1900447829118746625", Visibility.PUBLIC, text, "service-reply", Instant.EPOCH);
  }

  @Test
  void linksWithBracketsAndNonAsciiPathsOrDomains_areOneLink_andSignsAreTextWithoutEmojiStyle() {
    assertThat(WeightedLength.of("https://en.wikipedia.org/wiki/Husum_(Nordsee)")).isEqualTo(23);
    assertThat(WeightedLength.of("https://de.wikipedia.org/wiki/Straße")).isEqualTo(23);
    assertThat(WeightedLength.of("https://ru.wikipedia.org/wiki/Москва")).isEqualTo(23);
    assertThat(WeightedLength.of("https://äpfel.de")).isEqualTo(23);
    assertThat(WeightedLength.of("© Glasfaser Nord")).isEqualTo(16);
    assertThat(WeightedLength.of("©\uFE0F")).isEqualTo(2);
  }
}
