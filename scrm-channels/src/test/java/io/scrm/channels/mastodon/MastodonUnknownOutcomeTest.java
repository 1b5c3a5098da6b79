package io.scrm.channels.mastodon;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.scrm.channels.InboundDelivery;
import io.scrm.channels.ManualClock;
import io.scrm.channels.SendResult;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.ContactId;
import io.scrm.core.model.OutboundId;
import io.scrm.core.model.OutboundMessage;
import io.scrm.core.model.Visibility;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A reply whose first attempt lost its connection after the request was written may have been
 * posted. Mastodon keeps the idempotency key an hour: within it the reply is sent again under the
 * key, which the instance answers with the status it made; after it, a retry could post it twice.
 */
final class MastodonUnknownOutcomeTest {
  private static final Instant NOW = Instant.parse("2026-03-14T10:30:00Z");
  private static final String STATUSES = "/api/v1/statuses";

  @RegisterExtension
  static final WireMockExtension WIRE = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private final ManualClock clock = new ManualClock(NOW);
  private MastodonAdapter adapter;

  @BeforeEach
  void heardTheCustomer() {
    adapter = MastodonAdapter.builder().baseUrl(WIRE.baseUrl()).accessToken("tok-123").clock(clock)
        .timeout(Duration.ofSeconds(30)).build();
    adapter.parse(InboundDelivery.ofText(MastodonAdapterTest.fixture("notification-mention.json"), NOW));
  }

  @AfterEach
  void close() {
    adapter.close();
  }

  private OutboundMessage reply() {
    String status = adapter.parse(InboundDelivery.ofText(MastodonAdapterTest.fixture("notification-mention.json"),
        NOW)).interactions().get(0).externalId();
    return OutboundMessage.pending(OutboundId.of("out-u1"), null, ContactId.of("c-1"), ChannelId.MASTODON, status,
        status, Visibility.PRIVATE, "Ein Techniker ist unterwegs.", "service-reply", NOW);
  }

  private static void connectionLost() {
    WIRE.stubFor(post(urlEqualTo(STATUSES)).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
  }

  private static void accepts() {
    WIRE.stubFor(post(urlEqualTo(STATUSES)).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json")
        .withBody("{\"id\":\"113447400000000042\",\"visibility\":\"direct\"}")));
  }

  @Test
  void withinTheHourTheReplyIsSentAgainUnderItsKey() {
    connectionLost();
    assertThat(adapter.send(reply())).isInstanceOf(SendResult.OutcomeUnknown.class);
    accepts();
    clock.advance(Duration.ofMinutes(50));

    assertThat(adapter.send(reply())).isInstanceOf(SendResult.Sent.class);

    WIRE.verify(2, postRequestedFor(urlEqualTo(STATUSES)).withHeader("Idempotency-Key", equalTo("out-u1")));
  }

  @Test
  void afterTheHourTheReplyFailsForGoodUnposted_andARedriveSendsIt() {
    connectionLost();
    assertThat(adapter.send(reply())).isInstanceOf(SendResult.OutcomeUnknown.class);
    // a later attempt that fails again leaves the first attempt's time standing
    clock.advance(Duration.ofMinutes(30));
    assertThat(adapter.send(reply())).isInstanceOf(SendResult.OutcomeUnknown.class);
    accepts();
    clock.advance(Duration.ofMinutes(26));

    SendResult late = adapter.send(reply());

    assertThat(late).isInstanceOfSatisfying(SendResult.PermanentFailure.class,
        failure -> assertThat(failure.reason()).contains("idempotency key").contains("look at the thread"));
    WIRE.verify(2, postRequestedFor(urlEqualTo(STATUSES)));
    // re-driven from the dead-letter list, after someone looked
    assertThat(adapter.send(reply())).isInstanceOf(SendResult.Sent.class);
    WIRE.verify(3, postRequestedFor(urlEqualTo(STATUSES)));
  }

  @Test
  void aReplySentOnceIsNotHeldBackLater() {
    accepts();
    assertThat(adapter.send(reply())).isInstanceOf(SendResult.Sent.class);
    clock.advance(Duration.ofHours(2));

    assertThat(adapter.send(reply())).isInstanceOf(SendResult.Sent.class);
  }
}
