package io.scrm.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.strings;

import io.scrm.core.model.Interaction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

final class PackedBytesTest {
  /** Code units that exercise every UTF-8 length and every surrogate case. */
  private static final char[] UNITS = {'a', 'Z', '\u0000', '\u007F', '\u0080', 'ü', 'ß', '\u07FF', '\u0800', '€',
      '中', '\uFFFF', '\uD83D', '\uDE00', '\uDBFF', '\uDC00'};

  private static String fromUnits(List<Integer> picks) {
    StringBuilder s = new StringBuilder();
    for (int pick : picks) {
      s.append(UNITS[pick]);
    }
    return s.toString();
  }

  private static boolean wellFormed(String s) {
    return StandardCharsets.UTF_8.newEncoder().canEncode(s);
  }

  @Test
  void string_anyCodeUnits_roundTripsAndWellFormedTextIsPlainUtf8() {
    qt().forAll(lists().of(integers().between(0, UNITS.length - 1)).ofSizeBetween(0, 150)).checkAssert(picks -> {
      String s = fromUnits(picks);
      PackedBytes.Out out = new PackedBytes.Out(4);
      out.string(s);
      byte[] bytes = out.toArray();

      PackedBytes.In in = new PackedBytes.In(bytes);
      assertThat(in.string()).isEqualTo(s);
      assertThat(in.at).isEqualTo(bytes.length);
      PackedBytes.In again = new PackedBytes.In(bytes);
      assertThat(again.stringEquals(s)).isTrue();

      if (wellFormed(s)) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        PackedBytes.In header = new PackedBytes.In(bytes);
        assertThat(header.varint()).isEqualTo((long) utf8.length << 1);
        assertThat(Arrays.copyOfRange(bytes, header.at, bytes.length)).isEqualTo(utf8);
      }
    });
  }

  @Test
  void compareInstant_agreesWithTheDecodedInstant_forAnyBaseAndBothEncodings() {
    long min = Instant.MIN.getEpochSecond();
    long max = Instant.MAX.getEpochSecond();
    // near instants take the relative encoding, far ones the absolute one
    qt().withExamples(5_000).forAll(longs().between(-4_000_000_000L, 4_000_000_000L),
        integers().between(0, 999_999_999), longs().between(-400, 400), integers().between(0, 999_999_999))
        .checkAssert((seconds, nanos, apart, otherNanos) -> {
      Instant t = Instant.ofEpochSecond(seconds, nanos);
      Instant base = switch (Math.floorMod(otherNanos, 3)) {
        case 0 -> Instant.EPOCH;
        case 1 -> Instant.ofEpochSecond(seconds + apart, (otherNanos + nanos) % 1_000_000_000);
        default -> Instant.ofEpochSecond(Math.floorMod(seconds * 7919, max - min) + min);
      };
      PackedBytes.Out out = new PackedBytes.Out(4);
      out.base = base;
      out.instant(t);
      out.u8(42);
      byte[] bytes = out.toArray();
      for (Instant other : List.of(t, t.plusNanos(1), t.minusNanos(1),
          Instant.ofEpochSecond(seconds + apart, otherNanos), Instant.ofEpochSecond(seconds, otherNanos))) {
        PackedBytes.In in = new PackedBytes.In(bytes);
        in.base = base;
        int c = in.compareInstant(other.getEpochSecond(), other.getNano());
        assertThat(Integer.signum(c)).as("%s against %s", t, other).isEqualTo(Integer.signum(t.compareTo(other)));
        assertThat(in.u8()).isEqualTo(42);
      }
      PackedBytes.In skipped = new PackedBytes.In(bytes);
      skipped.skipInstant();
      assertThat(skipped.u8()).isEqualTo(42);
    });
  }

  @Test
  void sameString_isStringEquality_whereverTheTwoStringsLie() {
    qt().forAll(lists().of(integers().between(0, 3)).ofSizeBetween(0, 6),
        lists().of(integers().between(0, 3)).ofSizeBetween(0, 6), integers().between(0, 9)).checkAssert((a, b, gap) -> {
      // few units and short strings, so that equal pairs are common; unit 12 is a lone surrogate (UTF-16)
      String x = fromUnits(a.stream().map(i -> i == 3 ? 12 : i).toList());
      String y = fromUnits(b.stream().map(i -> i == 3 ? 12 : i).toList());
      PackedBytes.In[] cursors = atTwoStrings(gap, x, y);
      PackedBytes.In left = cursors[0];
      PackedBytes.In right = cursors[1];

      assertThat(left.sameString(right)).isEqualTo(x.equals(y));
      assertThat(left.u8()).isEqualTo(42);
      assertThat(right.u8()).isEqualTo(43);
    });
  }

  /** Cursors at two strings written after {@code gap} bytes, each followed by a marker: 42, then 43. */
  private static PackedBytes.In[] atTwoStrings(int gap, String x, String y) {
    PackedBytes.Out out = new PackedBytes.Out(4);
    for (int i = 0; i < gap; i++) {
      out.u8(7);
    }
    out.string(x);
    out.u8(42);
    out.string(y);
    out.u8(43);
    byte[] bytes = out.toArray();
    PackedBytes.In left = new PackedBytes.In(bytes);
    left.at = gap;
    PackedBytes.In right = new PackedBytes.In(bytes);
    right.at = gap;
    right.skipString();
    right.u8();
    return new PackedBytes.In[] {left, right};
  }

  @Test
  void compareString_ordersByCodePoint_asciiOrNot() {
    // units 0-1 are ASCII ('a', 'Z'); the rest cover every UTF-8 length and lone surrogates
    qt().withExamples(3_000).forAll(lists().of(integers().between(0, UNITS.length - 1)).ofSizeBetween(0, 6),
        lists().of(integers().between(0, UNITS.length - 1)).ofSizeBetween(0, 6), integers().between(0, 3))
        .checkAssert((a, b, asciiOnly) -> {
          // mostly ASCII, so that common starts and prefixes are frequent
          String x = fromUnits(asciiOnly > 0 ? a.stream().map(i -> i % 2).toList() : a);
          String y = fromUnits(asciiOnly > 1 ? b.stream().map(i -> i % 2).toList() : b);
          PackedBytes.In[] cursors = atTwoStrings(0, x, y);
          PackedBytes.In left = cursors[0];
          PackedBytes.In right = cursors[1];

          assertThat(Integer.signum(left.compareString(right))).as("%s against %s", x, y)
              .isEqualTo(Integer.signum(StorableText.compareByCodePoint(x, y)));
          assertThat(left.u8()).isEqualTo(42);
          assertThat(right.u8()).isEqualTo(43);
        });
  }

  @Test
  void string_arbitraryStrings_roundTrip() {
    qt().forAll(strings().allPossible().ofLengthBetween(0, 300)).checkAssert(s -> {
      PackedBytes.Out out = new PackedBytes.Out(1);
      out.string(s);
      assertThat(new PackedBytes.In(out.toArray()).string()).isEqualTo(s);
    });
  }

  @Test
  void scratch_reusedAcrossRows_encodesEachRowAsAFreshBufferWould() {
    PackedBytes.Out scratch = new PackedBytes.Out(PackedBytes.Out.INITIAL);
    qt().forAll(longs().all()).checkAssert(seed -> {
      Interaction row = PackedInteractionTest.random(seed);
      assertThat(PackedInteraction.encode(row, scratch)).isEqualTo(PackedInteractionTest.encode(row));
    });
  }

  @Test
  void clear_afterALargeRow_dropsTheGrownBufferAndForgetsTheBase() {
    PackedBytes.Out scratch = new PackedBytes.Out(PackedBytes.Out.INITIAL);
    scratch.string("x".repeat(100_000));
    scratch.base = Instant.MAX;
    assertThat(scratch.buf.length).isGreaterThan(100_000);

    scratch.clear();

    assertThat(scratch.size).isZero();
    assertThat(scratch.buf).hasSize(PackedBytes.Out.INITIAL);
    assertThat(scratch.base).isEqualTo(Instant.EPOCH);
  }

  @Test
  void toArray_returnsTheRow_andLeavesTheBufferZeroed() {
    PackedBytes.Out out = new PackedBytes.Out(PackedBytes.Out.INITIAL);
    out.string("Jürgen Müller, Telefon 0221 1234567");
    byte[] expected = Arrays.copyOf(out.buf, out.size);
    assertThat(out.toArray()).isEqualTo(expected);
    assertThat(out.buf).containsOnly(0);
    assertThat(out.size).isZero();
  }

  @Test
  void aStringLongerThanItsBytes_isRefusedBeforeItIsBuilt() {
    // a header that claims 2^29 UTF-16 bytes, followed by two: a reader must not allocate for it
    PackedBytes.Out out = new PackedBytes.Out(16);
    out.varint((1L << 29) << 1 | 1);
    out.u8('a');
    out.u8(0);
    byte[] bytes = out.toArray();
    assertThatThrownBy(() -> new PackedBytes.In(bytes).string()).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> new PackedBytes.In(bytes).stringEquals("a")).isInstanceOf(IndexOutOfBoundsException.class);
  }
}
