package io.scrm.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scrm.core.ScrmJson;
import java.io.UncheckedIOException;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

final class JsonRoundTripTest {
  private static final ObjectMapper JSON = ScrmJson.newObjectMapper();

  private static <T> T roundTrip(T value, Class<T> type) {
    try {
      return JSON.readValue(JSON.writeValueAsString(value), type);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static <T> void assertRoundTrips(Gen<T> gen, Class<T> type) {
    qt().withExamples(300).forAll(gen).checkAssert(v -> assertThat(roundTrip(v, type)).isEqualTo(v));
  }

  @Test
  void contact_anyValid_roundTripsEqual() {
    assertRoundTrips(DomainGenerators.contacts(), Contact.class);
  }

  @Test
  void identity_anyValid_roundTripsEqual() {
    assertRoundTrips(DomainGenerators.identities(), Identity.class);
  }

  @Test
  void interaction_anyValid_roundTripsEqual() {
    assertRoundTrips(DomainGenerators.interactions(), Interaction.class);
  }

  @Test
  void case_anyValid_roundTripsEqual() {
    assertRoundTrips(DomainGenerators.cases(), Case.class);
  }

  @Test
  void lead_anyValid_roundTripsEqual() {
    assertRoundTrips(DomainGenerators.leads(), Lead.class);
  }

  @Test
  void outboundMessage_anyValid_roundTripsEqual() {
    assertRoundTrips(DomainGenerators.outboundMessages(), OutboundMessage.class);
  }

  @Test
  void interaction_idAboveTwoToThe53_staysExactString() throws Exception {
    String huge = "1850000000000000001"; // > 2^53: a double would round it to ...000000
    Interaction i = Interaction.inbound(ChannelId.X, huge).thread(huge).author("9007199254740993", null)
        .text("hallo").occurredAt(Instant.parse("2026-11-22T08:00:00Z")).build();
    String json = JSON.writeValueAsString(i);
    assertThat(json).contains("\"externalId\":\"1850000000000000001\"")
        .contains("\"id\":\"x:1850000000000000001\"");
    Interaction back = JSON.readValue(json, Interaction.class);
    assertThat(back.externalId()).isEqualTo(huge);
    assertThat(back.authorHandle()).isEqualTo("9007199254740993");
  }

  @Test
  void ids_serializeAsPlainStrings() throws Exception {
    assertThat(JSON.writeValueAsString(ContactId.of("c-1"))).isEqualTo("\"c-1\"");
    assertThat(JSON.writeValueAsString(IdentityKey.of(ChannelId.MASTODON, "anna@chaos.social")))
        .isEqualTo("\"mastodon:anna@chaos.social\"");
    assertThat(JSON.readValue("\"mastodon:anna@chaos.social\"", IdentityKey.class))
        .isEqualTo(IdentityKey.of(ChannelId.MASTODON, "anna@chaos.social"));
    assertThat(JSON.writeValueAsString(CaseState.WAITING_ON_CUSTOMER)).isEqualTo("\"WAITING_ON_CUSTOMER\"");
  }

  @Test
  void interaction_idNotDerivedFromChannelAndExternalId_isRejected() {
    String json = "{\"id\":\"x:2\",\"channel\":\"x\",\"externalId\":\"1\",\"threadId\":\"1\",\"authorHandle\":\"a\","
        + "\"authorName\":null,\"text\":\"\",\"occurredAt\":\"2026-01-01T00:00:00Z\",\"direction\":\"INBOUND\","
        + "\"visibility\":\"PUBLIC\",\"kind\":\"MENTION\",\"inReplyTo\":null,\"campaignCode\":null,\"edited\":false,"
        + "\"language\":null,\"tags\":[],\"attachments\":[],\"revisions\":[],\"version\":0}";
    assertThatThrownBy(() -> JSON.readValue(json, Interaction.class))
        .hasMessageContaining("id must be derived from channel and externalId");
  }
}
