package io.scrm.benchmarks.pipeline;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.Interaction;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Telegram-style webhook bodies (Bot API {@code Update} with a {@code message}) for the pipeline
 * benchmark, and a Jackson streaming parser for them. Not a channel adapter: it reads only what the
 * workload needs. Thread-safe (the factory is shared; each parse has its own parser).
 */
public final class TelegramUpdates {
  private static final JsonFactory JSON = new JsonFactory();
  /** Words of the customer texts; the routing rules' keywords are drawn from the same pool. */
  static final String[] WORDS = {"router", "rechnung", "vertrag", "kündigung", "störung", "internet", "tarif",
      "techniker", "termin", "lieferung", "hallo", "bitte", "seit", "gestern", "heute", "kein", "geht", "nicht",
      "danke", "frage", "wlan", "passwort", "umzug", "adresse"};

  private static final int GROUP = 500;

  private TelegramUpdates() {}

  /**
   * Generates webhook bodies: {@code chats} conversations, {@code perChat} messages each, interleaved
   * in time order within groups of 500 conversations; every {@code duplicateEvery}-th body is a redelivery of an earlier one (0: none).
   *
   * @param chats how many chats
   * @param perChat messages per chat
   * @param duplicateEvery redelivery period, or 0
   * @param seed random seed
   * @return the raw bodies, in delivery order
   */
  public static List<byte[]> generate(int chats, int perChat, int duplicateEvery, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<byte[]> bodies = new ArrayList<>(chats * perChat + (duplicateEvery > 0 ? chats * perChat / duplicateEvery : 0));
    long updateId = 100_000_000L;
    long date = 1_772_442_000L;
    // conversations overlap in groups of GROUP chats, so that any stretch of the workload has the
    // same mix of first messages and follow-ups
    for (int group = 0; group < chats; group += GROUP) {
      for (int round = 0; round < perChat; round++) {
        for (int chat = group; chat < Math.min(chats, group + GROUP); chat++) {
          long chatId = 5_000_000_000L + chat;
          int messageId = 1 + round;
          StringBuilder text = new StringBuilder();
          int words = 4 + random.nextInt(8);
          for (int w = 0; w < words; w++) {
            text.append(w == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
          }
          String body = "{\"update_id\":" + (updateId++) + ",\"message\":{\"message_id\":" + messageId
              + ",\"from\":{\"id\":" + chatId + ",\"is_bot\":false,\"first_name\":\"Kunde\",\"username\":\"kunde_" + chat
              + "\",\"language_code\":\"de\"},\"chat\":{\"id\":" + chatId + ",\"first_name\":\"Kunde\",\"username\":\"kunde_"
              + chat + "\",\"type\":\"private\"},\"date\":" + (date++) + ",\"text\":\"" + text + "\"}}";
          bodies.add(body.getBytes(StandardCharsets.UTF_8));
          if (duplicateEvery > 0 && bodies.size() % duplicateEvery == 0) {
            bodies.add(bodies.get(random.nextInt(bodies.size())));
          }
        }
      }
    }
    return bodies;
  }

  /**
   * Parses one Update body with Jackson's streaming parser into an inbound interaction on channel
   * {@code telegram}: external id {@code chatId:messageId}, thread {@code chatId}, author the username
   * (or the numeric id), ids kept as text.
   *
   * @param body the raw body
   * @return the interaction
   * @throws IOException if the body is not JSON
   * @throws IllegalArgumentException if a required field is missing
   */
  public static Interaction parse(byte[] body) throws IOException {
    String chatId = null;
    String messageId = null;
    String username = null;
    String fromId = null;
    String firstName = null;
    String text = null;
    long date = -1;
    try (JsonParser p = JSON.createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("update must be an object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        if (!"message".equals(field)) {
          p.skipChildren();
          continue;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String m = p.currentName();
          JsonToken value = p.nextToken();
          switch (m) {
            case "message_id" -> messageId = p.getText();
            case "date" -> date = p.getLongValue();
            case "text" -> text = p.getText();
            case "chat" -> {
              while (p.nextToken() == JsonToken.FIELD_NAME) {
                String c = p.currentName();
                p.nextToken();
                if ("id".equals(c)) {
                  chatId = p.getText();
                } else {
                  p.skipChildren();
                }
              }
            }
            case "from" -> {
              while (p.nextToken() == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                p.nextToken();
                switch (f) {
                  case "id" -> fromId = p.getText();
                  case "username" -> username = p.getText();
                  case "first_name" -> firstName = p.getText();
                  default -> p.skipChildren();
                }
              }
            }
            default -> {
              if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
                p.skipChildren();
              }
            }
          }
        }
      }
    }
    if (chatId == null || messageId == null || date < 0 || (username == null && fromId == null)) {
      throw new IllegalArgumentException("update lacks chat, message_id, date or from");
    }
    return Interaction.inbound(ChannelId.TELEGRAM, chatId + ":" + messageId)
        .thread(chatId)
        .author(username != null ? username : fromId, firstName)
        .text(text == null ? "" : text)
        .occurredAt(Instant.ofEpochSecond(date))
        .build();
  }
}
