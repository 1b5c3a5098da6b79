package io.scrm.channels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Settings a dispatcher cannot work with are refused when set, with the setting's name. */
final class OutboxDispatcherConfigLimitsTest {

  @Test
  void initialBackoff_belowOneMillisecond_refusedAndTheBuilderKeepsItsValue() {
    OutboxDispatcherConfig.Builder builder = OutboxDispatcherConfig.builder();

    assertThatThrownBy(() -> builder.initialBackoff(Duration.ofNanos(500)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("initialBackoff");

    assertThat(builder.build().initialBackoff()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void waitInOpenState_belowOneMillisecond_refusedWhenSet_andEveryAcceptedValueBuildsADispatcher() {
    OutboxDispatcherConfig.Builder builder = OutboxDispatcherConfig.builder();

    assertThatThrownBy(() -> builder.waitInOpenState(Duration.ofNanos(500)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("waitInOpenState");

    OutboxDispatcherConfig config = builder.waitInOpenState(Duration.ofMillis(1)).build();
    assertThat(OutboxDispatcher.builder(io.scrm.core.SocialCrm.ofDefaults(), Channels.of(InMemoryChannel.create()))
        .config(config).build()).isNotNull();
  }

  @Test
  void maxRetryAfter_beyondItsLimit_refusedAndTheBuilderKeepsItsValue() {
    OutboxDispatcherConfig.Builder builder = OutboxDispatcherConfig.builder();

    assertThatThrownBy(() -> builder.maxRetryAfter(Duration.ofDays(40_000)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxRetryAfter");

    assertThat(builder.build().maxRetryAfter()).isEqualTo(Duration.ofHours(24));
  }

  @Test
  void pollInterval_tooLongForTheScheduler_refusedByName() {
    assertThatThrownBy(() -> OutboxDispatcherConfig.builder().pollInterval(Duration.ofDays(365L * 1_000)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pollInterval");
  }

  @Test
  void lease_tooLongToBeAddedToAnInstant_refusedByName() {
    assertThatThrownBy(() -> OutboxDispatcherConfig.builder().lease(Duration.ofSeconds(Long.MAX_VALUE)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lease");
  }
}
