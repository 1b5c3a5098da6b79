package io.scrm.channels.mastodon;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.scrm.channels.mastodon.MastodonAdapterTest.page;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.scrm.channels.Channels;
import io.scrm.channels.InMemoryChannel;
import io.scrm.channels.Intake;
import io.scrm.channels.PollStats;
import io.scrm.core.SocialCrm;
import io.scrm.core.model.ChannelId;
import io.scrm.core.store.PollCursorStore;
import io.scrm.core.store.Stores;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Mentions polled from a Mastodon server through the intake, across a failure and a restart. */
final class MastodonIntakeTest {
  private static final Instant NOW = Instant.parse("2026-03-14T10:30:00Z");
  private static final String FIRST = "/api/v1/notifications?types%5B%5D=mention&include_filtered=true&limit=40";
  private static final Duration INTERVAL = Duration.ofSeconds(30);

  @RegisterExtension
  static final WireMockExtension WIRE = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  private final SocialCrm crm = SocialCrm.builder().clock(clock).stores(Stores.inMemory()).build();
  private final PollCursorStore cursors = PollCursorStore.inMemory();

  private MastodonAdapter adapter() {
    return MastodonAdapter.builder().baseUrl(WIRE.baseUrl()).accessToken("tok-123").clock(clock)
        .timeout(Duration.ofSeconds(30)).build();
  }

  private Intake intake(MastodonAdapter adapter) {
    return Intake.builder(crm, Channels.of(adapter)).cursors(cursors).poll(ChannelId.MASTODON, INTERVAL).build();
  }

  @Test
  void mentionsAreStoredOnceAcrossAServerErrorARateLimitAndARestart() {
    WIRE.stubFor(get(urlEqualTo(FIRST)).willReturn(aResponse().withStatus(503).withBody("<html>Wartung</html>")));
    try (MastodonAdapter adapter = adapter(); Intake intake = intake(adapter)) {
      PollStats down = intake.pollNow(ChannelId.MASTODON);
      assertThat(down.failedPolls()).isEqualTo(1);
      assertThat(cursors.find(ChannelId.MASTODON)).isEmpty();

      WIRE.stubFor(get(urlEqualTo(FIRST)).willReturn(aResponse().withStatus(200).withBody(page(1001, 3))));
      WIRE.stubFor(get(urlEqualTo(FIRST + "&min_id=1003")).willReturn(aResponse().withStatus(200).withBody("[]")));
      PollStats up = intake.pollNow(ChannelId.MASTODON);
      assertThat(up.created()).isEqualTo(3);
      assertThat(cursors.find(ChannelId.MASTODON)).contains("1003");

      WIRE.stubFor(get(urlEqualTo(FIRST + "&min_id=1003")).willReturn(aResponse().withStatus(429)
          .withHeader("X-RateLimit-Limit", "300").withHeader("X-RateLimit-Remaining", "0")
          .withHeader("X-RateLimit-Reset", "2026-03-14T10:35:00.000Z").withBody("{\"error\":\"Too many requests\"}")));
      assertThat(intake.pollNow(ChannelId.MASTODON).failedPolls()).isEqualTo(1);
      assertThat(intake.nextPoll(ChannelId.MASTODON)).as("Mastodon's reset").contains(NOW.plus(Duration.ofMinutes(5)));
    }

    WIRE.stubFor(get(urlEqualTo(FIRST + "&min_id=1003")).willReturn(aResponse().withStatus(200).withBody(page(1004, 2))));
    WIRE.stubFor(get(urlEqualTo(FIRST + "&min_id=1005")).willReturn(aResponse().withStatus(200).withBody("[]")));
    try (MastodonAdapter restarted = adapter(); Intake intake = intake(restarted)) {
      PollStats resumed = intake.pollDue();
      assertThat(resumed.created()).isEqualTo(2);
      assertThat(resumed.duplicates()).isZero();
      assertThat(cursors.find(ChannelId.MASTODON)).contains("1005");
    }
    WIRE.verify(2, getRequestedFor(urlEqualTo(FIRST)));
    assertThat(crm.stores().interactions().count()).isEqualTo(5);
  }

  @Test
  void aDamagedCursorStopsNoOtherWorkAndPollingResumesOnceItIsDeleted() {
    cursors.compareAndSet(ChannelId.MASTODON, null, "../admin");
    WIRE.stubFor(get(urlEqualTo(FIRST)).willReturn(aResponse().withStatus(200).withBody(page(2001, 1))));
    WIRE.stubFor(get(urlEqualTo(FIRST + "&min_id=2001")).willReturn(aResponse().withStatus(200).withBody("[]")));
    InMemoryChannel telegram = InMemoryChannel.builder().channel(ChannelId.TELEGRAM).clock(clock).build();
    telegram.inject(telegram.privateMessage("88123:1", "88123", "juergen_hoffmann", "Router?"));
    try (MastodonAdapter adapter = adapter(); Intake intake = Intake.builder(crm, Channels.of(adapter, telegram))
        .cursors(cursors).poll(ChannelId.MASTODON, INTERVAL).poll(ChannelId.TELEGRAM, INTERVAL).build()) {
      PollStats round = intake.pollDue();
      assertThat(round.failedPolls()).isEqualTo(1);
      assertThat(round.created()).as("the other channel is polled").isEqualTo(1);
      WIRE.verify(0, getRequestedFor(urlEqualTo(FIRST)));

      cursors.delete(ChannelId.MASTODON);
      assertThat(intake.pollNow(ChannelId.MASTODON).created()).isEqualTo(1);
      assertThat(cursors.find(ChannelId.MASTODON)).contains("2001");
    }
  }
}
