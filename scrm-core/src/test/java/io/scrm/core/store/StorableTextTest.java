package io.scrm.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

final class StorableTextTest {

  @Test
  void findsTheFirstNulOrLoneSurrogateAndPassesWholePairs() {
    assertThat(StorableText.firstUnstorable("Gr\u00FC\u00DFe \uD83D\uDC4B")).isEqualTo(-1);
    assertThat(StorableText.firstUnstorable("a\uD83D\uDC4Bb\u0000")).isEqualTo(4);
    assertThat(StorableText.firstUnstorable("\uDC00\uD800")).isZero();
    assertThat(StorableText.firstUnstorable("ok\uD800")).isEqualTo(2);
  }

  @Test
  void replacesEachByTheReplacementCharacterAndKeepsAStorableStringAsItIs() {
    String whole = "Paket \uD83D\uDCE6 fehlt";
    assertThat(StorableText.storable(whole)).isSameAs(whole);
    assertThat(StorableText.storable("\uD83D\uDCE6\u0000\uDE00x\uD83D")).isEqualTo("\uD83D\uDCE6\uFFFD\uFFFDx\uFFFD");
  }

  @Test
  void compareByCodePoint_anyTexts_ordersAsTheirCodePointsAndUtf8Bytes() {
    org.quicktheories.QuickTheory.qt().withExamples(3_000)
        .forAll(org.quicktheories.generators.SourceDSL.strings().allPossible().ofLengthBetween(0, 8),
            org.quicktheories.generators.SourceDSL.strings().allPossible().ofLengthBetween(0, 8))
        .checkAssert((a, b) -> {
          String x = StorableText.storable(a);
          String y = StorableText.storable(b);
          int expected = java.util.Arrays.compare(x.codePoints().toArray(), y.codePoints().toArray());
          assertThat(Integer.signum(StorableText.compareByCodePoint(x, y))).as("%s against %s", x, y)
              .isEqualTo(Integer.signum(expected));
          assertThat(Integer.signum(java.util.Arrays.compareUnsigned(x.getBytes(java.nio.charset.StandardCharsets.UTF_8),
              y.getBytes(java.nio.charset.StandardCharsets.UTF_8)))).isEqualTo(Integer.signum(expected));
        });
    assertThat(StorableText.compareByCodePoint("\uFF21", "\uD83D\uDE00")).isNegative();
    assertThat("\uFF21".compareTo("\uD83D\uDE00")).as("where String#compareTo differs").isPositive();
  }
}
