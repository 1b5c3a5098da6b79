package io.scrm.core.listening;

import java.util.Arrays;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scrm.core.event.SpikeDetected;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Synthetic series with known onsets: Poisson background noise, then a storm. The tests print the
 * detection delay and the false alarms they measured.
 */
final class SpikeDetectorTest {
  private static final Instant T0 = Instant.parse("2026-11-16T00:00:00Z");
  private static final Duration BUCKET = Duration.ofMinutes(15);

  /** Poisson sample by inversion (small means). */
  private static int poisson(SplittableRandom random, double mean) {
    double l = Math.exp(-mean);
    int k = 0;
    double p = 1;
    do {
      k++;
      p *= random.nextDouble();
    } while (p > l);
    return k - 1;
  }

  /** Feeds bucket counts as evenly spread mentions; returns the buckets in which a warning fired. */
  private static List<Integer> run(SpikeDetector detector, int[] counts) {
    List<Integer> alarms = new ArrayList<>();
    for (int b = 0; b < counts.length; b++) {
      for (int i = 0; i < counts[b]; i++) {
        Instant at = T0.plus(BUCKET.multipliedBy(b)).plus(BUCKET.dividedBy(counts[b] + 1).multipliedBy(i + 1));
        Optional<SpikeDetected> s = detector.record("stoerung", at, "mastodon:user" + (i % 7), List.of("Störung"));
        if (s.isPresent()) {
          alarms.add(b);
        }
      }
    }
    return alarms;
  }

  @Test
  void record_stormAfterQuietDays_firesWithinOneBucketOfOnset() {
    int onsets = 0;
    int detected = 0;
    long totalDelay = 0;
    int falseAlarms = 0;
    int quietBuckets = 0;
    for (int seed = 0; seed < 40; seed++) {
      SplittableRandom random = new SplittableRandom(seed);
      int onset = 200 + random.nextInt(200);
      int[] counts = new int[onset + 8];
      for (int b = 0; b < counts.length; b++) {
        counts[b] = poisson(random, b < onset ? 1.5 : 15.0);
      }
      List<Integer> alarms = run(SpikeDetector.ofDefaults(), counts);
      onsets++;
      quietBuckets += onset;
      falseAlarms += (int) alarms.stream().filter(b -> b < onset).count();
      Optional<Integer> first = alarms.stream().filter(b -> b >= onset).findFirst();
      if (first.isPresent()) {
        detected++;
        totalDelay += first.get() - onset;
      }
    }
    System.out.printf("spike detection: %d/%d storms detected, mean delay %.2f buckets (15 min each), "
        + "%d false alarms in %d quiet buckets%n", detected, onsets, detected == 0 ? Double.NaN
        : (double) totalDelay / detected, falseAlarms, quietBuckets);
    assertThat(detected).isEqualTo(onsets);
    assertThat((double) totalDelay / detected).isLessThanOrEqualTo(1.0);
    assertThat(falseAlarms).as("false alarms per quiet bucket").isLessThanOrEqualTo(quietBuckets / 1000);
  }

  @Test
  void record_slowGrowthOfNormalTraffic_isLearnedNotAlarmed() {
    SplittableRandom random = new SplittableRandom(7);
    int[] counts = new int[2000];
    for (int b = 0; b < counts.length; b++) {
      counts[b] = poisson(random, 1 + b / 250.0); // from 1 to 9 per bucket over three weeks
    }
    List<Integer> alarms = run(SpikeDetector.ofDefaults(), counts);
    System.out.printf("spike detection on slow growth: %d false alarms in %d buckets%n", alarms.size(), counts.length);
    assertThat(alarms.size()).isLessThanOrEqualTo(2);
  }

  @Test
  void record_sameBucket_firesOnceAndSpikeDoesNotRaiseBaseline() {
    SpikeDetector detector = SpikeDetector.builder().bucketWidth(BUCKET).warmupBuckets(4).build();
    int[] counts = {1, 2, 1, 2, 1, 40, 1};
    List<Integer> alarms = run(detector, counts);
    assertThat(alarms).containsExactly(5);
    assertThat(detector.baseline("stoerung")).isLessThan(2.5);
  }

  @Test
  void record_spikeEvidence_namesCountsAuthorsAndTerms() {
    SpikeDetector detector = SpikeDetector.builder().warmupBuckets(0).minCount(3).significance(0.05).build();
    Optional<SpikeDetected> fired = Optional.empty();
    for (int i = 0; i < 3 && fired.isEmpty(); i++) {
      fired = detector.record("stoerung", T0.plusSeconds(i), "mastodon:kai", List.of("Störung", "Nippes"));
    }
    assertThat(fired).hasValueSatisfying(s -> {
      assertThat(s.count()).isEqualTo(3);
      assertThat(s.topAuthors()).containsExactly("mastodon:kai");
      assertThat(s.topTerms()).containsExactly("Nippes", "Störung");
      assertThat(s.bucketStart()).isEqualTo(T0);
    });
  }

