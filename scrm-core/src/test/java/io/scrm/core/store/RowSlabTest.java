package io.scrm.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

final class RowSlabTest {

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Whether any chunk of the slab holds the bytes. */
  private static boolean holds(RowSlab slab, byte[] wanted) {
    for (int c = 0; c < slab.chunks(); c++) {
      byte[] chunk = slab.chunkAt(c);
      for (int i = 0; i + wanted.length <= chunk.length; i++) {
        if (Arrays.equals(chunk, i, i + wanted.length, wanted, 0, wanted.length)) {
          return true;
        }
      }
    }
    return false;
  }

  @Test
  void rows_readBackByNumber_fromFewChunks() {
    RowSlab slab = new RowSlab(0);
    List<byte[]> added = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      byte[] row = bytes("Zeile " + i + " ".repeat(i % 50));
      added.add(row);
      assertThat(slab.add(row, row.length)).isEqualTo(i);
    }
    for (int i = 0; i < added.size(); i++) {
      assertThat(slab.copy(i)).isEqualTo(added.get(i));
      assertThat(slab.isLive(i)).isTrue();
    }
    assertThat(slab.live()).isEqualTo(20_000);
    // 20,000 rows of about 35 bytes: the doubling chunks up to 256 KiB, not an array per row
    assertThat(slab.chunks()).isLessThan(12);
    assertThat(slab.isLive(20_000)).isFalse();
    assertThat(slab.isLive(-1)).isFalse();
  }

  @Test
  void rowLargerThanAChunk_getsAChunkOfItsOwn() {
    RowSlab slab = new RowSlab(0);
    byte[] small = bytes("klein");
    byte[] large = new byte[RowSlab.MAX_CHUNK + 17];
    Arrays.fill(large, (byte) 'x');
    slab.add(small, small.length);
    int row = slab.add(large, large.length);
    slab.add(small, small.length);
    assertThat(slab.copy(row)).isEqualTo(large);
    assertThat(slab.copy(0)).isEqualTo(small);
    assertThat(slab.copy(2)).isEqualTo(small);
  }

  @Test
  void replace_zeroesTheOldBytes() {
    RowSlab slab = new RowSlab(0);
    byte[] before = bytes("Kontonummer DE02 1203 0000 0000 2020 51");
    byte[] after = bytes("[gelöscht]");
    byte[] neighbour = bytes("Nachbarzeile bleibt");
    slab.add(neighbour, neighbour.length);
    int row = slab.add(before, before.length);
    // the scratch array a store encodes into is longer than the row: only len bytes count
    byte[] scratch = Arrays.copyOf(after, 64);
    slab.replace(row, scratch, after.length);

    assertThat(slab.copy(row)).isEqualTo(after);
    assertThat(slab.copy(0)).isEqualTo(neighbour);
    assertThat(holds(slab, before)).isFalse();
    assertThat(slab.deadBytes()).isEqualTo(before.length);
    assertThat(slab.liveBytes()).isEqualTo(neighbour.length + after.length);
  }

  @Test
  void remove_zeroesTheRow_andItsNumberGoesToTheNextRow() {
    RowSlab slab = new RowSlab(0);
    byte[] secret = bytes("Telefon 0221 1234567");
    byte[] kept = bytes("bleibt");
    int row = slab.add(secret, secret.length);
    slab.add(kept, kept.length);
    slab.remove(row);

    assertThat(slab.isLive(row)).isFalse();
    assertThat(slab.live()).isEqualTo(1);
    assertThat(holds(slab, secret)).isFalse();

    byte[] other = bytes("andere Zeile");
    assertThat(slab.add(other, other.length)).isEqualTo(row);
    assertThat(slab.copy(row)).isEqualTo(other);
    assertThat(slab.add(other, other.length)).isEqualTo(2);
    assertThat(slab.live()).isEqualTo(3);
  }

  @Test
  void chunks_stayBelowHalfOfG1sSmallestRegion_soNoneIsHumongous() {
    RowSlab slab = new RowSlab(0);
    byte[] row = new byte[1_000];
    for (int i = 0; i < 5_000; i++) {
      slab.add(row, row.length);
    }
    assertThat(slab.chunks()).isGreaterThan(10);
    for (int c = 0; c < slab.chunks(); c++) {
      // the array's header of 16 bytes counts too; G1's regions are at least 1 MiB
      assertThat(slab.chunkAt(c).length + 16L).isLessThan(512 * 1024);
    }
  }

  @Test
  void largeRows_getChunksOfTheirOwn_andLeaveTheCurrentChunkToSmallOnes() {
    RowSlab slab = new RowSlab(0);
    byte[] small = new byte[100];
    for (int i = 0; i < 4_000; i++) {
      slab.add(small, small.length);
    }
    byte[] large = new byte[300_000]; // 100,000 characters of three bytes in UTF-8
    byte[] third = new byte[140_000];
    for (int i = 0; i < 20; i++) {
      slab.add(large, large.length);
      slab.add(small, small.length);
      slab.add(third, third.length);
    }
    // one chunk of their own per large row; the small ones share the chunks that were there
    assertThat(chunkBytes(slab)).isLessThan(slab.liveBytes() * 11 / 10);
    assertThat(slab.copy(4_001)).isEqualTo(small);
    assertThat(slab.copy(4_002)).isEqualTo(third);
  }

  @Test
  void sizedSlab_keepsExactlyItsSize_andGrowsToAPowerOfTwoLess16() {
    RowSlab slab = new RowSlab(1_100_000);
    slab.add(new byte[1], 1);
    assertThat(slab.rowCapacity()).isEqualTo(1_100_000);

    RowSlab growing = new RowSlab(0);
    for (int i = 0; i < 100; i++) {
      growing.add(new byte[1], 1);
    }
    assertThat(growing.rowCapacity()).isEqualTo(112);
  }

  @Test
  void rewrittenRows_areCompacted_andStayReadable() {
    RowSlab slab = new RowSlab(0);
    byte[] kept = bytes("bleibt, wie sie ist");
    slab.add(kept, kept.length);
    byte[] big = new byte[64 * 1024];
    int row = slab.add(big, big.length);
    for (int round = 0; round < 200; round++) {
      Arrays.fill(big, (byte) ('a' + round % 26));
      slab.replace(row, big, big.length);
      // zeroed bytes never outweigh the live ones by more than a chunk before they are dropped
      assertThat(slab.deadBytes()).isLessThanOrEqualTo(Math.max(slab.liveBytes(), RowSlab.MAX_CHUNK));
    }
    assertThat(slab.copy(row)).isEqualTo(big);
    assertThat(slab.copy(0)).isEqualTo(kept);
    // 200 rewrites of 64 KiB (12.5 MiB in all) left a few chunks, not 200 rows' worth
    assertThat(chunkBytes(slab)).isLessThan(4L * RowSlab.MAX_CHUNK);
  }

  private static long chunkBytes(RowSlab slab) {
    long total = 0;
    for (int c = 0; c < slab.chunks(); c++) {
      total += slab.chunkAt(c).length;
    }
    return total;
  }

  @Test
  void compaction_zeroesTheChunksItLeaves_soARowErasedLaterLeavesNoCopy() {
    RowSlab slab = new RowSlab(0);
    byte[] iban = bytes("IBAN DE02 1203 0000 0000 2020 51");
    int erased = slab.add(iban, iban.length);
    byte[] big = new byte[64 * 1024];
    int row = slab.add(big, big.length);
    List<byte[]> before = new ArrayList<>();
    for (int c = 0; c < slab.chunks(); c++) {
      before.add(slab.chunkAt(c));
    }
    // rewrite until the live rows move to new chunks
    for (int round = 0; round < 200 && slab.chunkAt(0) == before.get(0); round++) {
      slab.replace(row, big, big.length);
    }
    assertThat(slab.chunkAt(0)).isNotSameAs(before.get(0));
    slab.remove(erased);

    assertThat(holds(slab, iban)).isFalse();
    for (byte[] chunk : before) {
      assertThat(chunk).containsOnly((byte) 0);
    }
  }
}
