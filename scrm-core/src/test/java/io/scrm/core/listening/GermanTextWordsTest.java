package io.scrm.core.listening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.strings;

import org.junit.jupiter.api.Test;

/** The one-pass split of ASCII text gives the words the folding split gives. */
final class GermanTextWordsTest {

  @Test
  void asciiWords_anyAsciiText_equalsTheWordsOfTheFoldedText() {
    qt().withExamples(2_000).forAll(strings().ascii().ofLengthBetween(0, 60))
        .checkAssert(text -> assertThat(GermanText.asciiWords(text))
            .isEqualTo(GermanText.wordsOfFolded(GermanText.fold(text))));
  }

  @Test
  void words_asciiAndOtherText_splitAndFold() {
    assertThat(GermanText.words("Mein DSL-Anschluss in 50667 ist TOT!!"))
        .containsExactly("mein", "dsl", "anschluss", "in", "50667", "ist", "tot");
    assertThat(GermanText.asciiWords("Störung")).isNull();
    assertThat(GermanText.words("#Störung in Köln-Nippes")).containsExactly("stoerung", "in", "koeln", "nippes");
    assertThat(GermanText.words("")).isEmpty();
  }

  @Test
  void words_invisibleHyphensAndJoiners_keepTheWordWhole() {
    // a soft hyphen (pasted from web pages) or a zero-width character is not a break between words
    for (String hidden : new String[] {"\u00AD", "\u200B", "\u200C", "\u200D", "\u2060", "\uFEFF"}) {
      assertThat(GermanText.words("Stö" + hidden + "rung in Nip" + hidden + "pes")).as("U+%04X", (int) hidden.charAt(0))
          .containsExactly("stoerung", "in", "nippes");
    }
    assertThat(GermanText.fold("Stoe\u00ADrung")).isEqualTo("stoerung");
  }
}
