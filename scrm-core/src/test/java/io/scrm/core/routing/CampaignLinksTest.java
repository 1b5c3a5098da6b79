package io.scrm.core.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.strings;

import io.scrm.core.model.CampaignTouch;
import io.scrm.core.model.ChannelId;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class CampaignLinksTest {
  private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

  @Test
  void fromText_linkWithUtm_readsAllFive() {
    CampaignTouch t = CampaignLinks.fromText("Gesehen bei https://example.de/hausbau?x=1&utm_source=facebook"
        + "&utm_medium=social&utm_campaign=HAUSBAU24&utm_content=video%201&utm_term=bauherr#top – Beratung?",
        ChannelId.FACEBOOK, T0).orElseThrow();
    assertThat(t).isEqualTo(new CampaignTouch("HAUSBAU24", "facebook", "social", "video 1", "bauherr",
        ChannelId.FACEBOOK, T0));
  }

  @Test
  void fromText_linkEndingASentenceOrInBrackets_campaignWithoutThePunctuation() {
    assertThat(CampaignLinks.fromText("Gesehen auf https://example.de/neubau?utm_source=facebook"
        + "&utm_campaign=hausbau24.", ChannelId.X, T0).map(CampaignTouch::campaign)).contains("hausbau24");
    assertThat(CampaignLinks.fromText("Wir bauen (https://example.de/neubau?utm_campaign=hausbau24), bitte melden!",
        ChannelId.X, T0).map(CampaignTouch::campaign)).contains("hausbau24");
    assertThat(CampaignLinks.fromText("Siehe [https://example.de/?utm_campaign=messe26]!?", ChannelId.X, T0)
        .map(CampaignTouch::campaign)).contains("messe26");
    // a bracket the link opens is its own
    assertThat(CampaignLinks.fromText("https://example.de/aktion_(2026)?utm_campaign=(sommer)", ChannelId.X, T0)
        .map(CampaignTouch::campaign)).contains("(sommer)");
  }

  @Test
  void fromText_linkInTypographicQuotesOrBeforeANoBreakSpace_campaignWithoutThem() {
    for (String text : new String[] {
        "Gesehen: \u201Ehttps://example.de/neubau?utm_source=facebook&utm_campaign=hausbau24\u201C \u2013 bitte melden",
        "Gesehen: \u00BBhttps://example.de/neubau?utm_source=facebook&utm_campaign=hausbau24\u00AB \u2013 bitte melden",
        "Gesehen: \u201Ahttps://example.de/neubau?utm_campaign=hausbau24\u2018 \u2013 bitte melden",
        "Gesehen auf https://example.de/neubau?utm_source=facebook&utm_campaign=hausbau24\u2026 bitte melden",
        "Gesehen auf https://example.de/neubau?utm_source=facebook&utm_campaign=hausbau24\u00A0\u2013 bitte melden"}) {
      assertThat(CampaignLinks.fromText(text, ChannelId.FACEBOOK, T0).map(CampaignTouch::campaign)).as(text)
          .contains("hausbau24");
    }
  }

  @Test
  void fromParameters_longValue_cutBeforeACharacterItWouldSplit() {
    String campaign = "a".repeat(199) + "\uD83D\uDC4D";
    assertThat(CampaignLinks.fromParameters(Map.of("utm_campaign", campaign), null, T0).map(CampaignTouch::campaign))
        .contains("a".repeat(199));
    assertThat(CampaignLinks.fromParameters(Map.of("utm_campaign", "b".repeat(250)), null, T0)
        .map(CampaignTouch::campaign)).contains("b".repeat(200));
  }

  @Test
  void fromText_percentSignThatEncodesNothing_restOfTheValueDecoded() {
    assertThat(CampaignLinks.fromText("https://example.de/?utm_campaign=50%25+Rabatt%", null, T0)
        .map(CampaignTouch::campaign)).contains("50% Rabatt%");
    assertThat(CampaignLinks.fromText("https://example.de/?utm_source=facebook&utm_campaign=Sommer%20Aktion%2", null,
        T0).map(CampaignTouch::campaign)).contains("Sommer Aktion%2");
    assertThat(CampaignLinks.fromText("https://example.de/?utm_campaign=100%ig+K%C3%B6ln%21", null, T0)
        .map(CampaignTouch::campaign)).contains("100%ig Köln!");
    assertThat(CampaignLinks.fromText("https://example.de/?utm_campaign=a%٣٤b", null, T0)
        .map(CampaignTouch::campaign)).contains("a%٣٤b");
  }

  @Test
  void fromText_repeatedParameter_firstValueThatIsNotBlank() {
    assertThat(CampaignLinks.fromText("https://example.de/?utm_campaign=&utm_campaign=sommer", null, T0)
        .map(CampaignTouch::campaign)).contains("sommer");
    assertThat(CampaignLinks.fromText("https://example.de/?utm_campaign=+&utm_source=fb&utm_campaign=sommer", null,
        T0).map(CampaignTouch::campaign)).contains("sommer");
    assertThat(CampaignLinks.fromText("https://example.de/?utm_campaign=winter&utm_campaign=sommer", null, T0)
        .map(CampaignTouch::campaign)).contains("winter");
  }

  @Test
  void fromParameters_longValueCutAtASpace_endsWithoutIt() {
    assertThat(CampaignLinks.fromParameters(Map.of("utm_campaign", "a".repeat(199) + " " + "b".repeat(20)), null, T0)
        .map(CampaignTouch::campaign)).contains("a".repeat(199));
  }

  @Test
  void utmNamesInCapitals_readAsInLowerCase_valuesKeepTheirCase() {
    assertThat(CampaignLinks.fromText("Gesehen bei https://example.de/?UTM_SOURCE=Facebook&Utm_Medium=Social"
        + "&UTM_Campaign=HausBau24", ChannelId.FACEBOOK, T0)).contains(new CampaignTouch("HausBau24", "Facebook",
        "Social", null, null, ChannelId.FACEBOOK, T0));
    assertThat(CampaignLinks.fromParameters(Map.of("UTM_CAMPAIGN", "Messe26", "Utm_Term", "Bauherr"), null, T0))
        .contains(new CampaignTouch("Messe26", null, null, null, "Bauherr", null, T0));
    assertThat(CampaignLinks.fromParameters(Map.of("utm_campaign", "exact", "UTM_CAMPAIGN", "other"), null, T0)
        .map(CampaignTouch::campaign)).contains("exact");
  }

  @Test
  void fromText_linkWithoutScheme_readsItsCampaign() {
    assertThat(CampaignLinks.fromText("Gesehen auf www.example.de/neubau?utm_source=facebook&utm_campaign=hausbau24 "
        + "– bitte melden", ChannelId.X, T0)).contains(new CampaignTouch("hausbau24", "facebook", null, null, null,
        ChannelId.X, T0));
    assertThat(CampaignLinks.fromText("Siehe example.de/neubau?utm_campaign=hausbau24.", ChannelId.X, T0)
        .map(CampaignTouch::campaign)).contains("hausbau24");
    assertThat(CampaignLinks.fromText("(shop.example.de?utm_campaign=messe26)", ChannelId.X, T0)
        .map(CampaignTouch::campaign)).contains("messe26");
  }

  @Test
  void fromText_longWordsAndDottedNames_answerQuickly() {
    String text = "utm_campaign " + "a".repeat(50_000) + " " + "b.".repeat(25_000) + " " + "c-".repeat(25_000);
    long start = System.nanoTime();
    assertThat(CampaignLinks.fromText(text, null, T0)).isEmpty();
    assertThat(System.nanoTime() - start).isLessThan(2_000_000_000L);
  }

  @Test
  void fromText_valueOfInvisibleCharactersOnly_countsAsAbsent_andTheirEdgesAreDropped() {
    assertThat(CampaignLinks.fromText("https://example.de/?utm_campaign=%C2%A0&utm_source=facebook", null, T0))
        .contains(new CampaignTouch(null, "facebook", null, null, null, null, T0));
    assertThat(CampaignLinks.fromText("https://example.de/?utm_campaign=%E2%80%8B%E2%80%AF", null, T0)).isEmpty();
    assertThat(CampaignLinks.fromText("https://example.de/?utm_campaign=%E2%80%8Bsommer%C2%A0aktion%C2%A0", null, T0)
        .map(CampaignTouch::campaign)).contains("sommer\u00A0aktion");
  }

  @Test
  void percentEncodedNullCharacter_readAsTheReplacementCharacter_asEveryStoreKeepsIt() {
    assertThat(CampaignLinks.fromText("https://example.de/?utm_campaign=haus%00bau&utm_term=a%00", null, T0))
        .contains(new CampaignTouch("haus\uFFFDbau", null, null, null, "a\uFFFD", null, T0));
    assertThat(CampaignLinks.fromParameters(Map.of("utm_source", "x\u0000y"), null, T0).map(CampaignTouch::source))
        .contains("x\uFFFDy");
  }

  @Test
  void fromText_noUtm_empty() {
    assertThat(CampaignLinks.fromText("https://example.de/?a=b und utm_ ohne Link", null, T0)).isEmpty();
  }

  @Test
  void fromParameters_landingPage_usesCampaignCodeWithoutUtmCampaign() {
    assertThat(CampaignLinks.fromParameters(Map.of("campaign", "MESSE26", "utm_medium", "print"), null, T0))
        .contains(new CampaignTouch("MESSE26", null, "print", null, null, null, T0));
    assertThat(CampaignLinks.fromParameters(Map.of("utm_medium", "print"), null, T0)).isEmpty();
  }

  @Test
  void fromText_arbitraryText_neverThrows() {
    qt().withExamples(500).forAll(strings().allPossible().ofLengthBetween(0, 120)).checkAssert(noise ->
        CampaignLinks.fromText("https://a.de/?utm_source=" + noise + " " + noise, null, T0));
  }
}
