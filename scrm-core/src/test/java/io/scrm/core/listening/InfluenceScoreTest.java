package io.scrm.core.listening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.Map;
import org.junit.jupiter.api.Test;

final class InfluenceScoreTest {

  @Test
  void of_documentedExamples() {
    assertThat(InfluenceScore.of(Map.of())).isZero();
    assertThat(InfluenceScore.of(Map.of("followers", 999L))).isCloseTo(30.0, within(0.01));
    assertThat(InfluenceScore.of(Map.of("followers", 999_999L))).isCloseTo(60.0, within(0.01));
    assertThat(InfluenceScore.of(Map.of("reposts", 45L, "posts", 10L))).isCloseTo(10 * Math.log10(10), within(0.01));
  }

  @Test
  void of_anySignals_staysWithinZeroToHundredAndGrowsWithFollowers() {
    qt().forAll(longs().between(0, Long.MAX_VALUE / 4), longs().between(0, Long.MAX_VALUE / 4),
        longs().between(0, 1_000_000)).checkAssert((followers, reposts, posts) -> {
          Map<String, Long> s = Map.of("followers", followers, "reposts", reposts, "posts", posts);
          double score = InfluenceScore.of(s);
          assertThat(score).isBetween(0.0, 100.0);
          assertThat(InfluenceScore.of(Map.of("followers", followers + 1000, "reposts", reposts, "posts", posts)))
              .isGreaterThanOrEqualTo(score);
        });
  }
}
