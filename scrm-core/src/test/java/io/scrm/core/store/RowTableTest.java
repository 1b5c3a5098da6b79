package io.scrm.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 2, unit = TimeUnit.MINUTES) // a probe loop that never ends fails instead of hanging
final class RowTableTest {

  /** Rows as the table's owner keeps them: each row's attribute, by number. */
  private final List<String> rows = new ArrayList<>();

  private RowTable table(int attributes) {
    return table(attributes, false);
  }

  private RowTable table(int attributes, boolean twoWay) {
    return new RowTable(attributes, (row, a, b) -> rows.get(row).equals(a), twoWay);
  }

  /** Seven hashes for any number of attributes: long probe runs and shared home slots. */
  private static int hash(String attribute) {
    return Math.floorMod(attribute.hashCode(), 7);
  }

  private int add(RowTable table, String attribute) {
    rows.add(attribute);
    int row = rows.size() - 1;
    table.add(hash(attribute), row, attribute, null);
    return row;
  }

  @Test
  void slots_growAtSeventyPercent_toAPowerOfTwoLess16_andKeepEveryAttribute() {
    RowTable table = new RowTable(0, (row, a, b) -> rows.get(row).equals(a), false);
    int rebuilds = 0;
    for (int i = 0, before = table.capacity(); i < 100_000; i++, before = table.capacity()) {
      String attribute = "kunde-" + i;
      rows.add(attribute);
      table.add(attribute.hashCode(), i, attribute, null);
      if (table.capacity() != before) {
        assertThat(table.capacity()).as("after %d slots", before).isGreaterThanOrEqualTo(2 * before);
        rebuilds++;
      }
      assertThat(table.attributes()).isLessThanOrEqualTo(table.capacity() * 7 / 10);
      if (table.capacity() > 240) {
        assertThat(table.attributes()).as("in %d slots", table.capacity()).isGreaterThanOrEqualTo(table.capacity() / 3);
      }
      assertThat(Integer.bitCount(table.capacity() + 16)).as("%d slots and 16", table.capacity()).isEqualTo(1);
    }
    for (int i = 0; i < 100_000; i += 997) {
      assertThat(table.find(("kunde-" + i).hashCode(), "kunde-" + i, null)).isEqualTo(i);
    }
    assertThat(table.find("kunde-x".hashCode(), "kunde-x", null)).isEqualTo(-1);
    assertThat(rebuilds).as("1, 16, 48, 112 … 262,128 slots").isEqualTo(14);
    assertThat(new RowTable(1_000, (row, a, b) -> false).capacity()).as("no slots before the first row")
        .isEqualTo(1);
  }

  private List<Integer> rowsOf(RowTable table, String attribute) {
    List<Integer> out = new ArrayList<>();
    assertThat(table.forEach(hash(attribute), attribute, null, rows.size(), out::add)).isTrue();
    return out;
  }

  @Test
  void chains_holdEveryRowOfAnAttribute_newestFirst() {
    RowTable table = table(0);
    int a1 = add(table, "thread-a");
    int b1 = add(table, "thread-b");
    int a2 = add(table, "thread-a");
    int a3 = add(table, "thread-a");

    assertThat(rowsOf(table, "thread-a")).containsExactly(a3, a2, a1);
    assertThat(rowsOf(table, "thread-b")).containsExactly(b1);
    assertThat(table.find(hash("thread-a"), "thread-a", null)).isEqualTo(a3);
    assertThat(table.find(hash("thread-c"), "thread-c", null)).isEqualTo(-1);
    assertThat(table.attributes()).isEqualTo(2);

    table.remove(hash("thread-a"), a2, "thread-a", null); // the middle
    assertThat(rowsOf(table, "thread-a")).containsExactly(a3, a1);
    table.remove(hash("thread-a"), a3, "thread-a", null); // the head
    assertThat(rowsOf(table, "thread-a")).containsExactly(a1);
    table.remove(hash("thread-a"), a1, "thread-a", null); // the last
    assertThat(rowsOf(table, "thread-a")).isEmpty();
    assertThat(table.find(hash("thread-a"), "thread-a", null)).isEqualTo(-1);
    assertThat(table.attributes()).isEqualTo(1);
    assertThat(rowsOf(table, "thread-b")).containsExactly(b1);
  }

  @Test
  void removingARowNotInTheTable_changesNothing() {
    RowTable table = table(4);
    int a = add(table, "a");
    rows.add("a"); // a row of the same attribute that was never added
    table.remove(hash("a"), rows.size() - 1, "a", null);
    table.remove(hash("z"), a, "z", null);
    assertThat(rowsOf(table, "a")).containsExactly(a);
  }

  @Test
  void forEach_stopsAtItsBound() {
    RowTable table = table(4);
    for (int i = 0; i < 5; i++) {
      add(table, "a");
    }
    List<Integer> seen = new ArrayList<>();
    assertThat(table.forEach(hash("a"), "a", null, 3, seen::add)).isFalse();
    assertThat(seen).hasSize(3);
  }

  @Test
  void growsPastItsSize_andKeepsEveryAttribute() {
    RowTable table = table(1);
    for (int i = 0; i < 10_000; i++) {
      add(table, "k" + i);
    }
    for (int i = 0; i < 10_000; i++) {
      assertThat(table.find(hash("k" + i), "k" + i, null)).isEqualTo(i);
    }
    assertThat(table.attributes()).isEqualTo(10_000);
  }

  @Test
  void randomAddsAndRemoves_readLikeAMapOfSets() {
    randomAddsAndRemoves(false);
  }

  @Test
  void randomAddsAndRemoves_inATwoWayTable_readLikeAMapOfSets() {
    randomAddsAndRemoves(true);
  }

  private void randomAddsAndRemoves(boolean twoWay) {
    // each operation: code % 3 picks add (twice as likely) or remove, code / 3 the attribute, and
    // the operation's index which of its rows a removal takes (oldest, newest or between)
    qt().withExamples(300).forAll(lists().of(integers().between(0, 3 * 30 - 1)).ofSizeBetween(0, 400))
        .checkAssert(operations -> {
          rows.clear();
          RowTable table = table(0, twoWay);
          Map<String, Set<Integer>> model = new HashMap<>();
          for (int i = 0; i < operations.size(); i++) {
            int code = operations.get(i);
            String attribute = "a" + code / 3;
            Set<Integer> held = model.computeIfAbsent(attribute, k -> new LinkedHashSet<>());
            if (code % 3 < 2) {
              held.add(add(table, attribute));
            } else if (!held.isEmpty()) {
              int row = new ArrayList<>(held).get(i % held.size());
              table.remove(hash(attribute), row, attribute, null);
              held.remove(row);
              // a second removal, and one of a row the attribute never had, change nothing
              table.remove(hash(attribute), row, attribute, null);
            }
          }
          int attributes = 0;
          for (int id = 0; id < 30; id++) {
            String attribute = "a" + id;
            Set<Integer> held = model.getOrDefault(attribute, Set.of());
            assertThat(rowsOf(table, attribute)).containsExactlyInAnyOrderElementsOf(held);
            attributes += held.isEmpty() ? 0 : 1;
          }
          assertThat(table.attributes()).isEqualTo(attributes);
        });
  }
}
