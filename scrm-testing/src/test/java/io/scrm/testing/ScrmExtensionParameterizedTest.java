package io.scrm.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.scrm.channels.InMemoryChannel;
import io.scrm.core.IngestResult;
import io.scrm.core.SocialCrm;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A parameterized test takes its arguments from its source and the fixture from the extension; each
 * invocation gets a fixture of its own, closed after it.
 */
@ExtendWith(ScrmExtension.class)
final class ScrmExtensionParameterizedTest {
  private static final List<SocialCrm> ENGINES = new CopyOnWriteArrayList<>();
  private static final List<InMemoryChannel> CHANNELS = new CopyOnWriteArrayList<>();

  @AfterAll
  static void everyInvocation_hadItsOwnFixture_closedAfterIt() {
    assertThat(ENGINES).hasSize(3).doesNotHaveDuplicates();
    assertThat(CHANNELS).hasSize(3).allSatisfy(c -> assertThat(c.isClosed()).isTrue());
  }

  @ParameterizedTest
  @ValueSource(strings = {"Kein Internet seit heute Morgen.", "Rechnung doppelt abgebucht.", "Router blinkt rot."})
  void argumentsAndFixture_resolveTogether(String text, SocialCrm crm, TestClock clock, InMemoryChannel channel) {
    ENGINES.add(crm);
    CHANNELS.add(channel);
    assertThat(channel.isClosed()).isFalse();
    clock.advance(Duration.ofMinutes(1));
    assertThat(crm.ingest(channel.privateMessage("m1", "chat-1", "anna", text)).outcome())
        .isEqualTo(IngestResult.Outcome.CREATED);
  }
}
