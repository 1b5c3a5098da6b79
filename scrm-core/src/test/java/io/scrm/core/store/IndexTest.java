package io.scrm.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

final class IndexTest {

  private static Set<Integer> keysOf(InMemoryVersionedStore.Index<String, Integer> index, String attribute) {
    Object held = index.held(attribute);
    Set<Integer> keys = new TreeSet<>();
    if (held != null) {
      InMemoryVersionedStore.Index.<Integer>forEach(held, keys::add);
      assertThat(InMemoryVersionedStore.Index.size(held)).isEqualTo(keys.size());
    }
    return keys;
  }

  @Test
  void addAndRemove_anySequence_holdsWhatANaiveMapOfSetsHolds() {
    // each operation: attribute 0..3, key 0..40 (more keys than the small array holds), add or remove
    qt().forAll(lists().of(integers().between(0, 4 * 41 * 2 - 1)).ofSizeBetween(0, 400)).checkAssert(ops -> {
      InMemoryVersionedStore.Index<String, Integer> index = new InMemoryVersionedStore.Index<>(16);
      Map<String, Set<Integer>> naive = new HashMap<>();
      for (int op : ops) {
        String attribute = "a" + (op % 4);
        int key = (op / 4) % 41;
        boolean add = op / (4 * 41) == 0;
        if (add) {
          index.add(attribute, key);
          naive.computeIfAbsent(attribute, a -> new HashSet<>()).add(key);
        } else {
          index.remove(attribute, key);
          Set<Integer> keys = naive.get(attribute);
          if (keys != null) {
            keys.remove(key);
          }
        }
      }
      for (int a = 0; a < 4; a++) {
        String attribute = "a" + a;
        Set<Integer> expected = new TreeSet<>(naive.getOrDefault(attribute, Set.of()));
        assertThat(keysOf(index, attribute)).isEqualTo(expected);
        assertThat(index.held(attribute) == null).isEqualTo(expected.isEmpty());
      }
    });
  }

  @Test
  void move_unchangedAttribute_keepsTheKeyAndChangedAttributeMovesIt() {
    InMemoryVersionedStore.Index<String, Integer> index = new InMemoryVersionedStore.Index<>(16);
    index.move(null, "x", v -> v, 1);
    index.move("x", "x", v -> v, 1);
    assertThat(keysOf(index, "x")).containsExactly(1);
    index.move("x", "y", v -> v, 1);
    assertThat(index.held("x")).isNull();
    assertThat(keysOf(index, "y")).containsExactly(1);
    index.move("y", null, v -> v, 1);
    assertThat(index.held("y")).isNull();
  }

  @Test
  void remap_anyBeforeAndAfter_mapsExactlyTheElementsOfAfter() {
    qt().forAll(lists().of(integers().between(0, 30)).ofSizeBetween(0, 20),
        lists().of(integers().between(0, 30)).ofSizeBetween(0, 20)).checkAssert((before, after) -> {
          LookupTable<Integer, String> map = new LookupTable<>(0);
          map.put(99, "other");
          for (Integer e : before) {
            map.put(e, "k");
          }
          InMemoryVersionedStore.remap(map::put, map::removeIf, before, after, "k");
          Map<Integer, String> expected = new HashMap<>();
          expected.put(99, "other");
          for (Integer e : after) {
            expected.put(e, "k");
          }
          assertThat(contents(map)).isEqualTo(expected);
        });
  }

  private static Map<Integer, String> contents(LookupTable<Integer, String> table) {
    Map<Integer, String> map = new HashMap<>();
    for (int key = 0; key <= 99; key++) {
      String value = table.get(key);
      if (value != null) {
        map.put(key, value);
      }
    }
    assertThat(map).hasSize(table.size());
    return map;
  }

  @Test
  void remap_elementOwnedByAnotherKey_isNotRemoved() {
    LookupTable<Integer, String> map = new LookupTable<>(0);
    map.put(1, "other");
    InMemoryVersionedStore.remap(map::put, map::removeIf, new ArrayList<>(List.of(1)), List.of(), "k");
    assertThat(map.get(1)).isEqualTo("other");
  }
}
