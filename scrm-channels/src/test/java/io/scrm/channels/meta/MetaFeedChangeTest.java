package io.scrm.channels.meta;

import static org.assertj.core.api.Assertions.assertThat;

import io.scrm.channels.Deletion;
import io.scrm.channels.InboundDelivery;
import io.scrm.channels.ParsedDelivery;
import io.scrm.core.model.Attachment;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.Interaction;
import io.scrm.core.model.InteractionId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Page feed changes as the feed webhook sends them, and how they sit in a batch with Messenger events. */
final class MetaFeedChangeTest {
  private static final String PAGE = "104598372201847";
  private static final String POST = PAGE + "_922384756102";
  private static final String PSID = "7712840093316524";

  private static final Instant NOW = Instant.parse("2026-03-14T11:05:00Z");

  private final MetaAdapter adapter = MetaAdapter.builder().baseUrl("http://127.0.0.1:9").pageAccessToken("EAAGpageToken123")
      .appSecret("app-secret-0815").timeout(Duration.ofSeconds(30))
      .clock(java.time.Clock.fixed(NOW, java.time.ZoneOffset.UTC)).build();

  @AfterEach
  void close() {
    adapter.close();
  }

  private static String entry(String changes) {
    return "{\"object\":\"page\",\"entry\":[{\"id\":\"" + PAGE + "\",\"time\":1773486000,"
        + "\"messaging\":[{\"sender\":{\"id\":\"" + PSID + "\"},\"recipient\":{\"id\":\"" + PAGE + "\"},"
        + "\"timestamp\":1773484800456,\"message\":{\"mid\":\"m_Neu-1\",\"text\":\"Ist die Störung in Kiel behoben?\"}}],"
        + "\"changes\":[" + changes + "]}]}";
  }

  /**
   * A feed change the mapping cannot use (here one without {@code item}) is one change: it is noted and
   * skipped, and the customer's Messenger message in the same delivery is still heard. Refusing the whole
   * delivery would have Meta send it again and again, and the message with it.
   */
  @Test
  void feedChangeWithoutItem_isSkippedAndTheRestOfTheDeliveryIsRead() {
    String changes = "{\"field\":\"feed\",\"value\":{\"post_id\":\"" + POST + "\",\"verb\":\"add\","
        + "\"created_time\":1773486000}}";

    ParsedDelivery parsed = adapter.parse(MetaAdapterTest.signed(entry(changes)));

    assertThat(parsed.interactions()).extracting(Interaction::externalId).containsExactly("m_Neu-1");
    assertThat(parsed.skipped()).singleElement().asString().startsWith("change feed/none");
  }

  /**
   * A comment with a photo carries the photo's address in {@code photo} (a video's in {@code video});
   * often there is no text at all. The photo is the customer's message and must not be dropped.
   */
  @Test
  void commentWithAPhotoAndNoText_keepsThePhotoAsAttachment() {
    String photo = "https://scontent.xx.fbcdn.net/v/t39.30808-6/router-blinkt_n.jpg?oh=00_AfB&oe=67F0";
    String changes = "{\"field\":\"feed\",\"value\":{\"from\":{\"id\":\"6029384756102938\",\"name\":\"Heike Sommer\"},"
        + "\"post_id\":\"" + POST + "\",\"comment_id\":\"922384756102_1180923847570\",\"created_time\":1773486010,"
        + "\"item\":\"comment\",\"parent_id\":\"" + POST + "\",\"verb\":\"add\",\"photo\":\"" + photo + "\"}}";

    ParsedDelivery parsed = adapter.parse(MetaAdapterTest.signed(entry(changes)));

    assertThat(parsed.interactions()).filteredOn(i -> i.channel().equals(ChannelId.FACEBOOK)).singleElement()
        .satisfies(comment -> {
          assertThat(comment.text()).isEmpty();
          assertThat(comment.attachments()).containsExactly(new Attachment("photo", photo, null, null));
        });
  }

  /**
   * A comment deleted by its author or a moderator comes as verb {@code remove}, without its text: it
   * is that comment's deletion, at the time it is heard, whoever wrote it; a removed post is the post's.
   * The rest of the delivery is read as usual.
   */
  @Test
  void removedCommentOrPost_isADeletionAtTheTimeItIsHeard() {
    String changes = "{\"field\":\"feed\",\"value\":{\"from\":{\"id\":\"6029384756102938\",\"name\":\"Heike Sommer\"},"
        + "\"post_id\":\"" + POST + "\",\"comment_id\":\"922384756102_1180923847570\",\"created_time\":1773486310,"
        + "\"item\":\"comment\",\"parent_id\":\"" + POST + "\",\"verb\":\"remove\"}},"
        + "{\"field\":\"feed\",\"value\":{\"post_id\":\"" + PAGE + "_922384799999\",\"item\":\"status\","
        + "\"verb\":\"remove\"}}";

    // heard when the delivery came, not when it is parsed (a queued delivery may be parsed later)
    Instant came = NOW.minusSeconds(90);
    InboundDelivery signed = MetaAdapterTest.signed(entry(changes));
    ParsedDelivery parsed = adapter.parse(InboundDelivery.of(signed.body(),
        Map.of(MetaAdapter.SIGNATURE_HEADER, List.of(signed.header(MetaAdapter.SIGNATURE_HEADER).orElseThrow())), came));

    assertThat(parsed.deletions()).containsExactly(
        new Deletion(InteractionId.of(ChannelId.FACEBOOK, "922384756102_1180923847570"), came),
        new Deletion(InteractionId.of(ChannelId.FACEBOOK, PAGE + "_922384799999"), came));
    assertThat(parsed.interactions()).extracting(Interaction::externalId).containsExactly("m_Neu-1");
    assertThat(parsed.skipped()).isEmpty();
  }
}
