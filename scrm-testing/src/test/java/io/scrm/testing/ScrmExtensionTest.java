package io.scrm.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.scrm.channels.Channels;
import io.scrm.channels.InMemoryChannel;
import io.scrm.channels.Intake;
import io.scrm.channels.OutboxDispatcher;
import io.scrm.channels.PollStats;
import io.scrm.core.IngestResult;
import io.scrm.core.SocialCrm;
import io.scrm.core.model.Actor;
import io.scrm.core.model.CaseId;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.Direction;
import io.scrm.core.model.OutboxStatus;
import io.scrm.core.store.Stores;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ScrmExtension.class)
final class ScrmExtensionTest {
  private SocialCrm fromBeforeEach;

  @BeforeEach
  void setUp(SocialCrm crm) {
    fromBeforeEach = crm;
  }

  @Test
  void parameters_oneTest_shareOneWiredFixture(SocialCrm crm, TestClock clock, InMemoryChannel channel,
      Channels channels, OutboxDispatcher dispatcher, Stores stores, ScrmExtension.ScrmFixture fixture) {
    assertThat(crm).isSameAs(fromBeforeEach).isSameAs(fixture.crm());
    assertThat(crm.clock()).isSameAs(clock);
    assertThat(clock.instant()).isEqualTo(ScrmExtension.START);
    assertThat(channels.adapter(ChannelId.IN_MEMORY)).containsSame(channel);
    assertThat(crm.stores()).isSameAs(stores);
    assertThat(fixture.dispatcher()).isSameAs(dispatcher);
  }

  @Test
  void wiredFixture_ingestReplyDrain_sendsOnTheInMemoryChannel(SocialCrm crm, InMemoryChannel channel,
      OutboxDispatcher dispatcher, TestClock clock) {
    CaseId caseId = crm.ingest(channel.privateMessage("m1", "chat-1", "anna", "Router offline")).caseId();
    clock.advance(Duration.ofMinutes(5));
    crm.reply(caseId, Actor.agent("agent-7"), "Wir prüfen das.");

    dispatcher.drain();

    assertThat(channel.sent()).singleElement().satisfies(s -> assertThat(s.message().threadId()).isEqualTo("chat-1"));
    assertThat(crm.stores().outbox().findByStatus(OutboxStatus.SENT)).hasSize(1);
    assertThat(crm.interactionsOf(caseId)).extracting(i -> i.direction())
        .containsExactly(Direction.INBOUND, Direction.OUTBOUND);
  }

  @Test
  void intake_pollsTheInjectedMessagesOnTheTestClockAndReceivesDeliveries(Intake intake, InMemoryChannel channel,
      TestClock clock, Stores stores, ScrmExtension.ScrmFixture fixture) {
    assertThat(fixture.intake()).isSameAs(intake);
    channel.inject(channel.privateMessage("p1", "chat-2", "ben", "Kein Internet"));
    assertThat(intake.pollDue().created()).isEqualTo(1);

    channel.inject(channel.privateMessage("p2", "chat-2", "ben", "Immer noch nicht"));
    assertThat(intake.pollDue()).as("not due before 30 seconds of the test clock").isEqualTo(PollStats.NONE);
    clock.advance(Duration.ofSeconds(30));
    assertThat(intake.pollDue().created()).isEqualTo(1);

    Intake.Receipt receipt = intake.receive(ChannelId.IN_MEMORY,
        channel.delivery(channel.privateMessage("w1", "chat-3", "cem", "Per Webhook")));
    assertThat(receipt.count(IngestResult.Outcome.CREATED)).isEqualTo(1);
    assertThat(stores.interactions().count()).isEqualTo(3);
  }

  @Test
  void fixture_closed_closesTheChannel() {
    ScrmExtension.ScrmFixture fixture = ScrmExtension.ScrmFixture.create();
    fixture.close();
    assertThat(fixture.channel().isClosed()).isTrue();
  }
}
