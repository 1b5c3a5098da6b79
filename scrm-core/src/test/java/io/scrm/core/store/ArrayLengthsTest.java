package io.scrm.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

final class ArrayLengthsTest {

  @Test
  void atLeast_isTheShortestPowerOfTwoLess16ThatHoldsTheWantedLength() {
    SplittableRandom random = new SplittableRandom(7);
    for (int n = 0; n < 100_000; n++) {
      long wanted = n < 5_000 ? n : random.nextLong(ArrayLengths.MAX + 1L);
      int length = ArrayLengths.atLeast(wanted);
      assertThat(length).as("for %d", wanted).isGreaterThanOrEqualTo((int) Math.max(wanted, 16));
      // with a header of 16 bytes, an array of 1, 2, 4 or 8 bytes an element takes at most a power of two
      assertThat(Long.bitCount(length + 16L)).as("%d and 16", length).isEqualTo(1);
      if (length > 16) {
        assertThat((length + 16L) / 2 - 16).as("the next shorter length for %d", wanted).isLessThan(wanted);
      }
    }
    assertThat(ArrayLengths.atLeast(262_144)).isEqualTo(524_272);
    assertThat(ArrayLengths.atLeast(250_000)).isEqualTo(262_128);
    assertThat(ArrayLengths.atLeast(ArrayLengths.MAX + 1L)).isEqualTo(ArrayLengths.MAX);
    assertThat(ArrayLengths.atLeast(Long.MAX_VALUE)).isEqualTo(ArrayLengths.MAX);
  }

  @Test
  void grown_givesASizedStoreExactlyItsSize_thenDoubles_andRefusesMoreThanTheLongest() {
    assertThat(ArrayLengths.grown(0, 1, 1_100_000)).isEqualTo(1_100_000);
    assertThat(ArrayLengths.grown(0, 1, 0)).isEqualTo(16);
    assertThat(ArrayLengths.grown(1_100_000, 1_100_001, 1_100_000)).isEqualTo((1 << 22) - 16);
    assertThat(ArrayLengths.grown(0, 2_000, 1_000)).as("a store fuller than its size").isEqualTo(2_032);
    assertThat(ArrayLengths.grown(48, 49, 0)).isEqualTo(112);
    assertThatThrownBy(() -> ArrayLengths.grown(ArrayLengths.MAX, ArrayLengths.MAX + 1L, 0))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("in-memory store full");
  }

  @Test
  void home_isInTheTable_andSpreadsHashesEvenlyOverSlotsOfAnyNumber() {
    for (int capacity : new int[] {1, 16, 48, 112, 1_000, 65_520}) {
      int[] hits = new int[capacity];
      int hashes = capacity * 200;
      for (int i = 0; i < hashes; i++) {
        int slot = ArrayLengths.home(LookupTable.spread(i), capacity);
        assertThat(slot).isBetween(0, capacity - 1);
        hits[slot]++;
      }
      for (int slot = 0; slot < capacity; slot++) {
        assertThat(hits[slot]).as("hashes in slot %d of %d", slot, capacity).isBetween(100, 300);
      }
    }
    assertThat(ArrayLengths.home(-1, 48)).isEqualTo(47);
    assertThat(ArrayLengths.home(Integer.MIN_VALUE, 48)).isEqualTo(24);
    assertThat(ArrayLengths.home(0, 48)).isZero();
  }
}
