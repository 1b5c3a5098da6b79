package io.scrm.channels.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import io.scrm.channels.InboundDelivery;
import io.scrm.core.model.Attachment;
import io.scrm.core.model.Interaction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A sticker gives no {@code mime_type}: a static one is WEBP, an animated one ({@code is_animated}) TGS
 * and a video sticker ({@code is_video}) WEBM, and its attachment says which.
 */
final class TelegramStickerAttachmentTest {
  private static final String SECRET = "s3cr3t";

  private final TelegramAdapter adapter = TelegramAdapter.builder().baseUrl("http://127.0.0.1:9").token("1:t")
      .secretToken(SECRET).build();

  @AfterEach
  void close() {
    adapter.close();
  }

  private Interaction sticker(String flags) {
    String update = "{\"update_id\":734102230,\"message\":{\"message_id\":5130,"
        + "\"from\":{\"id\":511223344,\"is_bot\":false,\"first_name\":\"Jana\"},"
        + "\"chat\":{\"id\":511223344,\"first_name\":\"Jana\",\"type\":\"private\"},\"date\":1773479900,"
        + "\"sticker\":{\"file_id\":\"CAACAgIAAxkBAAIUC2Sticker\",\"file_unique_id\":\"AgADsticker\",\"type\":\"regular\","
        + "\"width\":512,\"height\":512," + flags + "\"emoji\":\"\uD83D\uDE21\",\"file_size\":31250}}}";
    return adapter.parse(InboundDelivery.of(update.getBytes(StandardCharsets.UTF_8),
        Map.of(TelegramAdapter.SECRET_HEADER, List.of(SECRET)), Instant.EPOCH)).interactions().get(0);
  }

  @Test
  void staticSticker_isWebp() {
    assertThat(sticker("\"is_animated\":false,\"is_video\":false,").attachments())
        .containsExactly(new Attachment("sticker", "CAACAgIAAxkBAAIUC2Sticker", "image/webp", 31250L));
  }

  @Test
  void animatedSticker_isTgs() {
    assertThat(sticker("\"is_animated\":true,\"is_video\":false,").attachments())
        .containsExactly(new Attachment("sticker", "CAACAgIAAxkBAAIUC2Sticker", "application/x-tgsticker", 31250L));
  }

  @Test
  void videoSticker_isWebm() {
    assertThat(sticker("\"is_animated\":false,\"is_video\":true,").attachments())
        .containsExactly(new Attachment("sticker", "CAACAgIAAxkBAAIUC2Sticker", "video/webm", 31250L));
  }
}
