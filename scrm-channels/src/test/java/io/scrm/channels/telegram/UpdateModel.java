package io.scrm.channels.telegram;

import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.scrm.channels.internal.WireJson;
import io.scrm.core.model.Attachment;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.Interaction;
import io.scrm.core.model.InteractionKind;
import io.scrm.core.model.Visibility;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;

/**
 * Random Telegram updates built from parameters, each with what the adapter must make of it. The JSON
 * has its members in random order, unknown members with nested values at every level, and keys given
 * twice (the earlier value a decoy that must lose).
 */
final class UpdateModel {
  static final String BOT = "GlasfaserNordBot";

  private static final List<String> TYPES = UpdateReader.MESSAGE_TYPES;
  /** The media type a file message without {@code mime_type} is given, by {@code UpdateReader.FILE_KINDS}. */
  private static final List<String> DEFAULT_TYPES =
      List.of("video/mp4", "audio/mpeg", "video/mp4", "video/mp4", "audio/ogg", "image/webp");

  private static final List<String> WORDS = List.of("Grüße", "🏠👷", "Störung", "日本語", "𝔘𝔫𝔦", "Kiel",
      "\"Leerrohr\"", "tab\there", "zeile\numbruch", "a\\b", "ok", "Ünïcödé", "😡", "24103");
  private static final List<String> OTHER_TYPES = List.of("callback_query", "my_chat_member", "poll_answer",
      "inline_query", "message_reaction", "business_message_with_a_name_longer_than_forty_characters");
  /** Names of unknown members: none is a member the adapter reads at the level it is put. */
  private static final List<String> UNKNOWN = List.of("via_bot", "language_code", "forward_origin",
      "link_preview_options", "has_protected_content", "x_future_member_with_a_rather_long_name_indeed");
  /** Member names the adapter reads somewhere, used inside unknown values to check they are not picked up. */
  private static final List<String> KNOWN = List.of("text", "message_id", "id", "chat", "from", "update_id",
      "message", "date", "type", "entities", "photo", "file_id", "ok", "result");

  private UpdateModel() {}

  /**
   * One update: its JSON, its id, and either its interaction, the note of its skipping, or the ids of
   * the messages it says were deleted.
   */
  record Update(String json, BigInteger updateId, @Nullable Interaction interaction, @Nullable String skipped,
      List<String> deleted) {
    Update(String json, BigInteger updateId, @Nullable Interaction interaction, @Nullable String skipped) {
      this(json, updateId, interaction, skipped, List.of());
    }
  }

  /** A getUpdates response and the updates in it. */
  record Response(String json, List<Update> updates) {}

  static Gen<Update> updates() {
    return UpdateModel::update;
  }

