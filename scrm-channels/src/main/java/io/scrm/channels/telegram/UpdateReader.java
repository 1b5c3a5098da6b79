package io.scrm.channels.telegram;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.scrm.channels.Deletion;
import io.scrm.channels.DeliveryRejectedException.Reason;
import io.scrm.channels.ParsedDelivery;
import io.scrm.channels.internal.AdapterCore;
import io.scrm.channels.internal.GeoUri;
import io.scrm.channels.internal.WireJson;
import io.scrm.core.model.Attachment;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.Interaction;
import io.scrm.core.model.InteractionId;
import io.scrm.core.model.InteractionKind;
import io.scrm.core.model.Visibility;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Reads Telegram {@code Update} objects and {@code getUpdates} responses in one pass over a streaming
 * parser, keeping only the members the mapping needs and skipping the rest. Thread-safe: each read
 * has its own parser and holders.
 *
 * <p>The pass only collects; every check runs afterwards, in the order the mapping needs the members.
 * So a syntax error or trailing content anywhere wins over any fault of shape, and a body with several
 * faults is refused for the first in that order, however its members are ordered. A member given twice
 * counts with its last value, as in a JSON tree.
 */
final class UpdateReader {
  /** The update of messages deleted in a business account's chat. */
  private static final String DELETED_BUSINESS_MESSAGES = "deleted_business_messages";
  /** The update types that carry a customer message; the first present wins. */
  static final List<String> MESSAGE_TYPES =
      List.of("message", "edited_message", "channel_post", "edited_channel_post", "business_message",
          "edited_business_message");
  /**
   * The file messages besides photos and documents, as the Bot API names their members; each becomes
   * an attachment of that kind.
   */
  static final List<String> FILE_KINDS = List.of("animation", "audio", "video", "video_note", "voice", "sticker");
  private static final int ANIMATION = FILE_KINDS.indexOf("animation");
  private static final int STICKER = FILE_KINDS.indexOf("sticker");
  /** The media type of each of {@link #FILE_KINDS} when the update gives none (video notes and stickers never do). */
  private static final List<String> FILE_TYPES =
      List.of("video/mp4", "audio/mpeg", "video/mp4", "video/mp4", "audio/ogg", "image/webp");

  private static final JsonFactory JSON = WireJson.MAPPER.getFactory();
  private static final int MAX_STRING_LENGTH = JSON.streamReadConstraints().getMaxStringLength();

  /**
   * What a collected member holds besides absence (Java null), a string ({@link String}), an integer
   * ({@link Long} or, beyond a long, {@link BigInteger}), a boolean ({@link Boolean}), a holder of the
   * expected object or a list of holders of the expected array.
   */
  private enum Mark {
    /** JSON null. */
    NULL,
    /** A number with a fraction or an exponent. */
    FRACTION,
    /** An object or array where a scalar is expected, or any other value where an object or array is. */
    OTHER
  }

  private final WireJson json;
  private final @Nullable String botUsername;
  /** When a deletion was heard: Telegram gives it no time. */
  private final Clock clock;

  UpdateReader(WireJson json, @Nullable String botUsername, Clock clock) {
    this.json = json;
    this.botUsername = botUsername;
    this.clock = clock;
  }

  /** The messages, notes and deletions of a {@code getUpdates} response, and the highest update id in it. */
  record Batch(List<Interaction> interactions, List<String> skipped, @Nullable BigInteger lastUpdateId, int updates,
      List<Deletion> deletions) {}

  /**
   * Reads a webhook body: one {@code Update}, or a {@code getUpdates} response (an object with {@code ok}).
   *
   * @param body the body
   * @return the interactions and skip notes
   */
  ParsedDelivery readDelivery(InputStream body) {
    Object root = readBody(() -> JSON.createParser(body));
    if (!(root instanceof Update update)) {
      throw json.reject(Reason.MALFORMED, "an update must be a JSON object");
    }
    List<Interaction> interactions = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    List<Deletion> deletions = new ArrayList<>();
    if (update.ok != null) {
      mapResponse(update, interactions, skipped, deletions);
    } else {
      mapUpdate(update, interactions, skipped, deletions);
    }
    return new ParsedDelivery(interactions, skipped, deletions);
  }

  /**
   * Reads a {@code getUpdates} response.
   *
   * @param body the response body
   * @return the interactions, notes and the highest update id
   */
  Batch readResponse(byte[] body) {
    Object root = readBody(() -> JSON.createParser(body));
    List<Interaction> interactions = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    List<Deletion> deletions = new ArrayList<>();
    // any other root has no 'ok' member
    Update response = root instanceof Update update ? update : new Update();
    BigInteger last = mapResponse(response, interactions, skipped, deletions);
    return new Batch(interactions, skipped, last, ((List<?>) response.result).size(), deletions);
  }

