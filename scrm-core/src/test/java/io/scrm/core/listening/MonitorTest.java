package io.scrm.core.listening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.strings;

import io.scrm.core.model.ChannelId;
import io.scrm.core.model.Interaction;
import io.scrm.core.model.InteractionKind;
import io.scrm.core.model.Visibility;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

final class MonitorTest {
  private static final Monitor STOERUNG = Monitor.builder("stoerung")
      .terms("Störung", "Ausfall", "Köln Nippes", "#NetzDown").exclude("Störungsstelle", "Werbung").tags("service")
      .build();

  private static Interaction post(String text, Visibility visibility, ChannelId channel) {
    return Interaction.inbound(channel, Integer.toString(text.hashCode())).thread("t").author("a", null).text(text)
        .occurredAt(Instant.parse("2026-11-23T08:00:00Z")).visibility(visibility).kind(InteractionKind.MENTION)
        .build();
  }

  private static Interaction post(String text) {
    return post(text, Visibility.PUBLIC, ChannelId.MASTODON);
  }

  @Test
  void match_accentsBeyondGermanOnes_areRemovedBothWays() {
    Monitor auto = Monitor.builder("auto").terms("Škoda", "Citroën").build();

    assertThat(auto.match(post("Mein Skoda springt nicht an"))).isPresent();
    assertThat(auto.match(post("Der Citroen ist wieder da"))).isPresent();
    assertThat(Monitor.builder("auto").terms("Skoda").build().match(post("Ärger mit dem ŠKODA"))).isPresent();
    assertThat(GermanText.fold("Škoda Citroën Łódź")).isEqualTo("skoda citroen łodz");
  }

  @Test
  void match_umlautAndCaseVariants_matchSameTerm() {
    for (String text : List.of("STÖRUNG schon wieder", "stoerung schon wieder", "#Störung!", "Die störung nervt")) {
      assertThat(STOERUNG.match(post(text))).as(text).hasValueSatisfying(m -> {
        assertThat(m.terms()).containsExactly("Störung");
        assertThat(m.tags()).containsExactly("service");
      });
    }
  }

  @Test
  void match_termInsideLongerWord_doesNotMatch() {
    assertThat(STOERUNG.match(post("Alles störungsfrei heute"))).isEmpty();
    assertThat(STOERUNG.match(post("Ausfallzeit geplant"))).isEmpty();
  }

  @Test
  void match_phrase_needsWordsInARow() {
    assertThat(STOERUNG.match(post("Kein Netz in Köln-Nippes"))).hasValueSatisfying(
        m -> assertThat(m.terms()).containsExactly("Köln Nippes"));
    assertThat(STOERUNG.match(post("Nippes liegt in Köln"))).isEmpty();
  }

  @Test
  void match_exclusion_winsOverTerms() {
    assertThat(STOERUNG.match(post("Störung? Ruft die Störungsstelle an"))).isEmpty();
  }

  @Test
  void match_privateMessage_isNeverMonitored() {
    assertThat(STOERUNG.match(post("Störung!", Visibility.PRIVATE, ChannelId.MASTODON))).isEmpty();
  }

  @Test
  void match_channelFilter_restrictsChannels() {
    Monitor onlyX = Monitor.builder("x-only").terms("Störung").channels(ChannelId.X).build();
    assertThat(onlyX.match(post("Störung", Visibility.PUBLIC, ChannelId.MASTODON))).isEmpty();
    assertThat(onlyX.match(post("Störung", Visibility.PUBLIC, ChannelId.X))).isPresent();
  }

  @Test
  void match_anyText_isDeterministicAndIndependentOfUmlautSpelling() {
    qt().withExamples(500).forAll(strings().allPossible().ofLengthBetween(0, 80)).checkAssert(noise -> {
      String text = noise + " Störung " + noise;
      var once = STOERUNG.match(post(text));
      assertThat(STOERUNG.match(post(text))).isEqualTo(once);
      assertThat(STOERUNG.match(post(text.replace("ö", "oe").replace("Ö", "Oe")))).isEqualTo(once);
    });
  }

  @Test
  void builder_invalidInput_namesField() {
    assertThatThrownBy(() -> Monitor.builder("Marke!")).hasMessageContaining("name must match");
    assertThatThrownBy(() -> Monitor.builder("m").terms("#!")).hasMessageContaining("term must contain a letter");
    assertThatThrownBy(() -> Monitor.builder("m").build()).hasMessageContaining("needs at least one term");
  }

  @Test
  void match_termWrittenInStyledOrFullwidthLetters_matches() {
    // posts use "bold" (beyond the BMP) and fullwidth letters for emphasis
    assertThat(GermanText.words("𝐒𝐓𝐎𝐄𝐑𝐔𝐍𝐆 in Köln")).containsExactly("stoerung", "in", "koeln");
    assertThat(STOERUNG.match(post("𝐒𝐭𝐨𝐞𝐫𝐮𝐧𝐠 schon wieder"))).isPresent();
    assertThat(STOERUNG.match(post("Ｓｔöｒｕｎｇ schon wieder"))).isPresent();
    // a letter beyond the BMP that has no plain form stays a letter of its word
    assertThat(GermanText.words("Netz\uD840\uDC00weg")).containsExactly("netz\uD840\uDC00weg");
  }

  @Test
  void match_symbolsKeepTheirPlace_withOrWithoutAnEmojiInThePost() {
    Monitor brand = Monitor.builder("marke").terms("Vodafone").build();
    assertThat(brand.match(post("Vodafone™ hat schon wieder eine Störung"))).isPresent();
    assertThat(GermanText.words("DSL¹ gekündigt 😡")).containsExactly("dsl", "gekuendigt");
    assertThat(GermanText.words("Wohnung mit 80 m² 👍")).isEqualTo(GermanText.words("Wohnung mit 80 m²"));
  }
}
