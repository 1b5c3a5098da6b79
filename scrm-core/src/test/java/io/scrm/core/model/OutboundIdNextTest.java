package io.scrm.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@link OutboundId#next()} ids sort in the order they were made, and are UUIDs of version 7. */
final class OutboundIdNextTest {

  @Test
  void next_manyInOneMillisecond_sortInTheOrderTheyWereMade_andAreVersion7Uuids() {
    List<OutboundId> made = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      made.add(OutboundId.next());
    }

    assertThat(made).isSorted().doesNotHaveDuplicates();
    UUID uuid = UUID.fromString(made.get(0).value());
    assertThat(uuid.version()).isEqualTo(7);
    assertThat(uuid.variant()).isEqualTo(2);
    // the first 48 bits are the milliseconds of the moment it was made
    assertThat(uuid.getMostSignificantBits() >>> 16).isBetween(System.currentTimeMillis() - 60_000,
        System.currentTimeMillis() + 60_000);
  }
}
