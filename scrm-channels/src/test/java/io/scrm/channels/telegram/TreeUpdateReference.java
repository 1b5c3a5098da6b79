package io.scrm.channels.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import io.scrm.channels.Deletion;
import io.scrm.channels.DeliveryRejectedException.Reason;
import io.scrm.channels.ParsedDelivery;
import io.scrm.channels.internal.AdapterCore;
import io.scrm.channels.internal.WireJson;
import io.scrm.core.model.Attachment;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.Interaction;
import io.scrm.core.model.InteractionId;
import io.scrm.core.model.InteractionKind;
import io.scrm.core.model.Visibility;
import java.io.InputStream;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The adapter's reading of updates as it was before {@link UpdateReader}: the whole body read into a
 * JSON tree, then walked. Kept as the reference the streaming reader must agree with, on valid bodies
 * and on every kind of broken one; changed only where a rule changed for both (the cut of a skipped
 * type's name, messages deleted in a business chat).
 */
final class TreeUpdateReference {
  private static final List<String> MESSAGE_TYPES = UpdateReader.MESSAGE_TYPES;
  /** What {@link #readMessage} returns for a business chat's message from the business side. */
  private static final Interaction FROM_BUSINESS = Interaction.inbound(ChannelId.TELEGRAM, "from-business")
      .thread("0").author("0", null).text("").occurredAt(Instant.EPOCH).build();

  private final WireJson json = new WireJson(ChannelId.TELEGRAM);
  private final @Nullable String botUsername;
  private final Clock clock;

  TreeUpdateReference(@Nullable String botUsername, Clock clock) {
    this.botUsername = botUsername;
    this.clock = clock;
  }

  ParsedDelivery readDelivery(InputStream body) {
    JsonNode root = json.parse(body);
    if (!root.isObject()) {
      throw json.reject(Reason.MALFORMED, "an update must be a JSON object");
    }
    List<Interaction> interactions = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    List<Deletion> deletions = new ArrayList<>();
    if (root.has("ok")) {
      readUpdates(root, interactions, skipped, deletions);
    } else {
      readUpdate(root, interactions, skipped, deletions);
    }
    return new ParsedDelivery(interactions, skipped, deletions);
  }

  UpdateReader.Batch readResponse(byte[] body) {
    List<Interaction> interactions = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    List<Deletion> deletions = new ArrayList<>();
    JsonNode root = json.parse(body);
    BigInteger last = readUpdates(root, interactions, skipped, deletions);
    return new UpdateReader.Batch(interactions, skipped, last, root.path("result").size(), deletions);
  }

  private @Nullable BigInteger readUpdates(JsonNode response, List<Interaction> interactions, List<String> skipped,
      List<Deletion> deletions) {
    JsonNode ok = response.get("ok");
    if (ok == null || !ok.isBoolean() || !ok.booleanValue()) {
      throw json.reject(Reason.MALFORMED, "getUpdates response is not ok");
    }
    JsonNode result = response.get("result");
    if (result == null || !result.isArray()) {
      throw json.reject(Reason.MISSING_FIELD, "'result' is missing or not an array");
    }
    BigInteger last = null;
    for (JsonNode update : result) {
      if (!update.isObject()) {
        throw json.reject(Reason.MALFORMED, "an update must be a JSON object");
      }
      String updateId = json.id(update, "update_id");
      if (!TelegramAdapter.isInteger(updateId)) {
        throw json.reject(Reason.MALFORMED, "'update_id' is not an integer");
      }
      AdapterCore.readOrSkip("update " + updateId, skipped,
          () -> readUpdate(update, interactions, skipped, deletions));
      BigInteger id = new BigInteger(updateId);
      last = last == null || id.compareTo(last) > 0 ? id : last;
    }
    return last;
  }

  /** Reads one update; returns its id (an integer). */
  private String readUpdate(JsonNode update, List<Interaction> interactions, List<String> skipped,
      List<Deletion> deletions) {
    String updateId = json.id(update, "update_id");
    if (!TelegramAdapter.isInteger(updateId)) {
      throw json.reject(Reason.MALFORMED, "'update_id' is not an integer");
    }
    for (String type : MESSAGE_TYPES) {
      JsonNode message = json.optionalObject(update, type);
      if (message != null) {
        boolean business = type.endsWith("business_message");
        Interaction interaction = readMessage(message, type.startsWith("edited_"), business);
        if (interaction == FROM_BUSINESS) {
          skipped.add("update " + updateId + ": " + type + " sent by the business account");
        } else if (interaction == null) {
          skipped.add("update " + updateId + ": " + type + " without text or media");
        } else {
          interactions.add(interaction);
        }
        return updateId;
      }
    }
    JsonNode deleted = json.optionalObject(update, "deleted_business_messages");
    if (deleted != null) {
      readDeletion(deleted, deletions);
      return updateId;
    }
    Iterator<String> names = update.fieldNames();
    String type = "empty";
    while (names.hasNext()) {
      String name = names.next();
      if (!name.equals("update_id")) {
        type = UpdateReader.typeName(name);
        break;
      }
    }
    skipped.add("update " + updateId + ": type " + type + " ignored");
    return updateId;
  }

  private void readDeletion(JsonNode deleted, List<Deletion> out) {
    String connection = json.id(deleted, "business_connection_id");
    if (connection.indexOf(TelegramAdapter.CONNECTION_SEPARATOR) >= 0) {
      throw json.reject(Reason.MALFORMED, "'business_connection_id' is not a connection id");
    }
    JsonNode chat = json.object(deleted, "chat");
    String chatKey = json.id(chat, "id") + TelegramAdapter.CONNECTION_SEPARATOR + connection;
    JsonNode ids = deleted.get("message_ids");
    if (ids == null || !ids.isArray()) {
      throw json.reject(Reason.MISSING_FIELD, "'message_ids' is missing or not an array");
    }
    Instant now = clock.instant();
    List<Deletion> mapped = new ArrayList<>();
    for (JsonNode element : ids) {
      // an element read as a member, with a member's rules
      String messageId = json.id(WireJson.MAPPER.createObjectNode().set("message_ids", element), "message_ids");
      if (!TelegramAdapter.isInteger(messageId)) {
        throw json.reject(Reason.MALFORMED, "'message_ids' holds an id that is not an integer");
      }
      mapped.add(new Deletion(InteractionId.of(ChannelId.TELEGRAM, chatKey + ":" + messageId), now));
    }
    out.addAll(mapped);
  }

  private @Nullable Interaction readMessage(JsonNode message, boolean edited, boolean business) {
    String messageId = json.id(message, "message_id");
    JsonNode chat = json.object(message, "chat");
    String chatId = json.id(chat, "id");
    String connection = business ? json.id(message, "business_connection_id") : null;
    if (connection != null && connection.contains("@")) {
      throw json.reject(Reason.MALFORMED, "'business_connection_id' is not a connection id");
    }
    String chatKey = connection == null ? chatId : chatId + "@" + connection;
    String chatType = json.text(chat, "type");
    Instant date = json.epochSeconds(message, "date");
    if (edited && message.hasNonNull("edit_date")) {
      json.epochSeconds(message, "edit_date");
    }
    Instant occurredAt = date;

    JsonNode from = json.optionalObject(message, "from");
    JsonNode senderChat = json.optionalObject(message, "sender_chat");
    String handle;
    String name;
    if (senderChat != null) {
      handle = json.id(senderChat, "id");
      name = json.optionalText(senderChat, "title");
    } else if (from != null) {
      handle = json.id(from, "id");
      String first = json.optionalText(from, "first_name");
      String last = json.optionalText(from, "last_name");
      name = join(first, last);
    } else if (chatType.equals("channel")) {
      handle = chatId;
      name = json.optionalText(chat, "title");
    } else {
      throw json.reject(Reason.MISSING_FIELD, "'from' is missing");
    }
    if (business && (senderChat != null || !handle.equals(chatId))) {
      return FROM_BUSINESS;
    }

    String text = json.optionalText(message, "text");
    JsonNode entities = json.array(message, "entities");
    if (text == null) {
      text = json.optionalText(message, "caption");
      entities = json.array(message, "caption_entities");
    }
    List<Attachment> attachments = new ArrayList<>();
    JsonNode photos = json.array(message, "photo");
    JsonNode largest = null;
    long largestArea = -1;
    for (JsonNode size : photos) {
      long area = Objects.requireNonNullElse(json.optionalLong(size, "width"), 0L)
          * Objects.requireNonNullElse(json.optionalLong(size, "height"), 0L);
      if (area >= largestArea) {
        largest = size;
        largestArea = area;
      }
    }
    if (largest != null) {
      attachments.add(new Attachment("photo", json.text(largest, "file_id"), "image/jpeg",
          json.optionalLong(largest, "file_size")));
    }
    JsonNode document = json.optionalObject(message, "document");
    if (document != null && json.optionalObject(message, "animation") == null) {
      attachments.add(new Attachment("document", json.text(document, "file_id"),
          json.optionalText(document, "mime_type"), json.optionalLong(document, "file_size")));
    }
    List<String> defaults = List.of("video/mp4", "audio/mpeg", "video/mp4", "video/mp4", "audio/ogg", "image/webp");
    for (int i = 0; i < UpdateReader.FILE_KINDS.size(); i++) {
      JsonNode file = json.optionalObject(message, UpdateReader.FILE_KINDS.get(i));
      if (file != null) {
        String mime = json.optionalText(file, "mime_type");
        if (mime == null && UpdateReader.FILE_KINDS.get(i).equals("sticker")) {
          mime = file.path("is_video").isBoolean() && file.path("is_video").booleanValue() ? "video/webm"
              : file.path("is_animated").isBoolean() && file.path("is_animated").booleanValue()
                  ? "application/x-tgsticker" : null;
        }
        attachments.add(new Attachment(UpdateReader.FILE_KINDS.get(i), json.text(file, "file_id"),
            mime != null ? mime : defaults.get(i), json.optionalLong(file, "file_size")));
      }
    }
    JsonNode venue = json.optionalObject(message, "venue");
    JsonNode location = venue != null ? json.object(venue, "location") : json.optionalObject(message, "location");
    if (location != null) {
      attachments.add(new Attachment("location", "geo:" + coordinate(location, "latitude", 90) + ","
          + coordinate(location, "longitude", 180), null, null));
    }
    if (text == null && venue != null) {
      String title = json.text(venue, "title");
      String address = json.optionalText(venue, "address");
      text = address == null || address.isBlank() ? title : title + ", " + address;
    }
    JsonNode contact = json.optionalObject(message, "contact");
    if (contact != null) {
      String number = json.text(contact, "phone_number").replaceAll("[\\s\\-./()]", "");
      if (!number.matches("\\+?[0-9]{3,20}")) {
        throw json.reject(Reason.MALFORMED, "'phone_number' is not a phone number");
      }
      attachments.add(new Attachment("contact", "tel:" + number, null, null));
      if (text == null) {
        String first = json.text(contact, "first_name");
        String last = json.optionalText(contact, "last_name");
        text = last == null ? first : first + " " + last;
      }
    }
    if (text == null && attachments.isEmpty()) {
      return null;
    }
    String body = text == null ? "" : text;

    JsonNode isTopic = business ? null : message.get("is_topic_message");
    if (isTopic != null && !isTopic.isNull() && !isTopic.isBoolean()) {
      throw json.notA("is_topic_message", "a boolean");
    }
    String topic = isTopic != null && isTopic.asBoolean() ? json.optionalId(message, "message_thread_id") : null;
    if (topic != null && !TelegramAdapter.isInteger(topic)) {
      throw json.reject(Reason.MALFORMED, "'message_thread_id' is not an integer");
    }
    String thread = topic == null ? chatKey : chatKey + "/" + topic;
    JsonNode replyTo = json.optionalObject(message, "reply_to_message");
    if (replyTo != null && json.id(replyTo, "message_id").equals(topic)) {
      replyTo = null;
    }
    String inReplyTo = replyTo == null ? null : chatKey + ":" + json.id(replyTo, "message_id");
    boolean privateChat = chatType.equals("private");
    InteractionKind kind = privateChat ? InteractionKind.DIRECT
        : replyTo != null ? InteractionKind.REPLY : InteractionKind.MENTION;
    Visibility visibility = !privateChat && chat.hasNonNull("username") ? Visibility.PUBLIC : Visibility.PRIVATE;

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
    return builder.build();
  }

  private boolean mentionsBot(String text, JsonNode entities) {
    if (botUsername == null) {
      return false;
    }
    for (JsonNode entity : entities) {
      if (!"mention".equals(json.optionalText(entity, "type"))) {
        continue;
      }
      Long offset = json.optionalLong(entity, "offset");
      Long length = json.optionalLong(entity, "length");
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

  private static @Nullable String join(@Nullable String first, @Nullable String last) {
    if (first == null) {
      return last;
    }
    return last == null ? first : first + " " + last;
  }

  private String coordinate(JsonNode location, String field, int limit) {
    JsonNode value = location.get(field);
    if (value == null || value.isNull()) {
      throw json.missing(field);
    }
    if (!value.isNumber()) {
      throw json.notA(field, "a coordinate");
    }
    java.math.BigDecimal degrees = value.decimalValue();
    if (degrees.abs().compareTo(java.math.BigDecimal.valueOf(limit)) > 0) {
      throw json.reject(Reason.MALFORMED, "'" + field + "' is out of range");
    }
    return degrees.toPlainString();
  }
}
