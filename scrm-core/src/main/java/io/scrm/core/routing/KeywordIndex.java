package io.scrm.core.routing;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Keyword stems to rule ordinals in an open-addressing table probed by the stems' precomputed hash
 * codes: a word that is no keyword costs one probe of flat arrays and never touches the word's
 * string, which matters because a request's words lie scattered in memory. Immutable after
 * construction; thread-safe.
 */
final class KeywordIndex {
  private final int[] hashes;
  private final String[] keys;
  private final int[][] ordinals;
  private final int mask;

  KeywordIndex(Map<String, int[]> entries) {
    int capacity = Integer.highestOneBit(Math.max(4, entries.size() * 4) - 1) << 1;
    hashes = new int[capacity];
    keys = new String[capacity];
    ordinals = new int[capacity][];
    mask = capacity - 1;
    entries.forEach((key, ords) -> {
      int h = key.hashCode();
      int slot = spread(h) & mask;
      while (keys[slot] != null) {
        slot = (slot + 1) & mask;
      }
      hashes[slot] = h;
      keys[slot] = key;
      ordinals[slot] = ords;
    });
  }

  private static int spread(int h) {
    int x = h * 0x9E3779B9;
    return x ^ (x >>> 16);
  }

  /** The ordinals filed under the stem, or null. */
  int @Nullable [] get(String stem, int hash) {
    int slot = spread(hash) & mask;
    while (true) {
      String key = keys[slot];
      if (key == null) {
        return null;
      }
      if (hashes[slot] == hash && key.equals(stem)) {
        return ordinals[slot];
      }
      slot = (slot + 1) & mask;
    }
  }
}
