package io.scrm.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 2, unit = TimeUnit.MINUTES) // a probe loop that never ends fails instead of hanging
final class LookupTableTest {

  /** A key whose hash is chosen by the test, so that keys collide on purpose. */
  private record Key(int id, int hash) {
    static Key of(int id) {
      return new Key(id, id % 7); // seven hashes: long probe runs and shared home slots
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key other && other.id == id;
    }
  }

  @Test
  void randomWrites_readLikeAHashMap() {
    // each operation: code % 4 picks put, remove, remove-if-mapped-to, or put again; code / 4 the key
    qt().withExamples(400).forAll(lists().of(integers().between(0, 4 * 40 - 1)).ofSizeBetween(0, 300))
        .checkAssert(operations -> {
          LookupTable<Key, String> table = new LookupTable<>(0);
          Map<Key, String> model = new HashMap<>();
          int step = 0;
          for (int code : operations) {
            Key key = Key.of(code / 4);
            String value = "v" + step++;
            switch (code % 4) {
              case 0, 3 -> assertThat(table.put(key, value)).isEqualTo(model.put(key, value));
              case 1 -> assertThat(table.remove(key)).isEqualTo(model.remove(key));
              default -> {
                String current = model.get(key);
                String expected = current != null && step % 2 == 0 ? current : "other";
                assertThat(table.removeIf(key, expected)).isEqualTo(model.remove(key, expected));
              }
            }
            assertThat(table.size()).isEqualTo(model.size());
          }
          for (int id = 0; id < 40; id++) {
            assertThat(table.get(Key.of(id))).isEqualTo(model.get(Key.of(id)));
            assertThat(table.containsKey(Key.of(id))).isEqualTo(model.containsKey(Key.of(id)));
          }
          List<String> values = new ArrayList<>();
          table.forEachValue(values::add);
          assertThat(values).containsExactlyInAnyOrderElementsOf(model.values());
        });
  }

  @Test
  void growthAndTombstones_keepEveryLiveKey() {
    LookupTable<String, Integer> table = new LookupTable<>(4);
    for (int i = 0; i < 100_000; i++) {
      table.put("k" + i, i);
      if (i % 3 == 0) {
        table.remove("k" + (i / 2));
      }
    }
    Map<String, Integer> model = new HashMap<>();
    for (int i = 0; i < 100_000; i++) {
      model.put("k" + i, i);
      if (i % 3 == 0) {
        model.remove("k" + (i / 2));
      }
    }
    assertThat(table.size()).isEqualTo(model.size());
    for (int i = 0; i < 100_000; i++) {
      assertThat(table.get("k" + i)).isEqualTo(model.get("k" + i));
    }
    // churn at a constant size: the table rebuilds to drop tombstones instead of filling up
    LookupTable<Integer, Integer> churn = new LookupTable<>(16);
    for (int i = 0; i < 1_000_000; i++) {
      churn.put(i, i);
      churn.remove(i - 8);
    }
    assertThat(churn.size()).isEqualTo(8);
    assertThat(churn.get(999_999)).isEqualTo(999_999);
    assertThat(churn.get(999_991)).isNull();
  }

  @Test
  void growingTable_aboutDoublesAtSeventyPercent_soThatAtLeastAThirdOfItsSlotsAreUsed() {
    LookupTable<Integer, Integer> table = new LookupTable<>(0);
    for (int i = 0; i < 300_000; i++) {
      table.put(i, i);
      // 16, 48, 112, 240, 496 … slots: each a power of two less 16, so the first steps more than double
      if (table.capacity() > 240) {
        assertThat(table.size()).as("entries in %d slots", table.capacity())
            .isGreaterThanOrEqualTo(table.capacity() / 3);
      }
      assertThat(table.size()).isLessThanOrEqualTo(table.capacity() * 7 / 10);
      assertThat(Integer.bitCount(table.capacity() + 16)).as("%d slots and 16", table.capacity()).isEqualTo(1);
    }
    assertThat(table.capacity()).isEqualTo((1 << 19) - 16);
    assertThat(new LookupTable<Integer, Integer>(1_000).capacity()).as("no slots before the first entry").isEqualTo(1);
  }

  @Test
  void readerWithoutLock_neverMissesAKeyThatStays_whileAWriterGrowsAndChurnsTheTable() throws Exception {
    LookupTable<Key, String> table = new LookupTable<>(0);
    int stable = 500;
    for (int id = 0; id < stable; id++) {
      table.put(Key.of(id), "stable" + id);
    }
    AtomicBoolean done = new AtomicBoolean();
    ExecutorService reader = Executors.newSingleThreadExecutor();
    try {
      Future<Long> reads = reader.submit(() -> {
        long count = 0;
        while (!done.get()) {
          for (int id = 0; id < stable; id += 7) {
            String value = table.get(Key.of(id));
            if (!("stable" + id).equals(value) && !("again" + id).equals(value)) {
              throw new AssertionError("key " + id + " read as " + value);
            }
            count++;
          }
        }
        return count;
      });
      for (int i = 0; i < 200_000; i++) {
        int id = stable + i;
        table.put(new Key(id, id), "churn");
        if (i >= 50) {
          table.remove(new Key(id - 50, id - 50));
        }
        if (i % 1_000 == 0) {
          table.put(Key.of(i % stable), "again" + (i % stable)); // replacing a value in place
        }
      }
      done.set(true);
      assertThat(reads.get(30, TimeUnit.SECONDS)).isPositive();
    } finally {
      reader.shutdownNow();
    }
    assertThat(table.size()).isEqualTo(stable + 50);
  }
}