  // ---- the pass: collect, never judge ----

  private interface ParserSource {
    JsonParser open() throws IOException;
  }

  /** Reads a body's one value, turning the parser's failures into rejections that quote nothing. */
  private Object readBody(ParserSource source) {
    try (JsonParser p = source.open()) {
      return readRoot(p);
    } catch (IOException e) {
      throw json.unreadable(e);
    } catch (NumberFormatException | ArithmeticException e) {
      throw json.unreadableNumber();
    }
  }

  /** Reads the one value of the body: an {@link Update} for an object, a mark or scalar otherwise. */
  private Object readRoot(JsonParser p) throws IOException {
    JsonToken token = p.nextToken();
    if (token == null) {
      throw json.reject(Reason.MALFORMED, "body is empty");
    }
    Object root = token == JsonToken.START_OBJECT ? update(p, true) : scalar(p, token);
    if (p.nextToken() != null) {
      throw json.notJsonAt(p.currentTokenLocation());
    }
    return root;
  }

  private static Update update(JsonParser p, boolean root) throws IOException {
    Update u = new Update();
    for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
      JsonToken token = p.nextToken();
      if (u.firstType == null && !name.equals("update_id")) {
        u.firstType = name;
      }
      int type = MESSAGE_TYPES.indexOf(name);
      if (type >= 0) {
        u.messages[type] = object(p, token, Message::new);
      } else if (name.equals("update_id")) {
        u.updateId = scalar(p, token);
      } else if (name.equals(DELETED_BUSINESS_MESSAGES)) {
        u.deletedBusiness = object(p, token, BusinessDeletion::new);
      } else if (root && name.equals("ok")) {
        u.ok = scalar(p, token);
      } else if (root && name.equals("result")) {
        u.result = resultArray(p, token);
      } else {
        skip(p, token);
      }
    }
    return u;
  }

  /** The updates of a response: an {@link Update} per object element, {@link Mark#OTHER} for any other. */
  private static Object resultArray(JsonParser p, JsonToken token) throws IOException {
    if (token != JsonToken.START_ARRAY) {
      return scalar(p, token) == Mark.NULL ? Mark.NULL : Mark.OTHER;
    }
    List<Object> updates = new ArrayList<>();
    for (JsonToken element = p.nextToken(); element != JsonToken.END_ARRAY; element = p.nextToken()) {
      if (element == JsonToken.START_OBJECT) {
        updates.add(update(p, false));
      } else {
        scalar(p, element);
        updates.add(Mark.OTHER);
      }
    }
    return updates;
  }

  /** The members of one JSON object that the mapping reads. */
  private interface Holder {
    /**
     * Reads a member if this holder keeps it.
     *
     * @return false if the member is not one of its own, to be skipped
     */
    boolean member(String name, JsonParser p, JsonToken token) throws IOException;
  }

  /** Reads the object the parser is in into a holder, skipping the members it does not keep. */
  private static <H extends Holder> H fill(JsonParser p, H holder) throws IOException {
    for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
      JsonToken token = p.nextToken();
      if (!holder.member(name, p, token)) {
        skip(p, token);
      }
    }
    return holder;
  }

  /** An object member: its holder, {@link Mark#NULL} or {@link Mark#OTHER}. */
  private static Object object(JsonParser p, JsonToken token, Supplier<? extends Holder> holder) throws IOException {
    if (token == JsonToken.START_OBJECT) {
      return fill(p, holder.get());
    }
    return scalar(p, token) == Mark.NULL ? Mark.NULL : Mark.OTHER;
  }

  /** An array of scalars: a list of their values, {@link Mark#NULL} or {@link Mark#OTHER}. */
  private static Object scalars(JsonParser p, JsonToken token) throws IOException {
    if (token != JsonToken.START_ARRAY) {
      return scalar(p, token) == Mark.NULL ? Mark.NULL : Mark.OTHER;
    }
    List<Object> values = new ArrayList<>();
    for (JsonToken element = p.nextToken(); element != JsonToken.END_ARRAY; element = p.nextToken()) {
      values.add(scalar(p, element));
    }
    return values;
  }

  /** An array member: a list of holders, {@link Mark#NULL} or {@link Mark#OTHER}. */
  private static Object array(JsonParser p, JsonToken token, Supplier<? extends Holder> holder) throws IOException {
    if (token != JsonToken.START_ARRAY) {
      return scalar(p, token) == Mark.NULL ? Mark.NULL : Mark.OTHER;
    }
    List<Holder> elements = new ArrayList<>();
    for (JsonToken element = p.nextToken(); element != JsonToken.END_ARRAY; element = p.nextToken()) {
      if (element == JsonToken.START_OBJECT) {
        elements.add(fill(p, holder.get()));
      } else {
        // a tree answers every member lookup on a non-object with null: it counts as an empty object
        scalar(p, element);
        elements.add(holder.get());
      }
    }
    return elements;
  }

  /** A scalar member's value; an object or array is skipped and becomes {@link Mark#OTHER}. */
  private static Object scalar(JsonParser p, JsonToken token) throws IOException {
    return switch (token) {
      case VALUE_STRING -> p.getText();
      case VALUE_NUMBER_INT -> p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
          ? p.getBigIntegerValue() : (Object) p.getLongValue();
      case VALUE_NUMBER_FLOAT -> {
        convertFraction(p);
        yield Mark.FRACTION;
      }
      case VALUE_TRUE -> Boolean.TRUE;
      case VALUE_FALSE -> Boolean.FALSE;
      case VALUE_NULL -> Mark.NULL;
      default -> {
        skip(p, token);
        yield Mark.OTHER;
      }
    };
  }

  /**
   * Skips a value. Strings are still decoded and held to the length limit, and fractions converted, as a
   * tree does with every value, so that bad UTF-8, an overlong string or an unrepresentable number fail
   * here as they would there.
   */
  private static void skip(JsonParser p, JsonToken token) throws IOException {
    JsonToken current = token;
    int depth = 0;
    while (true) {
      if (current.isStructStart()) {
        depth++;
      } else if (current.isStructEnd()) {
        depth--;
      } else if (current == JsonToken.VALUE_STRING && p.getTextLength() > MAX_STRING_LENGTH) {
        // decoding checks the encoding but not the length limit; getText() applies it
        p.getText();
      } else if (current == JsonToken.VALUE_NUMBER_FLOAT) {
        convertFraction(p);
      }
      if (depth == 0) {
        return;
      }
      current = p.nextToken();
      if (current == null) {
        // not reached: the parser refuses an end of input inside an object or array
        throw new IOException("end of input inside a value");
      }
    }
  }

  /** The tree keeps fractions as BigDecimal; converting may fail, and must fail alike here. */
  private static void convertFraction(JsonParser p) throws IOException {
    p.getDecimalValue();
  }

  // ---- the mapping: every check, in the order the members are needed ----

  private @Nullable BigInteger mapResponse(Update response, List<Interaction> interactions, List<String> skipped,
      List<Deletion> deletions) {
    if (!Boolean.TRUE.equals(response.ok)) {
      throw json.reject(Reason.MALFORMED, "getUpdates response is not ok");
    }
    if (!(response.result instanceof List<?> result)) {
      throw json.reject(Reason.MISSING_FIELD, "'result' is missing or not an array");
    }
    BigInteger last = null;
    for (Object element : result) {
      if (!(element instanceof Update update)) {
        throw json.reject(Reason.MALFORMED, "an update must be a JSON object");
      }
      String updateId = id(update.updateId, "update_id");
      if (!TelegramAdapter.isInteger(updateId)) {
        throw json.reject(Reason.MALFORMED, "'update_id' is not an integer");
      }
      // one update the mapping refuses must not hold back the ones after it: the cursor moves on
      AdapterCore.readOrSkip("update " + updateId, skipped, () -> mapUpdate(update, interactions, skipped, deletions));
      BigInteger id = new BigInteger(updateId);
      last = last == null || id.compareTo(last) > 0 ? id : last;
    }
    return last;
  }

  /** Maps one update; returns its id (an integer). */
  private String mapUpdate(Update update, List<Interaction> interactions, List<String> skipped,
      List<Deletion> deletions) {
    String updateId = id(update.updateId, "update_id");
    if (!TelegramAdapter.isInteger(updateId)) {
      throw json.reject(Reason.MALFORMED, "'update_id' is not an integer");
    }
    for (int i = 0; i < MESSAGE_TYPES.size(); i++) {
      String type = MESSAGE_TYPES.get(i);
      Message message = optionalObject(update.messages[i], type, Message.class);
      if (message != null) {
        String skip = mapMessage(message, type.startsWith("edited_"), type.endsWith("business_message"),
            interactions);
        if (skip != null) {
          skipped.add("update " + updateId + ": " + type + " " + skip);
        }
        return updateId;
      }
    }
    // null is absent, as for the message types
    BusinessDeletion deleted =
        optionalObject(update.deletedBusiness, DELETED_BUSINESS_MESSAGES, BusinessDeletion.class);
    if (deleted != null) {
      mapDeletion(deleted, deletions);
      return updateId;
    }
    String type = update.firstType == null ? "empty" : typeName(update.firstType);
    skipped.add("update " + updateId + ": type " + type + " ignored");
    return updateId;
  }

  /**
   * Maps messages deleted in a business account's chat (the only deletions Telegram tells a bot of)
   * to deletions of the messages as their external ids name them, at the time they are heard.
   */
  private void mapDeletion(BusinessDeletion deleted, List<Deletion> out) {
    String connection = id(deleted.businessConnectionId, "business_connection_id");
    if (connection.indexOf(TelegramAdapter.CONNECTION_SEPARATOR) >= 0) {
      throw json.reject(Reason.MALFORMED, "'business_connection_id' is not a connection id");
    }
    Chat chat = object(deleted.chat, "chat", Chat.class);
    String chatKey = id(chat.id, "id") + TelegramAdapter.CONNECTION_SEPARATOR + connection;
    if (!(deleted.messageIds instanceof List<?> ids)) {
      throw json.reject(Reason.MISSING_FIELD, "'message_ids' is missing or not an array");
    }
    Instant now = clock.instant();
    List<Deletion> mapped = new ArrayList<>(ids.size());
    for (Object value : ids) {
      String messageId = id(value, "message_ids");
      if (!TelegramAdapter.isInteger(messageId)) {
        throw json.reject(Reason.MALFORMED, "'message_ids' holds an id that is not an integer");
      }
      mapped.add(new Deletion(InteractionId.of(ChannelId.TELEGRAM, chatKey + ":" + messageId), now));
    }
    out.addAll(mapped);
  }

  /** Maps one message into {@code out}, or returns why it is skipped. */
  private @Nullable String mapMessage(Message message, boolean edited, boolean business, List<Interaction> out) {
    String messageId = id(message.messageId, "message_id");
    Chat chat = object(message.chat, "chat", Chat.class);
    String chatId = id(chat.id, "id");
    // a business account's chat is independent of the bot's own chat with the same person: its key
    // carries the connection, and its messages come from both sides
    String connection = business ? id(message.businessConnectionId, "business_connection_id") : null;
    if (connection != null && connection.indexOf(TelegramAdapter.CONNECTION_SEPARATOR) >= 0) {
      throw json.reject(Reason.MALFORMED, "'business_connection_id' is not a connection id");
    }
    String chatKey = connection == null ? chatId : chatId + TelegramAdapter.CONNECTION_SEPARATOR + connection;
    String chatType = text(chat.type, "type");
    Instant date = epochSeconds(message.date, "date");
    // an edit keeps the time the message was written, as the message itself has it: delivered first
    // (a failed delivery of the message retried later), it must not move the message in its thread
    if (edited && message.editDate != null && message.editDate != Mark.NULL) {
      epochSeconds(message.editDate, "edit_date");
    }
    Instant occurredAt = date;

    User from = optionalObject(message.from, "from", User.class);
    Chat senderChat = optionalObject(message.senderChat, "sender_chat", Chat.class);
    String handle;
    String name;
    if (senderChat != null) {
      // sent on behalf of a chat (an anonymous admin, a linked channel): "from" then holds a placeholder
      // user shared by every such message, so the chat is the author
      handle = id(senderChat.id, "id");
      name = optionalText(senderChat.title, "title");
    } else if (from != null) {
      handle = id(from.id, "id");
      String first = optionalText(from.firstName, "first_name");
      String last = optionalText(from.lastName, "last_name");
      name = join(first, last);
    } else if (chatType.equals("channel")) {
      handle = chatId;
      name = optionalText(chat.title, "title");
    } else {
      throw json.reject(Reason.MISSING_FIELD, "'from' is missing");
    }
    if (business && (senderChat != null || !handle.equals(chatId))) {
      // in a private chat the customer is the chat; the other side is the business (a person or a bot)
      return "sent by the business account";
    }

    String text = optionalText(message.text, "text");
    List<Entity> entities = array(message.entities, "entities", Entity.class);
    if (text == null) {
      text = optionalText(message.caption, "caption");
      entities = array(message.captionEntities, "caption_entities", Entity.class);
    }
    List<Attachment> attachments = new ArrayList<>();
    Media largest = null;
    long largestArea = -1;
    for (Media size : array(message.photo, "photo", Media.class)) {
      Long width = optionalLong(size.width, "width");
      Long height = optionalLong(size.height, "height");
      long area = (width == null ? 0L : width) * (height == null ? 0L : height);
      // on a tie the later size wins
      if (area >= largestArea) {
        largest = size;
        largestArea = area;
      }
    }
    if (largest != null) {
      attachments.add(new Attachment("photo", text(largest.fileId, "file_id"), "image/jpeg",
          optionalLong(largest.fileSize, "file_size")));
    }
    Media document = optionalObject(message.document, "document", Media.class);
    // an animation comes with the same file as "document" too (for older clients): one attachment
    boolean animation = message.files != null && message.files[ANIMATION] != null
        && message.files[ANIMATION] != Mark.NULL;
    if (document != null && !animation) {
      attachments.add(new Attachment("document", text(document.fileId, "file_id"),
          optionalText(document.mimeType, "mime_type"), optionalLong(document.fileSize, "file_size")));
    }
    for (int i = 0; message.files != null && i < FILE_KINDS.size(); i++) {
      Media file = optionalObject(message.files[i], FILE_KINDS.get(i), Media.class);
      if (file != null) {
        String mimeType = optionalText(file.mimeType, "mime_type");
        if (mimeType == null && i == STICKER) {
          // a sticker names no type: a video sticker is WEBM, an animated one TGS, any other WEBP
          mimeType = Boolean.TRUE.equals(file.isVideo) ? "video/webm"
              : Boolean.TRUE.equals(file.isAnimated) ? "application/x-tgsticker" : null;
        }
        attachments.add(new Attachment(FILE_KINDS.get(i), text(file.fileId, "file_id"),
            mimeType != null ? mimeType : FILE_TYPES.get(i), optionalLong(file.fileSize, "file_size")));
      }
    }
    // a shared location (where the outage is) or venue: its coordinates as a geo URI (RFC 5870), a
    // venue's name and address as the text
    Venue venue = optionalObject(message.venue, "venue", Venue.class);
    Location location = venue != null ? object(venue.location, "location", Location.class)
        : optionalObject(message.location, "location", Location.class);
    if (location != null) {
      attachments.add(new Attachment("location", geoUri(location), null, null));
    }
    if (text == null && venue != null) {
      String title = text(venue.title, "title");
      String address = optionalText(venue.address, "address");
      text = address == null || address.isBlank() ? title : title + ", " + address;
    }
    // a shared contact (often the customer's own, to be called back): its number as a tel URI, its
    // name as the text
    Contact contact = optionalObject(message.contact, "contact", Contact.class);
    if (contact != null) {
      attachments.add(new Attachment("contact", "tel:" + phoneNumber(contact.phoneNumber), null, null));
      if (text == null) {
        text = join(text(contact.firstName, "first_name"), optionalText(contact.lastName, "last_name"));
      }
    }
    if (text == null && attachments.isEmpty()) {
      return "without text or media";
    }
    String body = text == null ? "" : text;

    // a forum topic is a thread of its own: its messages share the chat with every other topic
    // a business account's chat has no topics of the bot's: its thread stays the chat
    String topic = !business && flag(message.isTopicMessage, "is_topic_message")
        ? optionalId(message.messageThreadId, "message_thread_id") : null;
    if (topic != null && !TelegramAdapter.isInteger(topic)) {
      throw json.reject(Reason.MALFORMED, "'message_thread_id' is not an integer");
    }
    String thread = topic == null ? chatKey : chatKey + TelegramAdapter.TOPIC_SEPARATOR + topic;
    Reply replyTo = optionalObject(message.replyTo, "reply_to_message", Reply.class);
    String repliedId = replyTo == null ? null : id(replyTo.messageId, "message_id");
    if (repliedId != null && repliedId.equals(topic)) {
      // every message in a topic "replies" to the service message that opened the topic: no reply
      repliedId = null;
      replyTo = null;
    }
    String inReplyTo = repliedId == null ? null : chatKey + ":" + repliedId;
    boolean privateChat = chatType.equals("private");
    InteractionKind kind = privateChat ? InteractionKind.DIRECT
        : replyTo != null ? InteractionKind.REPLY : InteractionKind.MENTION;
    // any non-null username makes the chat public, whatever its type
    boolean hasUsername = chat.username != null && chat.username != Mark.NULL;
    Visibility visibility = !privateChat && hasUsername ? Visibility.PUBLIC : Visibility.PRIVATE;

    Interaction.Builder builder = Interaction.inbound(ChannelId.TELEGRAM, chatKey + ":" + messageId)
        .thread(thread)
        .author(handle, name == null || name.isBlank() ? null : name)
        .text(body)
        .occurredAt(occurredAt)
        .visibility(visibility)
        .kind(kind)
        .inReplyTo(inReplyTo)
        .edited(edited);
    attachments.forEach(builder::addAttachment);
    if (mentionsBot(body, entities)) {
      builder.addTag("mentions-bot");
    }
    out.add(builder.build());
    return null;
  }

  /**
   * A phone number as Telegram gives it (digits, perhaps a leading +), without the spaces, dashes,
   * dots, slashes and brackets people write between them; anything else is refused.
   */
  private String phoneNumber(@Nullable Object value) {
    String number = text(value, "phone_number").replaceAll("[\\s\\-./()]", "");
    if (!number.matches("\\+?[0-9]{3,20}")) {
      throw json.reject(Reason.MALFORMED, "'phone_number' is not a phone number");
    }
    return number;
  }

  /** {@code geo:latitude,longitude} of a location, each coordinate checked for its range. */
  private String geoUri(Location location) {
    return GeoUri.of(coordinate(location.latitude, "latitude", 90), coordinate(location.longitude, "longitude", 180));
  }

  private BigDecimal coordinate(@Nullable Object value, String field, int limit) {
    if (!(value instanceof BigDecimal degrees)) {
      throw value == null || value == Mark.NULL ? json.missing(field) : json.notA(field, "a coordinate");
    }
    String problem = GeoUri.problem(degrees, limit);
    if (problem != null) {
      throw json.reject(Reason.MALFORMED, "'" + field + "' " + problem);
    }
    return degrees;
  }

  private boolean mentionsBot(String text, List<Entity> entities) {
    if (botUsername == null) {
      return false;
    }
    for (Entity entity : entities) {
      if (!"mention".equals(optionalText(entity.type, "type"))) {
        continue;
      }
      Long offset = optionalLong(entity.offset, "offset");
      Long length = optionalLong(entity.length, "length");
      // offsets and lengths count UTF-16 code units, as Java strings do
      if (offset == null || length == null || offset + length > text.length()) {
        throw json.reject(Reason.MALFORMED, "an entity lies outside the text");
      }
      String mention = text.substring(offset.intValue(), (int) (offset + length));
      if (mention.toLowerCase(Locale.ROOT).equals("@" + botUsername.toLowerCase(Locale.ROOT))) {
        return true;
      }
    }
    return false;
  }

  /**
   * The name of a skipped update's type as its note gives it: at most 40 characters, cut before a
   * surrogate pair rather than through it.
   */
  static String typeName(String member) {
    if (member.length() <= 40) {
      return member;
    }
    return member.substring(0, Character.isHighSurrogate(member.charAt(39)) ? 39 : 40);
  }

  private static @Nullable String join(@Nullable String first, @Nullable String last) {
    if (first == null) {
      return last;
    }
    return last == null ? first : first + " " + last;
  }

  // ---- member checks: WireJson's rules and texts, applied to collected values ----

  private <H> H object(@Nullable Object value, String field, Class<H> holder) {
    if (!holder.isInstance(value)) {
      throw json.reject(Reason.MISSING_FIELD, "'" + field + "' is missing or not an object");
    }
    return holder.cast(value);
  }

  private <H> @Nullable H optionalObject(@Nullable Object value, String field, Class<H> holder) {
    if (value == null || value == Mark.NULL) {
      return null;
    }
    if (!holder.isInstance(value)) {
      throw json.notA(field, "an object");
    }
    return holder.cast(value);
  }

  @SuppressWarnings("unchecked") // the pass fills an array member only with holders of its element type
  private <H> List<H> array(@Nullable Object value, String field, Class<H> element) {
    if (value == null || value == Mark.NULL) {
      return List.of();
    }
    if (!(value instanceof List<?>)) {
      throw json.notA(field, "an array");
    }
    return (List<H>) value;
  }

  /** An optional boolean: absent and null are false. */
  private boolean flag(@Nullable Object value, String field) {
    if (value == null || value == Mark.NULL) {
      return false;
    }
    if (value instanceof Boolean bool) {
      return bool;
    }
    throw json.notA(field, "a boolean");
  }

  private String id(@Nullable Object value, String field) {
    String id = optionalId(value, field);
    if (id == null) {
      throw json.missing(field);
    }
    return id;
  }

  private @Nullable String optionalId(@Nullable Object value, String field) {
    if (value == null || value == Mark.NULL) {
      return null;
    }
    if (value instanceof String string) {
      return json.stringId(string, field);
    }
    if (value instanceof Long || value instanceof BigInteger) {
      return value.toString();
    }
    throw value == Mark.FRACTION ? json.lossyId(field) : json.notA(field, "an id");
  }

  private @Nullable String optionalText(@Nullable Object value, String field) {
    if (value == null || value == Mark.NULL) {
      return null;
    }
    if (!(value instanceof String string)) {
      throw json.notA(field, "a string");
    }
    return string;
  }

  private String text(@Nullable Object value, String field) {
    String text = optionalText(value, field);
    if (text == null) {
      throw json.missing(field);
    }
    return text;
  }

  private @Nullable Long optionalLong(@Nullable Object value, String field) {
    if (value == null || value == Mark.NULL) {
      return null;
    }
    if (value instanceof Long number) {
      return json.inRange(number, field);
    }
    if (value instanceof BigInteger big) {
      return json.inRange(big.bitLength() < 64 ? big.longValue() : -1, field);
    }
    throw json.notA(field, "an integer");
  }

  private Instant epochSeconds(@Nullable Object value, String field) {
    Long seconds = optionalLong(value, field);
    if (seconds == null) {
      throw json.missing(field);
    }
    return json.epochSeconds(seconds, field);
  }

  // ---- holders: the members of each object that the mapping reads, as collected ----

  private static final class Update {
    @Nullable Object updateId;
    /** A {@code deleted_business_messages} member: a holder, {@link Mark#NULL} or {@link Mark#OTHER}. */
    @Nullable Object deletedBusiness;
    /** By index in {@link #MESSAGE_TYPES}. */
    final @Nullable Object[] messages = new Object[MESSAGE_TYPES.size()];
    /** The first member other than {@code update_id}, naming the type of an update that is skipped. */
    @Nullable String firstType;
    /** Of the root only: present when the body is a {@code getUpdates} response. */
    @Nullable Object ok;
    @Nullable Object result;
  }

  private static final class Message implements Holder {
    @Nullable Object messageId;
    @Nullable Object chat;
    @Nullable Object date;
    @Nullable Object editDate;
    @Nullable Object from;
    @Nullable Object senderChat;
    @Nullable Object text;
    @Nullable Object entities;
    @Nullable Object caption;
    @Nullable Object captionEntities;
    @Nullable Object photo;
    @Nullable Object document;
    /** By index in {@link #FILE_KINDS}; null until the message has one (most have none). */
    @Nullable Object @Nullable [] files;
    @Nullable Object replyTo;
    @Nullable Object location;
    @Nullable Object venue;
    @Nullable Object contact;
    @Nullable Object messageThreadId;
    @Nullable Object isTopicMessage;
    @Nullable Object businessConnectionId;

    @Override
    public boolean member(String name, JsonParser p, JsonToken token) throws IOException {
      switch (name) {
        case "message_id" -> messageId = scalar(p, token);
        case "message_thread_id" -> messageThreadId = scalar(p, token);
        case "is_topic_message" -> isTopicMessage = scalar(p, token);
        case "business_connection_id" -> businessConnectionId = scalar(p, token);
        case "chat" -> chat = object(p, token, Chat::new);
        case "date" -> date = scalar(p, token);
        case "edit_date" -> editDate = scalar(p, token);
        case "from" -> from = object(p, token, User::new);
        case "sender_chat" -> senderChat = object(p, token, Chat::new);
        case "text" -> text = scalar(p, token);
        case "entities" -> entities = array(p, token, Entity::new);
        case "caption" -> caption = scalar(p, token);
        case "caption_entities" -> captionEntities = array(p, token, Entity::new);
        case "photo" -> photo = array(p, token, Media::new);
        case "document" -> document = object(p, token, Media::new);
        case "reply_to_message" -> replyTo = object(p, token, Reply::new);
        case "location" -> location = object(p, token, Location::new);
        case "venue" -> venue = object(p, token, Venue::new);
        case "contact" -> contact = object(p, token, Contact::new);
        // the names of FILE_KINDS: a member the mapping does not read costs no search
        case "animation", "audio", "video", "video_note", "voice", "sticker" -> {
          if (files == null) {
            files = new Object[FILE_KINDS.size()];
          }
          files[FILE_KINDS.indexOf(name)] = object(p, token, Media::new);
        }
        default -> {
          return false;
        }
      }
      return true;
    }
  }

  private static final class BusinessDeletion implements Holder {
    @Nullable Object businessConnectionId;
    @Nullable Object chat;
    @Nullable Object messageIds;

    @Override
    public boolean member(String name, JsonParser p, JsonToken token) throws IOException {
      switch (name) {
        case "business_connection_id" -> businessConnectionId = scalar(p, token);
        case "chat" -> chat = object(p, token, Chat::new);
        case "message_ids" -> messageIds = scalars(p, token);
        default -> {
          return false;
        }
      }
      return true;
    }
  }

  private static final class Chat implements Holder {
    @Nullable Object id;
    @Nullable Object type;
    @Nullable Object title;
    @Nullable Object username;

    @Override
    public boolean member(String name, JsonParser p, JsonToken token) throws IOException {
      switch (name) {
        case "id" -> id = scalar(p, token);
        case "type" -> type = scalar(p, token);
        case "title" -> title = scalar(p, token);
        case "username" -> username = scalar(p, token);
        default -> {
          return false;
        }
      }
      return true;
    }
  }

  private static final class User implements Holder {
    @Nullable Object id;
    @Nullable Object firstName;
    @Nullable Object lastName;

    @Override
    public boolean member(String name, JsonParser p, JsonToken token) throws IOException {
      switch (name) {
        case "id" -> id = scalar(p, token);
        case "first_name" -> firstName = scalar(p, token);
        case "last_name" -> lastName = scalar(p, token);
        default -> {
          return false;
        }
      }
      return true;
    }
  }

  /** A photo size, a document or one of {@link #FILE_KINDS}. */
  private static final class Media implements Holder {
    @Nullable Object fileId;
    @Nullable Object fileSize;
    @Nullable Object mimeType;
    @Nullable Object width;
    @Nullable Object height;
    /** Of a sticker only. */
    @Nullable Object isAnimated;
    /** Of a sticker only. */
    @Nullable Object isVideo;

    @Override
    public boolean member(String name, JsonParser p, JsonToken token) throws IOException {
      switch (name) {
        case "file_id" -> fileId = scalar(p, token);
        case "file_size" -> fileSize = scalar(p, token);
        case "mime_type" -> mimeType = scalar(p, token);
        case "width" -> width = scalar(p, token);
        case "height" -> height = scalar(p, token);
        case "is_animated" -> isAnimated = scalar(p, token);
        case "is_video" -> isVideo = scalar(p, token);
        default -> {
          return false;
        }
      }
      return true;
    }
  }

  private static final class Entity implements Holder {
    @Nullable Object type;
    @Nullable Object offset;
    @Nullable Object length;

    @Override
    public boolean member(String name, JsonParser p, JsonToken token) throws IOException {
      switch (name) {
        case "type" -> type = scalar(p, token);
        case "offset" -> offset = scalar(p, token);
        case "length" -> length = scalar(p, token);
        default -> {
          return false;
        }
      }
      return true;
    }
  }

  /** A shared location: its coordinates, kept digit for digit. */
  private static final class Location implements Holder {
    @Nullable Object latitude;
    @Nullable Object longitude;

    @Override
    public boolean member(String name, JsonParser p, JsonToken token) throws IOException {
      switch (name) {
        case "latitude" -> latitude = degrees(p, token);
        case "longitude" -> longitude = degrees(p, token);
        default -> {
          return false;
        }
      }
      return true;
    }

    /** A number as a {@link BigDecimal} (the one place a fraction is kept); anything else as {@link #scalar}. */
    private static Object degrees(JsonParser p, JsonToken token) throws IOException {
      return token == JsonToken.VALUE_NUMBER_FLOAT || token == JsonToken.VALUE_NUMBER_INT ? p.getDecimalValue()
          : scalar(p, token);
    }
  }

  /** A shared venue: its location, name and address. */
  private static final class Venue implements Holder {
    @Nullable Object location;
    @Nullable Object title;
    @Nullable Object address;

    @Override
    public boolean member(String name, JsonParser p, JsonToken token) throws IOException {
      switch (name) {
        case "location" -> location = object(p, token, Location::new);
        case "title" -> title = scalar(p, token);
        case "address" -> address = scalar(p, token);
        default -> {
          return false;
        }
      }
      return true;
    }
  }

  /** A shared contact: its number and name. */
  private static final class Contact implements Holder {
    @Nullable Object phoneNumber;
    @Nullable Object firstName;
    @Nullable Object lastName;

    @Override
    public boolean member(String name, JsonParser p, JsonToken token) throws IOException {
      switch (name) {
        case "phone_number" -> phoneNumber = scalar(p, token);
        case "first_name" -> firstName = scalar(p, token);
        case "last_name" -> lastName = scalar(p, token);
        default -> {
          return false;
        }
      }
      return true;
    }
  }

  /** Of the replied-to message only its id counts. */
  private static final class Reply implements Holder {
    @Nullable Object messageId;

    @Override
    public boolean member(String name, JsonParser p, JsonToken token) throws IOException {
      if (!name.equals("message_id")) {
        return false;
      }
      messageId = scalar(p, token);
      return true;
    }
  }
}
