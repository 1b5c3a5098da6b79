package io.scrm.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

final class RequireTest {
  /** Equal when the values are; every fourth value shares a hash with another, so hashes alone decide nothing. */
  private record Colliding(int value) {
    @Override
    public int hashCode() {
      return value / 4;
    }
  }

  @Test
  void hasDuplicates_shortAndLongLists_agreeWithASet() {
    qt().forAll(lists().of(integers().between(0, 60)).ofSizeBetween(0, 40)).checkAssert(values -> {
      List<Colliding> items = values.stream().map(Colliding::new).toList();
      assertThat(Require.hasDuplicates(items))
          .as("%s", values)
          .isEqualTo(new HashSet<>(items).size() != items.size());
    });
  }

  @Test
  void hasDuplicates_pairAtEitherEndOfTheShortAndLongForm_isFound() {
    for (int size : new int[] {2, 16, 17, 40}) {
      for (int[] pair : new int[][] {{0, size - 1}, {size - 2, size - 1}, {0, 1}}) {
        Integer[] items = new Integer[size];
        for (int k = 0; k < size; k++) {
          items[k] = k == pair[1] ? pair[0] : k;
        }
        assertThat(Require.hasDuplicates(List.of(items))).as("%d items, %d and %d equal", size, pair[0], pair[1])
            .isTrue();
        items[pair[1]] = -1;
        assertThat(Require.hasDuplicates(List.of(items))).isFalse();
      }
    }
  }
}
