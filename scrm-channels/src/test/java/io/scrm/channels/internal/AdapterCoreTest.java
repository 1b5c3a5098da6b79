package io.scrm.channels.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.scrm.channels.DeliveryRejectedException;
import io.scrm.core.model.ChannelId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One element of a batch that cannot be read is noted and skipped, whatever fails, and quotes nothing. */
final class AdapterCoreTest {

  @Test
  void readOrSkip_anyFailure_isNotedByItsKindWithoutTheFailuresMessage_andTheBatchGoesOn() {
    List<String> skipped = new ArrayList<>();
    List<String> read = new ArrayList<>();

    boolean rejected = AdapterCore.readOrSkip("update 1", skipped, () -> {
      throw new DeliveryRejectedException(ChannelId.TELEGRAM, DeliveryRejectedException.Reason.MALFORMED,
          "'date' is missing");
    });
    boolean refused = AdapterCore.readOrSkip("update 2", skipped, () -> {
      throw new IllegalArgumentException("handle must not be blank, was 'Jana Krüger'");
    });
    boolean unforeseen = AdapterCore.readOrSkip("update 3", skipped, () -> {
      throw new NullPointerException("Jana Krüger");
    });
    boolean fine = AdapterCore.readOrSkip("update 4", skipped, () -> read.add("update 4"));

    assertThat(List.of(rejected, refused, unforeseen, fine)).containsExactly(false, false, false, true);
    assertThat(read).containsExactly("update 4");
    assertThat(skipped).hasSize(3).noneMatch(note -> note.contains("Jana"));
    assertThat(skipped.get(2)).isEqualTo("update 3 rejected: an unexpected shape (NullPointerException)");
  }
}