  @Test
  void forget_anAuthor_leavesTheirMentionsCounted_butNamesThemInNoWarning() {
    SpikeDetector detector = SpikeDetector.builder().warmupBuckets(0).minCount(3).significance(0.05).build();
    detector.record("stoerung", T0, "mastodon:kai", List.of("Störung"));
    detector.record("stoerung", T0.plusSeconds(1), "mastodon:kai", List.of("Störung"));
    detector.record("wartung", T0, "mastodon:kai", List.of("Wartung"));

    assertThat(detector.forget("mastodon:kai")).isEqualTo(2);
    assertThat(detector.forget("mastodon:kai")).isZero();
    Optional<SpikeDetected> fired = detector.record("stoerung", T0.plusSeconds(2), "x:jana", List.of("Störung"));

    assertThat(fired).hasValueSatisfying(s -> {
      assertThat(s.count()).isEqualTo(3);
      assertThat(s.topAuthors()).containsExactly("x:jana");
    });
  }

  @Test
  void record_replayOfSameMentions_givesSameWarnings() {
    SplittableRandom random = new SplittableRandom(3);
    int[] counts = new int[300];
    for (int b = 0; b < counts.length; b++) {
      counts[b] = poisson(random, b < 250 ? 2 : 12);
    }
    assertThat(run(SpikeDetector.ofDefaults(), counts)).isEqualTo(run(SpikeDetector.ofDefaults(), counts));
  }

  @Test
  void record_oneStormAcrossABucketEdge_warnsOnce_andAgainOnlyAfterACalmBucket() {
    SpikeDetector detector = SpikeDetector.builder().bucketWidth(BUCKET).warmupBuckets(4).build();
    List<SpikeDetected> fired = new ArrayList<>();
    for (int b = 0; b < 16; b++) { // four quiet hours, one complaint per quarter hour
      detector.record("stoerung", T0.plus(BUCKET.multipliedBy(b)).plusSeconds(60), "u" + b, List.of("Störung"))
          .ifPresent(fired::add);
    }
    // a storm from two minutes before a bucket's edge to two minutes after: 24 complaints
    Instant onset = T0.plus(BUCKET.multipliedBy(17)).minusSeconds(120);
    for (int i = 0; i < 24; i++) {
      detector.record("stoerung", onset.plusSeconds(10L * i), "s" + i % 9, List.of("Störung")).ifPresent(fired::add);
    }
    assertThat(fired).hasSize(1);

    // a calm quarter hour, then a new storm: a new warning
    detector.record("stoerung", T0.plus(BUCKET.multipliedBy(18)).plusSeconds(60), "q", List.of("Störung"));
    Instant second = T0.plus(BUCKET.multipliedBy(19));
    for (int i = 0; i < 24; i++) {
      detector.record("stoerung", second.plusSeconds(10L * i), "t" + i % 9, List.of("Störung")).ifPresent(fired::add);
    }
    assertThat(fired).hasSize(2);
  }

  @Test
  void builder_bucketWidthBeyondMilliseconds_isRefusedNamingIt() {
    assertThatThrownBy(() -> SpikeDetector.builder().bucketWidth(ChronoUnit.FOREVER.getDuration()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bucketWidth");
    SpikeDetector widest = SpikeDetector.builder().bucketWidth(Duration.ofMillis(Long.MAX_VALUE)).warmupBuckets(0)
        .minCount(1).sensitivity(0.5).significance(0.49).build();
    assertThat(widest.record("stoerung", T0, "a", List.of("Störung"))).hasValueSatisfying(
        s -> assertThat(s.bucketStart()).isEqualTo(Instant.EPOCH));
  }

  @Test
  void record_blankTopic_isRefusedNamingIt() {
    assertThatThrownBy(() -> SpikeDetector.ofDefaults().record(" ", T0, "a", List.of("x")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("topic");
  }

  /** P(X >= k) for X ~ Poisson(lambda), summed in log space. */
  private static double upperTail(double lambda, long k) {
    double logFact = 0;
    for (long j = 2; j <= k; j++) {
      logFact += Math.log(j);
    }
    double sum = 0;
    for (long j = k; j < k + 2_000; j++) {
      if (j > k) {
        logFact += Math.log(j);
      }
      sum += Math.exp(-lambda + j * Math.log(lambda) - logFact);
    }
    return sum;
  }

  @Test
  void poissonQuantile_smallSignificance_isTheLeastCountThatRare() {
    // the builder takes any significance in (0, 0.5)
    for (double p : new double[] {1e-4, 1e-15, 1e-20}) {
      for (double lambda : new double[] {1, 10, 60, 96, 150}) {
        long k = SpikeDetector.poissonQuantile(lambda, p);
        assertThat(upperTail(lambda, k)).as("P(X >= %d), lambda %s, p %s", k, lambda, p).isLessThan(p);
        assertThat(upperTail(lambda, k - 1)).as("P(X >= %d), lambda %s, p %s", k - 1, lambda, p)
            .isGreaterThanOrEqualTo(p);
      }
    }
  }

  @Test
  void record_significanceOf1e15_stillWarnsOfAStormOnABusyTopic() {
    SpikeDetector detector = SpikeDetector.builder().significance(1e-15).build();
    int[] counts = new int[60];
    Arrays.fill(counts, 96); // a busy topic: 96 complaints every quarter hour
    counts[50] = 1_000;
    assertThat(run(detector, counts)).containsExactly(50);
  }
}