  static Gen<Response> responses() {
    return in -> {
      int n = between(in, 0, 5);
      List<Update> updates = new ArrayList<>();
      List<String> elements = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        Update u = update(in);
        updates.add(u);
        elements.add(u.json());
      }
      Obj response = new Obj();
      response.put("ok", "true");
      response.put("result", "[" + String.join(",", elements) + "]");
      if (chance(in, 4)) {
        response.decoy("result", "[{\"update_id\":1.5}]");
      }
      if (chance(in, 4)) {
        response.decoy("ok", "false");
      }
      return new Response(response.render(in, 2), updates);
    };
  }

  private static Update update(RandomnessSource in) {
    BigInteger updateId = BigInteger.valueOf(longs().between(0, Long.MAX_VALUE).generate(in))
        .multiply(chance(in, 3) ? BigInteger.TEN.pow(between(in, 1, 11)) : BigInteger.ONE);
    Obj root = new Obj();
    root.put("update_id", integerId(in, updateId));
    if (chance(in, 4)) {
      root.decoy("update_id", chance(in, 2) ? "\"x\"" : "0.5");
    }
    int kind = between(in, 0, TYPES.size() + 2);
    if (kind == TYPES.size() + 2) {
      return deletion(in, root, updateId);
    }
    if (kind >= TYPES.size()) {
      // not a message: another update type, or none at all
      if (kind == TYPES.size()) {
        root.put(pick(in, OTHER_TYPES), unknownValue(in, 3));
      }
      for (int i = 0; i < TYPES.size(); i++) {
        if (chance(in, 5)) {
          root.put(TYPES.get(i), "null");
        }
      }
      String json = root.render(in, chance(in, 2) ? 1 : 0);
      String first = root.order.stream().filter(name -> !name.equals("update_id")).findFirst().orElse("empty");
      String type = UpdateReader.typeName(first);
      return new Update(json, updateId, null, "update " + updateId + ": type " + type + " ignored");
    }
    String type = TYPES.get(kind);
    for (int i = 0; i < TYPES.size(); i++) {
      // a higher type given as null does not count; a lower one never counts
      if (i < kind && chance(in, 4)) {
        root.put(TYPES.get(i), "null");
      } else if (i > kind && chance(in, 4)) {
        root.put(TYPES.get(i), "{\"message_id\":\"decoy\",\"text\":7}");
      }
    }
    Message m = message(in, type.startsWith("edited_"), type.endsWith("business_message"));
    root.put(type, m.json);
    if (chance(in, 5)) {
      root.decoy(type, "{\"message_id\":1}");
    }
    String json = root.render(in, 2);
    if (m.interaction == null) {
      return new Update(json, updateId, null, "update " + updateId + ": " + type + " " + m.skip);
    }
    return new Update(json, updateId, m.interaction, null);
  }

  /** Messages deleted in a business account's chat, the ids as the reader keys those messages. */
  private static Update deletion(RandomnessSource in, Obj root, BigInteger updateId) {
    String connection = "Qk1A" + Integer.toString(between(in, 0, 1_000_000), 36) + "_-x";
    BigInteger chatNumber = BigInteger.valueOf(longs().between(1, Long.MAX_VALUE).generate(in));
    Obj chat = new Obj();
    chat.put("id", integerId(in, chatNumber));
    chat.put("type", string("private"));
    Obj deleted = new Obj();
    deleted.put("business_connection_id", string(connection));
    deleted.put("chat", chat.render(in, 1));
    List<String> ids = new ArrayList<>();
    List<String> expected = new ArrayList<>();
    for (int i = between(in, 0, 3); i > 0; i--) {
      BigInteger messageId = BigInteger.valueOf(between(in, 1, 1_000_000));
      ids.add(integerId(in, messageId));
      expected.add("telegram:" + chatNumber + "@" + connection + ":" + messageId);
    }
    deleted.put("message_ids", "[" + String.join(",", ids) + "]");
    root.put("deleted_business_messages", deleted.render(in, 1));
    return new Update(root.render(in, 1), updateId, null, null, expected);
  }

  private record Message(String json, @Nullable Interaction interaction, @Nullable String skip) {}

  private static Message message(RandomnessSource in, boolean edited, boolean business) {
    Obj message = new Obj();
    String messageId = anyId(in, message, "message_id", BigInteger.valueOf(between(in, 1, 1_000_000)));
    // a business account's private chat: its key carries the connection, and the chat is the customer
    String connection = business ? "Qk1A" + Integer.toString(between(in, 0, 1_000_000), 36) + "_-x" : null;
    if (connection != null) {
      message.put("business_connection_id", string(connection));
    }
    boolean fromBusiness = business && chance(in, 3);

    String chatType = business ? "private" : pick(in, List.of("private", "group", "supergroup", "channel"));
    Obj chat = new Obj();
    BigInteger chatNumber = BigInteger.valueOf(longs().between(1, Long.MAX_VALUE).generate(in))
        .multiply(chance(in, 3) ? BigInteger.TEN.pow(between(in, 1, 11)) : BigInteger.ONE);
    if (!chatType.equals("private")) {
      chatNumber = chatNumber.negate();
    }
    String chatId = anyId(in, chat, "id", chatNumber);
    String chatKey = connection == null ? chatId : chatId + "@" + connection;
    chat.put("type", string(chatType));
    String chatTitle = chance(in, 2) ? pick(in, List.of("Bauherren Kiel", "Störungsmelder", "  ")) : null;
    if (chatTitle != null) {
      chat.put("title", string(chatTitle));
    }
    int username = between(in, 0, 2);
    if (username == 1) {
      chat.put("username", string("chat_name"));
    } else if (username == 2) {
      chat.put("username", "null");
    }
    boolean hasUsername = username == 1;
    message.put("chat", chat.render(in, 1));
    if (chance(in, 5)) {
      message.decoy("chat", "{\"id\":0.25}");
    }

    long date = longs().between(0, 2_000_000_000L).generate(in);
    message.put("date", Long.toString(date));
    Instant occurredAt = Instant.ofEpochSecond(date);
    int editDate = between(in, 0, 2);
    if (editDate == 1) {
      long edit = date + between(in, 0, 100_000);
      message.put("edit_date", Long.toString(edit));
    } else if (editDate == 2) {
      message.put("edit_date", "null");
    }

    // the author: a user, a sender chat, or (in a channel) the channel itself
    int author = business ? 0 : between(in, 0, chatType.equals("channel") ? 2 : 1);
    String handle;
    String name;
    if (author == 0) {
      Obj from = new Obj();
      if (business && !fromBusiness) {
        // the customer: the chat's own id
        handle = chatId;
        from.put("id", TelegramAdapter.isInteger(chatId) ? chatId : string(chatId));
      } else {
        handle = anyId(in, from, "id", BigInteger.valueOf(longs().between(1, Long.MAX_VALUE).generate(in)));
      }
      from.put("is_bot", "false");
      String first = maybeName(in);
      String last = maybeName(in);
      if (first != null) {
        from.put("first_name", string(first));
      }
      if (last != null) {
        from.put("last_name", string(last));
      }
      name = first == null ? last : last == null ? first : first + " " + last;
      message.put("from", from.render(in, 1));
      if (!business && chance(in, 4)) {
        // sent on behalf of a chat (an anonymous admin): "from" is a placeholder, the chat is the author
        message.put("sender_chat", "{\"id\":-1001111111111,\"title\":\"Anonyme Admins\",\"type\":\"supergroup\"}");
        handle = "-1001111111111";
        name = "Anonyme Admins";
      }
    } else if (author == 1) {
      Obj sender = new Obj();
      handle = anyId(in, sender, "id", BigInteger.valueOf(-longs().between(1, Long.MAX_VALUE).generate(in)));
      name = maybeName(in);
      if (name != null) {
        sender.put("title", string(name));
      }
      sender.put("type", string("channel"));
      message.put("sender_chat", sender.render(in, 1));
      if (chance(in, 4)) {
        message.put("from", "null");
      }
    } else {
      handle = chatId;
      name = chatTitle;
    }

    // the content: text, caption, media only, or nothing
    int content = between(in, 0, 3);
    String text = null;
    boolean mentionsBot = false;
    if (content == 0 || content == 1) {
      Text t = text(in);
      text = t.text;
      mentionsBot = t.mentionsBot;
      message.put(content == 0 ? "text" : "caption", string(t.text));
      message.put(content == 0 ? "entities" : "caption_entities", t.entities);
      if (content == 1) {
        if (chance(in, 3)) {
          message.put("text", "null");
        }
        if (chance(in, 3)) {
          // entities of an absent text do not count
          message.put("entities", "[{\"type\":\"mention\",\"offset\":0,\"length\":" + (BOT.length() + 1) + "}]");
        }
      }
      if (chance(in, 4)) {
        message.decoy(content == 0 ? "text" : "caption", string("@" + BOT + " decoy"));
      }
    }
    List<Attachment> attachments = new ArrayList<>();
    if (content != 3) {
      int sizes = between(in, content == 2 ? 1 : 0, 4);
      List<String> photos = new ArrayList<>();
      long largestArea = -1;
      Attachment largest = null;
      for (int i = 0; i < sizes; i++) {
        Obj size = new Obj();
        String fileId = "photo-" + i + "-" + between(in, 0, 999);
        size.put("file_id", string(fileId));
        size.put("file_unique_id", string("u" + i));
        Long fileSize = chance(in, 2) ? (long) between(in, 0, 5_000_000) : null;
        if (fileSize != null) {
          size.put("file_size", Long.toString(fileSize));
        }
        long width = chance(in, 6) ? 0 : pick(in, List.of(90L, 320L, 640L, 1280L));
        long height = chance(in, 6) ? 0 : pick(in, List.of(67L, 240L, 480L, 960L));
        if (width > 0) {
          size.put("width", Long.toString(width));
        }
        if (height > 0) {
          size.put("height", Long.toString(height));
        }
        if (width * height >= largestArea) {
          largestArea = width * height;
          largest = new Attachment("photo", fileId, "image/jpeg", fileSize);
        }
        photos.add(size.render(in, 1));
      }
      if (sizes > 0 || chance(in, 3)) {
        message.put("photo", "[" + String.join(",", photos) + "]");
      }
      if (largest != null) {
        attachments.add(largest);
      }
      if (content == 2 && sizes == 0 || chance(in, 3)) {
        Obj document = new Obj();
        String fileId = "doc-" + between(in, 0, 999);
        document.put("file_id", string(fileId));
        String mime = chance(in, 2) ? "application/pdf" : null;
        if (mime != null) {
          document.put("mime_type", string(mime));
        } else if (chance(in, 2)) {
          document.put("mime_type", "null");
        }
        Long fileSize = chance(in, 2) ? longs().between(0, 1L << 40).generate(in) : null;
        if (fileSize != null) {
          document.put("file_size", Long.toString(fileSize));
        }
        document.put("file_name", string("Vertrag.pdf"));
        message.put("document", document.render(in, 1));
        attachments.add(new Attachment("document", fileId, mime, fileSize));
      }
      // the other file messages, in the order the reader lists them
      for (int k = 0; k < UpdateReader.FILE_KINDS.size(); k++) {
        if (!chance(in, 5)) {
          continue;
        }
        String kind = UpdateReader.FILE_KINDS.get(k);
        Obj file = new Obj();
        String fileId = kind + "-" + between(in, 0, 999);
        file.put("file_id", string(fileId));
        file.put("file_unique_id", string("u-" + kind));
        String mime = chance(in, 2) ? "application/octet-stream" : null;
        if (mime != null) {
          file.put("mime_type", string(mime));
        }
        if (kind.equals("voice") || kind.equals("video") || kind.equals("audio")) {
          file.put("duration", Integer.toString(between(in, 1, 600)));
        }
        message.put(kind, file.render(in, 1));
        if (kind.equals("animation")) {
          // the document that comes with an animation is the same file
          attachments.removeIf(a -> a.type().equals("document"));
        }
        attachments.add(new Attachment(kind, fileId, mime != null ? mime : DEFAULT_TYPES.get(k), null));
      }
    } else if (chance(in, 3)) {
      message.put("photo", "[]");
    }

    // a forum topic (a thread of its own), a thread id outside a topic (which does not count), or neither
    int threading = between(in, 0, 3);
    String topic = null;
    if (threading > 0) {
      String threadId = Integer.toString(between(in, 1, 1_000_000));
      message.put("message_thread_id", threadId);
      if (threading == 1) {
        message.put("is_topic_message", "true");
        // a business chat has no topics of the bot's: the thread stays the chat
        topic = business ? null : threadId;
      } else if (chance(in, 2)) {
        message.put("is_topic_message", chance(in, 2) ? "false" : "null");
      }
    }
    String inReplyTo = null;
    if (chance(in, 3)) {
      Obj reply = new Obj();
      // in a topic, the message that opened it is named as the reply when nothing else is answered
      String replyId = topic != null && chance(in, 2) ? topic
          : anyId(in, reply, "message_id", BigInteger.valueOf(between(in, 1_000_001, 2_000_000)));
      if (replyId.equals(topic)) {
        reply.put("message_id", topic);
        reply.put("forum_topic_created", "{\"name\":\"Hausanschluss\",\"icon_color\":7322096}");
      } else {
        inReplyTo = chatKey + ":" + replyId;
      }
      reply.put("text", string("earlier @" + BOT));
      reply.put("chat", "{\"id\":1,\"type\":\"private\"}");
      message.put("reply_to_message", reply.render(in, 2));
    } else if (chance(in, 4)) {
      message.put("reply_to_message", "null");
    }

    String json = message.render(in, 2);
    if (fromBusiness && !handle.equals(chatId)) {
      return new Message(json, null, "sent by the business account");
    }
    if (text == null && attachments.isEmpty()) {
      return new Message(json, null, "without text or media");
    }
    boolean privateChat = chatType.equals("private");
    Interaction.Builder expected = Interaction.inbound(ChannelId.TELEGRAM, chatKey + ":" + messageId)
        .thread(topic == null ? chatKey : chatKey + "/" + topic)
        .author(handle, name == null || name.isBlank() ? null : name)
        .text(text == null ? "" : text)
        .occurredAt(occurredAt)
        .visibility(!privateChat && hasUsername ? Visibility.PUBLIC : Visibility.PRIVATE)
        .kind(privateChat ? InteractionKind.DIRECT : inReplyTo != null ? InteractionKind.REPLY : InteractionKind.MENTION)
        .inReplyTo(inReplyTo)
        .edited(edited);
    attachments.forEach(expected::addAttachment);
    if (mentionsBot) {
      expected.addTag("mentions-bot");
    }
    return new Message(json, expected.build(), null);
  }

  private record Text(String text, String entities, boolean mentionsBot) {}

  /** Words, some of them mentions with entities at their UTF-16 offsets; only a mention of the bot tags. */
  private static Text text(RandomnessSource in) {
    StringBuilder text = new StringBuilder();
    List<String> entities = new ArrayList<>();
    boolean mentionsBot = false;
    int words = between(in, 1, 8);
    for (int i = 0; i < words; i++) {
      if (i > 0) {
        text.append(' ');
      }
      int offset = text.length();
      int kind = between(in, 0, 5);
      if (kind == 0) {
        String bot = "@" + (chance(in, 2) ? BOT : BOT.toLowerCase(Locale.ROOT));
        text.append(bot);
        // the bot named in a non-mention entity does not count
        String type = chance(in, 4) ? "bot_command" : "mention";
        mentionsBot |= type.equals("mention");
        entities.add(entity(in, type, offset, bot.length()));
      } else if (kind == 1) {
        text.append("@jana_k");
        entities.add(entity(in, "mention", offset, 7));
      } else if (kind == 2) {
        String word = pick(in, WORDS);
        text.append(word);
        entities.add(entity(in, "bold", offset, word.length()));
      } else {
        text.append(pick(in, WORDS));
      }
    }
    return new Text(text.toString(), "[" + String.join(",", entities) + "]", mentionsBot);
  }

  private static String entity(RandomnessSource in, String type, int offset, int length) {
    Obj entity = new Obj();
    entity.put("type", string(type));
    entity.put("offset", Integer.toString(offset));
    entity.put("length", Integer.toString(length));
    if (chance(in, 4)) {
      entity.decoy("offset", "-1");
    }
    return entity.render(in, 1);
  }

  private static @Nullable String maybeName(RandomnessSource in) {
    return switch (between(in, 0, 3)) {
      case 0 -> null;
      case 1 -> " ";
      default -> pick(in, List.of("Jana", "Krüger", "Zoë O'Neill", "Ayşe", "🏠 Bau"));
    };
  }

  /** Puts an id, as a JSON number or a string (sometimes padded, or opaque), and returns what must be kept. */
  private static String anyId(RandomnessSource in, Obj obj, String field, BigInteger number) {
    int form = between(in, 0, 5);
    if (form == 0) {
      obj.put(field, string(" " + number + " "));
      return number.toString();
    }
    if (form == 1) {
      String opaque = "id-" + number.abs().toString(36);
      obj.put(field, string(opaque));
      return opaque;
    }
    obj.put(field, number.toString());
    if (chance(in, 5)) {
      obj.decoy(field, pick(in, List.of("1.5", "1e3", "true", "{}", "\"\"")));
    }
    return number.toString();
  }

  private static String integerId(RandomnessSource in, BigInteger number) {
    return chance(in, 4) ? string(number.toString()) : number.toString();
  }

  /** Any JSON value, with objects and arrays nested up to {@code depth}, and names the adapter reads elsewhere. */
  static String unknownValue(RandomnessSource in, int depth) {
    int kind = between(in, 0, depth > 0 ? 9 : 6);
    return switch (kind) {
      case 0 -> "null";
      case 1 -> chance(in, 2) ? "true" : "false";
      case 2 -> pick(in, List.of("54.3217", "1e5", "-0.0", "12345678901234567890123", "-7"));
      case 3, 4 -> string(pick(in, WORDS));
      case 5, 6 -> Long.toString(longs().all().generate(in));
      case 7 -> {
        List<String> elements = new ArrayList<>();
        int n = between(in, 0, 3);
        for (int i = 0; i < n; i++) {
          elements.add(unknownValue(in, depth - 1));
        }
        yield "[" + String.join(",", elements) + "]";
      }
      default -> {
        Obj obj = new Obj();
        int n = between(in, 0, 3);
        for (int i = 0; i < n; i++) {
          obj.put(pick(in, KNOWN), unknownValue(in, depth - 1));
        }
        yield obj.render(in, 0);
      }
    };
  }

  static String string(String value) {
    try {
      return WireJson.MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static int between(RandomnessSource in, int min, int max) {
    return integers().between(min, max).generate(in);
  }

  /** True one time in {@code n}. */
  static boolean chance(RandomnessSource in, int n) {
    return between(in, 1, n) == 1;
  }

  static <T> T pick(RandomnessSource in, List<T> values) {
    return values.get(between(in, 0, values.size() - 1));
  }

  /**
   * A JSON object written in random member order, with decoys (earlier values of the same key that a
   * later one overrides) and unknown members added.
   */
  static final class Obj {
    private final List<String[]> members = new ArrayList<>();
    private final List<String[]> decoys = new ArrayList<>();
    /** The member names of the last rendering, in order of first appearance. */
    final List<String> order = new ArrayList<>();

    void put(String name, String json) {
      members.add(new String[] {name, json});
    }

    void decoy(String name, String json) {
      decoys.add(new String[] {name, json});
    }

    String render(RandomnessSource in, int unknownDepth) {
      List<String[]> out = new ArrayList<>(members);
      int unknown = unknownDepth > 0 ? between(in, 0, 2) : 0;
      for (int i = 0; i < unknown; i++) {
        out.add(new String[] {pick(in, UNKNOWN), unknownValue(in, unknownDepth)});
      }
      // shuffle
      for (int i = out.size() - 1; i > 0; i--) {
        int j = between(in, 0, i);
        String[] swap = out.get(i);
        out.set(i, out.get(j));
        out.set(j, swap);
      }
      // a decoy goes anywhere before the last value of its key
      for (String[] decoy : decoys) {
        int last = -1;
        for (int i = 0; i < out.size(); i++) {
          if (out.get(i)[0].equals(decoy[0])) {
            last = i;
          }
        }
        out.add(between(in, 0, Math.max(last, 0)), decoy);
      }
      order.clear();
      StringBuilder json = new StringBuilder("{");
      for (String[] member : out) {
        if (!order.contains(member[0])) {
          order.add(member[0]);
        }
        json.append(json.length() > 1 ? "," : "").append(string(member[0])).append(':').append(member[1]);
      }
      return json.append('}').toString();
    }
  }
}
