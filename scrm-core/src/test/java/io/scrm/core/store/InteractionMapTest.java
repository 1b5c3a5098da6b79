package io.scrm.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.scrm.core.model.InteractionId;
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

final class InteractionMapTest {

  /** Ids in pairs of the same hash ("Aa" and "BB" hash alike, and so do longer strings built of them). */
  private static InteractionId id(int n) {
    StringBuilder s = new StringBuilder("telegram:");
    for (int bit = 0; bit < 5; bit++) {
      s.append((n >> bit & 1) == 0 ? "Aa" : "BB");
    }
    return new InteractionId(s.append(n >> 5).toString());
  }

  @Test
  void randomWrites_readLikeAHashMap() {
    // each operation: code % 3 picks put, remove-if-mapped-to or remove with another value; code / 3 the id
    qt().withExamples(300).forAll(lists().of(integers().between(0, 3 * 70 - 1)).ofSizeBetween(0, 300))
        .checkAssert(operations -> {
          InteractionMap<String> map = new InteractionMap<>(0);
          Map<InteractionId, String> model = new HashMap<>();
          int step = 0;
          for (int code : operations) {
            InteractionId id = id(code / 3);
            String value = "case-" + step++ % 5;
            switch (code % 3) {
              case 0 -> {
                map.put(id, value);
                model.put(id, value);
              }
              case 1 -> {
                String current = model.get(id);
                if (current != null) {
                  map.removeIf(id, current);
                  model.remove(id);
                }
              }
              default -> {
                map.removeIf(id, "another case");
                model.remove(id, "another case");
              }
            }
          }
          for (int n = 0; n < 70; n++) {
            assertThat(map.get(id(n))).isEqualTo(model.get(id(n)));
          }
          assertThat(map.size()).isEqualTo(model.size());
        });
  }

  @Test
  void aNullValue_isRefused() {
    InteractionMap<String> map = new InteractionMap<>(0);
    assertThatThrownBy(() -> map.put(id(1), null)).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("value");
    assertThat(map.get(id(1))).isNull();
    assertThat(map.size()).isZero();
  }

  @Test
  void readersDuringWrites_seeAnIdsOwnValueOrNone() throws Exception {
    // every id only ever maps to its own value: a reader that mixed up rows would see another's
    InteractionMap<String> map = new InteractionMap<>(0);
    AtomicBoolean done = new AtomicBoolean();
    ExecutorService readers = Executors.newFixedThreadPool(2);
    try {
      List<Future<Integer>> reads = new ArrayList<>();
      for (int r = 0; r < 2; r++) {
        int offset = r;
        reads.add(readers.submit(() -> {
          int seen = 0;
          for (int k = offset; !done.get(); k = (k + 7) % 64) {
            String value = map.get(id(k));
            assertThat(value).isIn(null, "case-" + k);
            seen += value == null ? 0 : 1;
          }
          return seen;
        }));
      }
      // rows are removed and their numbers reused for other ids, and the table grows and is rebuilt
      for (int round = 0; round < 5_000; round++) {
        for (int k = round % 2; k < 64; k += 2) {
          map.put(id(k), "case-" + k);
        }
        for (int k = (round + 1) % 2; k < 64; k += 2) {
          map.removeIf(id(k), "case-" + k);
        }
      }
      done.set(true);
      for (Future<Integer> read : reads) {
        assertThat(read.get(30, TimeUnit.SECONDS)).isPositive();
      }
    } finally {
      done.set(true);
      readers.shutdownNow();
    }
  }
}
