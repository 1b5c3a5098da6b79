package io.scrm.channels.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The integer check for Telegram ids against the pattern it replaces. */
final class TelegramIdsTest {
  private static final Pattern INTEGER = Pattern.compile("-?[0-9]{1,30}");
  private static final String ALPHABET = "-0123456789 a+";

  @Test
  void isInteger_anyText_agreesWithThePattern() {
    // texts over a small alphabet, so that digits, signs and lengths around 30 all come up often
    qt().withExamples(5000)
        .forAll(lists().of(integers().between(0, ALPHABET.length() - 1)).ofSizeBetween(0, 34))
        .checkAssert(picks -> {
          StringBuilder text = new StringBuilder();
          picks.forEach(i -> text.append(ALPHABET.charAt(i)));
          String value = text.toString();
          assertThat(TelegramAdapter.isInteger(value)).as(value).isEqualTo(INTEGER.matcher(value).matches());
        });
  }

  @Test
  void isInteger_edges() {
    assertThat(TelegramAdapter.isInteger("0")).isTrue();
    assertThat(TelegramAdapter.isInteger("-1001234567890")).isTrue();
    assertThat(TelegramAdapter.isInteger("1".repeat(30))).isTrue();
    assertThat(TelegramAdapter.isInteger("1".repeat(31))).isFalse();
    assertThat(TelegramAdapter.isInteger("-")).isFalse();
    assertThat(TelegramAdapter.isInteger("")).isFalse();
    assertThat(TelegramAdapter.isInteger("--1")).isFalse();
    assertThat(TelegramAdapter.isInteger("+1")).isFalse();
    assertThat(TelegramAdapter.isInteger("١٢")).isFalse(); // Arabic-Indic digits are not ASCII digits
  }
}
