package io.scrm.channels.x;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.scrm.channels.Channels;
import io.scrm.core.SendRefusedException;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.ContactId;
import io.scrm.core.model.OutboundId;
import io.scrm.core.model.OutboundMessage;
import io.scrm.core.model.Visibility;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
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
  void aLinkWithoutProtocol_countsTwentyThree_whenItsDomainEndsWithAKnownTopLevelDomain() {
    assertThat(WeightedLength.of("Siehe www.glasfaser-nord.de/stoerungen/husum-2026-03-14.")).isEqualTo(6 + 23 + 1);
    assertThat(WeightedLength.of("glasfaser-nord.com")).isEqualTo(23);
    assertThat(WeightedLength.of("Tarife: GLASFASER-NORD.Online/tarife?plz=25813&x=1!")).isEqualTo(8 + 23 + 1);
    assertThat(WeightedLength.of("foo.co.jp und www.foo.co.uk")).isEqualTo(23 + 5 + 23);
    assertThat(WeightedLength.of("t.co/abcde bit.ly/abcde")).isEqualTo(23 + 1 + 23);
    assertThat(WeightedLength.of("shop.example.de:8443/konto")).isEqualTo(23);
    assertThat(WeightedLength.of("(portal.stadtwerke-husum.de)")).isEqualTo(1 + 23 + 1);
    // CJK text around it ends it, as a space does
    assertThat(WeightedLength.of("twitter.comこれ")).isEqualTo(23 + 4);
    assertThat(WeightedLength.of("müller-glasfaser.berlin")).isEqualTo(23);
    assertThat(WeightedLength.of("example.xn--p1ai")).isEqualTo(23);
  }

  @Test
  void aNameAndACountryCodeAlone_isNoLinkWithoutAPath_exceptUnderCoAndTv() {
    assertThat(WeightedLength.of("glasfaser-nord.de")).isEqualTo(17);
    assertThat(WeightedLength.of("bit.ly")).isEqualTo(6);
    assertThat(WeightedLength.of("glasfaser-nord.de?x=1")).isEqualTo(21);
    assertThat(WeightedLength.of("glasfaser-nord.de/")).isEqualTo(23);
    assertThat(WeightedLength.of("t.co")).isEqualTo(23);
    assertThat(WeightedLength.of("sender.tv")).isEqualTo(23);
  }

  @Test
  void whatOnlyLooksLikeADomain_countsByItsCharacters() {
    // an e-mail address, a handle, a hashtag, a cashtag
    assertThat(WeightedLength.of("kundenservice@glasfaser-nord.com")).isEqualTo(32);
    assertThat(WeightedLength.of("@glasfaser.com #glasfaser.com $glasfaser.com")).isEqualTo(44);
    // unknown top-level domains, a top-level domain that goes on, German abbreviations
    assertThat(WeightedLength.of("foo.baz foo.comm foo.govedu z.B. d.h. u.a. Nr.5")).isEqualTo(47);
    // one label only, a label that starts or ends with a hyphen, an underscore in the name
    assertThat(WeightedLength.of("com -foo.com foo-.com foo_bar.com")).isEqualTo(33);
    // after a slash, dot, hyphen or underscore, and before an @ or +
    assertThat(WeightedLength.of("a/foo.com a.-foo.com _foo.com foo.com@x foo.com+")).isEqualTo(48);
  }

  @Test
  void aDomainThatGoesOnWithAnUnknownLabel_isALinkUpToItsLastKnownTopLevelDomain() {
    // "foo.com" is the link; ".baz" is text
    assertThat(WeightedLength.of("foo.com.baz")).isEqualTo(23 + 4);
    assertThat(WeightedLength.of("Besuchen Sie glasfaser-nord.com.")).isEqualTo(13 + 23 + 1);
  }

  @Test
  void linksWithAndWithoutProtocolInOnePost_countTwentyThreeEach() {
    assertThat(WeightedLength.of("https://a.de/x www.b.de http://c.de")).isEqualTo(23 + 1 + 23 + 1 + 23);
    // the domain of a link with a protocol is not counted twice
    assertThat(WeightedLength.of("https://www.glasfaser-nord.de")).isEqualTo(23);
  }

  @Test
  void anyText_countsALinkAddedAfterASpaceAsTwentyThree_andTheTextAsBefore() {
    // pieces that make and break domains, links and words
    List<String> pieces = List.of("a", "Z", "7", ".", "-", "_", "/", "?", ":", "@", "#", "+", "(", ")", "é", "日", "🙄",
        " ", "com", "de", "co", "xn--p1ai", "www.", "http://", "https://", "ü");
    qt().withExamples(4000).forAll(lists().of(integers().between(0, pieces.size() - 1)).ofSizeBetween(0, 16))
        .checkAssert(indexes -> {
          StringBuilder text = new StringBuilder();
          indexes.forEach(i -> text.append(pieces.get(i)));
          int alone = WeightedLength.of(text.toString());
          assertThat(WeightedLength.of(text + " www.glasfaser-nord.de/x")).isEqualTo(alone + 1 + 23);
          assertThat(WeightedLength.of(text + " glasfaser-nord.de")).isEqualTo(alone + 1 + 17);
        });
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

  /**
   * A link runs over the characters twitter-text takes for a URL's path (ASCII URL characters, Latin
   * letters with accents, Cyrillic, brackets): a guillemet or Thai after it is text again.
   */
  @Test
  void aLinkEndsAtACharacterNoUrlHolds() {
    assertThat(WeightedLength.of("\u00ABhttps://glasfaser-nord.ch/stoerung\u00BB")).isEqualTo(1 + 23 + 1);
    assertThat(WeightedLength.of("https://t.co/abc\u0E02\u0E2D\u0E1A\u0E04\u0E38\u0E13")).isEqualTo(23 + 6);
    assertThat(WeightedLength.of("www.glasfaser-nord.de/x\u0E02\u0E2D\u0E1A\u0E04\u0E38\u0E13")).isEqualTo(23 + 6);
    assertThat(WeightedLength.of("https://de.wikipedia.org/wiki/Stra\u00DFe_(Begriffskl\u00E4rung)")).isEqualTo(23);
    assertThat(WeightedLength.of("https://ru.example.com/\u043F\u043E\u043C\u043E\u0449\u044C")).isEqualTo(23);
  }

  /** A host without a known top-level domain (a router's address) is no link: X counts it as it is. */
  @Test
  void aProtocolBeforeAHostWithoutTopLevelDomainIsText() {
    String router = "http://192.168.178.1/#/internet/internet_settings";
    assertThat(WeightedLength.of(router)).isEqualTo(router.length());
    assertThat(WeightedLength.of("Bitte " + router + " und https://fritz.box.de/x"))
        .isEqualTo(6 + router.length() + 5 + 23);
  }
}
