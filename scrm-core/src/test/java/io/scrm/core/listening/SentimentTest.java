package io.scrm.core.listening;

import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;

import io.scrm.core.listening.Sentiment.Polarity;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class SentimentTest {
  private final SentimentClassifier lexicon = SentimentClassifier.germanLexicon();

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "Seit heute früh kein Internet in Nippes!                | NEGATIVE",
      "Schon wieder eine Störung, echt ärgerlich 😡             | NEGATIVE",
      "Ich bin total enttäuscht vom Kundenservice               | NEGATIVE",
      "Nicht zufrieden mit der Lieferung                        | NEGATIVE",
      "Der Router ist immer noch nicht erreichbar               | NEGATIVE",
      "Danke, das ging super schnell!                           | POSITIVE",
      "Sehr freundlich und hilfreich, vielen Dank 👍            | POSITIVE",
      "Gar nicht schlecht, der neue Tarif                       | POSITIVE",
      "Wir bauen ein Haus und suchen einen Berater              | NEUTRAL",
      "Kein Problem, vielen Dank!                               | POSITIVE",
      "Keine Störung mehr, danke!                               | POSITIVE",
      "Wann kommt der Techniker?                                | NEUTRAL"})
  void classify_germanExamples(String text, Polarity expected) {
    assertThat(lexicon.classify(text).polarity()).as(text).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"Die Störung ist ärgerlich | stoerung", "Das ist nicht gut | nicht gut"})
  void classify_evidenceNamesTheDecidingWords(String text, String evidence) {
    assertThat(lexicon.classify(text).evidence()).contains(evidence);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "Das Internet funktioniert nicht               | NEGATIVE",
      "Der Router funktioniert seit Tagen nicht mehr | NEGATIVE",
      "Mein WLAN geht schon wieder nicht             | NEGATIVE",
      "Das Internet geht nicht                       | NEGATIVE",
      "Telefon geht nicht                            | NEGATIVE",
      "Es funktioniert nicht schlecht                | POSITIVE",
      "Funktioniert super, nicht wahr                | POSITIVE",
      "Das Internet funktioniert ohne Probleme       | POSITIVE",
      "Der Router funktioniert ohne Abbrüche         | POSITIVE"})
  void classify_nichtAfterTheVerb_negatesTheVerb(String text, Polarity expected) {
    assertThat(lexicon.classify(text.strip()).polarity()).as(text).isEqualTo(expected);
  }

  @Test
  void classify_lineBreakOrDash_endsAClauseLikeAComma() {
    assertThat(lexicon.classify("Kein Problem\nvielen Dank").polarity()).isEqualTo(Polarity.POSITIVE);
    assertThat(lexicon.classify("Kein Problem – vielen Dank").polarity()).isEqualTo(Polarity.POSITIVE);
    // a hyphen between spaces is the dash most people type
    assertThat(lexicon.classify("Kein Problem - vielen Dank!").polarity()).isEqualTo(Polarity.POSITIVE);
    // a hyphen joins words, it ends no clause
    assertThat(lexicon.classify("Kein Köln-Nippes-Netz").polarity()).isEqualTo(Polarity.NEGATIVE);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "Kein guter Service                      | NEGATIVE",
      "Schlechter Service, wie immer           | NEGATIVE",
      "Wieder eine kaputte Leitung             | NEGATIVE",
      "Gute Beratung, freundliches Team        | POSITIVE",
      "Ein sehr hilfreicher Techniker          | POSITIVE",
      "Guten Tag, wann kommt der Techniker?    | NEUTRAL",
      "Guten Morgen, wir suchen einen Berater  | NEUTRAL"})
  void classify_declinedAdjectives_countAsTheirBareForm(String text, Polarity expected) {
    assertThat(lexicon.classify(text.strip()).polarity()).as(text).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "Sehr unzufrieden mit dem Service          | NEGATIVE",
      "Unfreundlicher Mitarbeiter an der Hotline | NEGATIVE",
      "Die Beratung war unfreundlich             | NEGATIVE",
      "Unten links steht die Kundennummer        | NEUTRAL",
      "Und schnell war es auch                   | POSITIVE"})
  void classify_unBeforeAPositiveAdjective_isItsOpposite(String text, Polarity expected) {
    assertThat(lexicon.classify(text.strip()).polarity()).as(text).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "Stromausfall seit drei Stunden     | NEGATIVE",
      "Totalausfall in Köln-Nippes        | NEGATIVE",
      "Internetstörung in Nippes          | NEGATIVE",
      "Störungen in ganz Köln             | NEGATIVE",
      "Ständige Ausfälle beim Streaming   | NEGATIVE",
      "Meine Kundenbeschwerde vom Montag  | NEGATIVE",
      "Tarifabzocken überall             | NEGATIVE",
      "Die Störungsstelle hat angerufen   | NEUTRAL",
      "Die Entstörung ist für Montag geplant | NEUTRAL",
      "Danke für die schnelle Entstörung  | POSITIVE"})
  void classify_compoundOrPluralOfANegativeNoun_countsAsTheNoun(String text, Polarity expected) {
    assertThat(lexicon.classify(text.strip()).polarity()).as(text).isEqualTo(expected);
  }
}
