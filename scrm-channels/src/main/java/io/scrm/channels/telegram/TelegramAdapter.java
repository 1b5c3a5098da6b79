package io.scrm.channels.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scrm.channels.ChannelAdapter;
import io.scrm.channels.ChannelCapabilities;
import io.scrm.channels.Channels;
import io.scrm.channels.DeliveryRejectedException.Reason;
import io.scrm.channels.InboundDelivery;
import io.scrm.channels.ParsedDelivery;
import io.scrm.channels.PollFailedException;
import io.scrm.channels.PollResult;
import io.scrm.channels.SendResult;
import io.scrm.channels.internal.AdapterCore;
import io.scrm.channels.internal.Secrets;
import io.scrm.channels.internal.WireJson;
import io.scrm.core.model.Attachment;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.InteractionKind;
import io.scrm.core.model.OutboundMessage;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Telegram Bot API adapter. Immutable after {@link Builder#build()} and thread-safe.
 *
 * <p>Webhook deliveries are {@code Update} objects (a {@code getUpdates} response is accepted too);
 * {@code message}, {@code edited_message}, {@code channel_post}, {@code edited_channel_post},
 * {@code business_message} and {@code edited_business_message} are customer messages, and
 * {@code deleted_business_messages} (the only deletions Telegram tells a bot of) is a {@link
 * io.scrm.channels.Deletion} per message id, at the time it is heard, on webhooks and in polls; every
 * other update type is skipped with a note. A business message comes from a Telegram Business account's
 * private chat that the bot manages: its chat is the customer, so a message from anyone else (the
 * business's people or bots) is skipped, and the chat's key is {@code chatId@connectionId}, since the
 * bot's own chat with the same person is another chat; it has no topics. Replies there carry
 * {@code business_connection_id}; Telegram lets a bot reply there only within 24 hours of the
 * customer's last message, and {@link #replyWindow} says so, so a later reply is refused before it
 * is queued. If a secret token is configured
 * the {@code X-Telegram-Bot-Api-Secret-Token} header must carry it.
 *
 * <p>Message ids are unique only within a chat, so the external id is {@code chatId:messageId} and the
 * thread is the chat id; a message in a forum topic ({@code is_topic_message}) has the thread
 * {@code chatId/topicId}, so each topic is a conversation of its own, and the topic's opening message
 * it names as {@code reply_to_message} does not make it a reply. The author handle is the numeric user (or sender chat) id, which unlike the
 * username never changes. Ids are JSON numbers on the wire and are kept digit for digit. Captions
 * count as text; the largest photo size, a document and the other files become attachments, a shared
 * location or venue a {@code location} attachment {@code geo:lat,lon} (a venue's name and address its
 * text), a shared contact a {@code contact} attachment {@code tel:number} (its name the text). A message in a private
 * chat is {@link InteractionKind#DIRECT}, a reply to an earlier message {@link InteractionKind#REPLY},
 * anything else in a group or channel {@link InteractionKind#MENTION}; a {@code mention} entity naming
 * the bot (offsets in UTF-16 code units) tags the interaction {@code mentions-bot}. A chat with a
 * public username is public, any other chat private.
 *
 * <p>Replies go out through {@code sendMessage} with {@code reply_parameters}, into a topic with
 * {@code message_thread_id}; a reply whose message was deleted (which Telegram refuses in a topic
 * and across chats) goes out once more without the reference. A 429 answer's
 * {@code parameters.retry_after} becomes the retry wait. A group that was upgraded to a supergroup
 * answers 400 with {@code parameters.migrate_to_chat_id}: the reply then goes to the supergroup, once,
 * without the reply reference, and its provider id names the supergroup.
 *
 * <p>Files go out by reference, an http(s) URL Telegram fetches or a file id the bot received: one
 * file through {@code sendPhoto}, {@code sendVideo}, {@code sendAudio}, {@code sendVoice} or
 * {@code sendDocument}, with the text as its caption (none if the text is blank); two to ten as an
 * album through {@code sendMediaGroup}, with the caption on the first file. Each file of an album is
 * a message of its own: the provider id is that of the first. Files carry the chat, topic, business
 * connection and reply reference as a text does, and fall back alike. Telegram groups photos with
 * videos, documents only with documents, audio files only with audio files and a voice message with
 * nothing, and carries at most 1024 characters of caption beside files:
 * {@link #refusal} names what it cannot send before the message is queued. The Bot API has no
 * field for a file's {@link io.scrm.core.model.Attachment#description() description} (alt text): it is
 * left off.
 *
 * @since 0.1.0
 */
public final class TelegramAdapter implements ChannelAdapter {
  /** Between a forum's chat id and a topic's id in a thread id: {@code -1001234567890/42}. */
  static final char TOPIC_SEPARATOR = '/';
  /** Between a chat id and a business connection's id in a thread id: {@code 511223344@AbCd-connection}. */
  static final char CONNECTION_SEPARATOR = '@';
  /** How long after the customer's last message a bot may answer in a business account's chat. */
  private static final Duration BUSINESS_REPLY_WINDOW = Duration.ofHours(24);
  /** What {@code getUpdates} returns at most without a {@code limit}. */
  private static final int GET_UPDATES_LIMIT = 100;
  /** The descriptions of the 400 answer to a reply whose message no longer exists (older and newer wording). */
  private static final Set<String> REPLIED_GONE = Set.of("Bad Request: message to be replied not found",
      "Bad Request: replied message not found");
  /** What a 400 answer says when Telegram could not download a file ("failed to get HTTP URL content"). */
  private static final String FILE_UNREACHABLE = "HTTP URL content";
  /** The longest caption Telegram carries beside files (no entities are sent, so every character counts). */
  static final int MAX_CAPTION_LENGTH = 1024;
  /** The method that sends one file of each kind; the file's parameter is named like the kind. */
  private static final Map<String, String> SEND_FILE = Map.of("photo", "sendPhoto", "video", "sendVideo",
      "audio", "sendAudio", "voice", "sendVoice", "document", "sendDocument");
  /** The method that sends two to ten files as an album. */
  private static final String SEND_ALBUM = "sendMediaGroup";
  /** The album each kind of file goes into: Telegram has no voice message in an album. */
  private static final Map<String, String> ALBUM = Map.of("photo", "photos and videos",
      "video", "photos and videos", "document", "documents", "audio", "audio files");
  /** What the Bot API's file ids are made of: URL-safe base64. */
  private static final Pattern FILE_ID = Pattern.compile("[A-Za-z0-9_-]+");
  /** The Bot API's public endpoint. */
  public static final String DEFAULT_BASE_URL = "https://api.telegram.org";
  /** The header Telegram sends the webhook's secret token in. */
  public static final String SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token";

  private static final Logger LOG = LoggerFactory.getLogger(TelegramAdapter.class);

  private final AdapterCore core;
  private final WireJson json;
  private final Clock clock;
  private final String baseUrl;
  private final String token;
  private final @Nullable String secretToken;
  private final UpdateReader updates;

  private TelegramAdapter(Builder b) {
    this.core = new AdapterCore(ChannelId.TELEGRAM, b.clock, b.timeout, true);
    this.json = core.json;
    this.clock = b.clock;
    this.baseUrl = b.baseUrl;
    this.token = Objects.requireNonNull(b.token, "token");
    this.secretToken = b.secretToken;
    this.updates = new UpdateReader(json, b.botUsername, b.clock);
  }

  /**
   * Returns a new builder.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public ChannelId channel() {
    return ChannelId.TELEGRAM;
  }

  @Override
  public ParsedDelivery parse(InboundDelivery delivery) {
    return core.parse(delivery, this::parseVerified);
  }

  @Override
  public PollResult poll(@Nullable String cursor) {
    // a caller's mistake, checked before the poll: everything inside it is the platform's answer
    if (cursor != null && !isInteger(cursor)) {
      throw new IllegalArgumentException("cursor must be an update id, was not an integer");
    }
    return core.poll(() -> pollOpen(cursor));
  }

  @Override
  public SendResult send(OutboundMessage message) {
    return core.send(message, m -> Channels.refusal(this, m), () -> sendOpen(message));
  }

  @Override
  public void close() {
    core.close();
  }

  @Override
  public ChannelCapabilities capabilities(ChannelId channel) {
    if (!channel.equals(ChannelId.TELEGRAM)) {
      throw new IllegalArgumentException("channel must be telegram, was " + channel);
    }
    return new ChannelCapabilities(true, true, false, null, 4096, false, true,
        ChannelCapabilities.RateLimit.perSecond(30), false);
  }

  /**
   * Refuses, beyond what a channel without files refuses: a kind of file outside {@link
   * Attachment#SENDABLE_TYPES}; a reference that is neither an http(s) URL nor a Telegram file id
   * (an {@code attach://} upload name, a local path or another scheme, which Telegram would take for
   * something else); a text beside files longer than the 1024 characters of a caption; and files
   * Telegram does not put in one album. Reasons name kinds and positions, never a reference, which
   * may carry a signed URL's key.
   *
   * @param message a message about to be queued
   * @return why it cannot be sent, or null if it can
   */
  @Override
  public @Nullable String refusal(OutboundMessage message) {
    String refused = ChannelAdapter.super.refusal(message);
    List<Attachment> files = message.attachments();
    if (refused != null || files.isEmpty()) {
      return refused;
    }
    for (int i = 0; i < files.size(); i++) {
      Attachment file = files.get(i);
      if (!SEND_FILE.containsKey(file.type())) {
        return "Telegram sends no attachment of kind " + file.type();
      }
      if (AdapterCore.webAddress(file.reference()) == null && !FILE_ID.matcher(file.reference()).matches()) {
        return "attachment " + (i + 1) + " is neither an http(s) URL nor a Telegram file id";
      }
    }
    int length = textLength(message.channel(), message.text());
    if (length > MAX_CAPTION_LENGTH) {
      return "text of " + length + " characters exceeds the limit of " + MAX_CAPTION_LENGTH
          + " of a caption beside files";
    }
    return files.size() == 1 ? null : albumRefusal(files);
  }

  /** Why Telegram cannot send these files as one album, or null. */
  private static @Nullable String albumRefusal(List<Attachment> files) {
    String first = files.get(0).type();
    for (Attachment file : files) {
      String album = ALBUM.get(file.type());
      if (album == null) {
        return "Telegram sends a voice message only on its own, not in an album with other files";
      }
      if (!album.equals(ALBUM.get(first))) {
        return "Telegram does not put " + first + " and " + file.type()
            + " in one album: it groups photos with videos, documents only with documents, audio only with audio";
      }
    }
    return null;
  }

  /**
   * 24 hours in a Telegram Business chat (a thread {@code chatId@connectionId}), where a bot may only
   * send into chats that had an incoming message in the last 24 hours; no window anywhere else.
   */
  @Override
  public @Nullable Duration replyWindow(OutboundMessage message) {
    String thread = message.threadId();
    if (message.channel().equals(ChannelId.TELEGRAM) && thread != null
        && thread.indexOf(CONNECTION_SEPARATOR) >= 0) {
      return BUSINESS_REPLY_WINDOW;
    }
    return capabilities(message.channel()).replyWindow();
  }

  private ParsedDelivery parseVerified(InboundDelivery delivery) {
    if (secretToken != null) {
      Optional<String> given = delivery.header(SECRET_HEADER);
      if (given.isEmpty() || !Secrets.sameSecret(secretToken, given.get())) {
        throw json.reject(Reason.BAD_SIGNATURE, "secret token header is missing or wrong");
      }
    }
    return updates.readDelivery(delivery.bodyStream());
  }

  /** An optional minus and 1 to 30 digits: what Telegram's integer ids look like as text. */
  static boolean isInteger(String value) {
    int start = value.startsWith("-") ? 1 : 0;
    int digits = value.length() - start;
    if (digits < 1 || digits > 30) {
      return false;
    }
    for (int i = start; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  private PollResult pollOpen(@Nullable String cursor) throws IOException, InterruptedException {
    String query = "?timeout=0" + (cursor == null ? "" : "&offset=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
    HttpResponse<byte[]> response = core.exchange(HttpRequest.newBuilder(AdapterCore.uri(baseUrl, "/bot" + token + "/getUpdates" + query))
        .GET());
    if (response.statusCode() != 200) {
      Duration wait = errorWait(response);
      throw new PollFailedException(ChannelId.TELEGRAM, "HTTP " + response.statusCode(), wait, null);
    }
    UpdateReader.Batch batch = updates.readResponse(response.body());
    BigInteger last = batch.lastUpdateId();
    String next = last == null ? cursor : last.add(BigInteger.ONE).toString();
    LOG.debug("telegram poll: {} interactions, {} skipped", batch.interactions().size(), batch.skipped().size());
    // getUpdates returns at most 100 updates unless told otherwise: a full batch may have more behind it
    boolean more = batch.updates() >= GET_UPDATES_LIMIT;
    return new PollResult(batch.interactions(), batch.skipped(), next, more, batch.deletions());
  }

  private SendResult sendOpen(OutboundMessage message) throws IOException, InterruptedException {
    String thread = message.threadId();
    if (thread == null) {
      return SendResult.permanent("a Telegram bot can only answer in an existing chat: thread id is missing");
    }
    // chat@connection (a business account's chat), or chat/topic (a forum topic), or the chat alone
    int at = thread.indexOf(CONNECTION_SEPARATOR);
    int slash = at >= 0 ? -1 : thread.indexOf(TOPIC_SEPARATOR);
    int end = at >= 0 ? at : slash >= 0 ? slash : thread.length();
    String chatId = thread.substring(0, end);
    String chatKey = at >= 0 ? thread : chatId;
    String connection = at >= 0 ? thread.substring(at + 1) : null;
    String topic = slash < 0 ? null : thread.substring(slash + 1);
    if (topic != null && !isInteger(topic)) {
      return SendResult.permanent("thread id names no Telegram topic: " + thread);
    }
    if (connection != null && (connection.isEmpty() || !isInteger(chatId))) {
      return SendResult.permanent("thread id names no Telegram business chat: " + thread);
    }
    ObjectNode body = WireJson.MAPPER.createObjectNode();
    if (connection != null) {
      body.put("business_connection_id", connection);
    }
    putId(body, "chat_id", chatId);
    if (topic != null) {
      body.put("message_thread_id", new BigInteger(topic));
    }
    String method = putContent(body, message);
    String replyTo = message.inReplyTo();
    if (replyTo != null) {
      int colon = replyTo.lastIndexOf(':');
      String replyChat = colon < 0 ? chatKey : replyTo.substring(0, colon);
      String replyMessage = replyTo.substring(colon + 1);
      if (!isInteger(replyMessage)) {
        return SendResult.permanent("inReplyTo is not a Telegram message id");
      }
      ObjectNode parameters = body.putObject("reply_parameters");
      parameters.put("message_id", new BigInteger(replyMessage));
      if (!replyChat.equals(chatKey)) {
        if (connection != null || replyChat.indexOf(CONNECTION_SEPARATOR) >= 0) {
          return SendResult.permanent("a reply in a business chat can only answer a message of that chat");
        }
        putId(parameters, "chat_id", replyChat);
      }
      parameters.put("allow_sending_without_reply", true);
    }
    LOG.debug("telegram send of {} through {}", message.id(), method);
    HttpResponse<byte[]> response = post(method, body);
    if (body.has("reply_parameters") && response.statusCode() == 400
        && REPLIED_GONE.contains(String.valueOf(description(response)))) {
      // in a topic or across chats Telegram ignores allow_sending_without_reply: once the message
      // answered is deleted, the refused request sent nothing, and the answer goes out without the reference
      LOG.debug("telegram send of {}: the message answered is gone, sending without the reference", message.id());
      body.remove("reply_parameters");
      response = post(method, body);
    }
    String migratedTo = response.statusCode() == 400 ? migratedTo(response) : null;
    if (migratedTo != null) {
      // the group became a supergroup with a new id; the refused request sent nothing, so it goes to the
      // new chat once, without the reply reference (the message answered stays in the old chat)
      LOG.debug("telegram send of {}: group migrated, sending to its supergroup", message.id());
      putId(body, "chat_id", migratedTo);
      body.remove("reply_parameters");
      response = post(method, body);
    }
    int status = response.statusCode();
    if (status == 200) {
      return sent(method, response, connection);
    }
    if (status == 400 && String.valueOf(description(response)).contains(FILE_UNREACHABLE)) {
      // Telegram answers so for a file over its 20 MB by URL as for an unreachable one, and keeps a
      // failed URL's answer for days: trying the same URL again rarely helps, so it is a dead letter
      // that says what to check before re-driving it
      return SendResult.permanent("Telegram could not download a file from its URL (too large for a URL, over "
          + "20 MB, or unreachable); nothing was sent");
    }
    return AdapterCore.failure(status, status == 429 ? errorWait(response) : null, "Telegram error " + errorCode(response));
  }

  /**
   * Puts what the message carries into the request, its text, one file with the text as caption, or
   * an album with the caption on its first file, and returns the method that sends it.
   */
  private static String putContent(ObjectNode body, OutboundMessage message) {
    List<Attachment> files = message.attachments();
    if (files.isEmpty()) {
      body.put("text", message.text());
      return "sendMessage";
    }
    String caption = message.text().isBlank() ? null : message.text();
    if (files.size() == 1) {
      Attachment file = files.get(0);
      body.put(file.type(), file.reference());
      putCaption(body, caption);
      return SEND_FILE.get(file.type());
    }
    ArrayNode media = body.putArray("media");
    for (Attachment file : files) {
      ObjectNode item = media.addObject().put("type", file.type()).put("media", file.reference());
      putCaption(item, media.size() == 1 ? caption : null);
    }
    return SEND_ALBUM;
  }

  private static void putCaption(ObjectNode node, @Nullable String caption) {
    if (caption != null) {
      node.put("caption", caption);
    }
  }

  /**
   * The result of a 200 answer: sent, with the id {@code chatKey:messageId} of the message sent, or of
   * an album's first message ({@code sendMediaGroup} answers with an array of messages).
   */
  private SendResult sent(String method, HttpResponse<byte[]> response, @Nullable String connection) {
    try {
      JsonNode root = json.parse(response.body());
      JsonNode result = SEND_ALBUM.equals(method) ? json.array(root, "result").path(0) : root.path("result");
      String sentId = json.id(result, "message_id");
      String sentChat = json.id(json.object(result, "chat"), "id");
      String sentKey = connection == null ? sentChat : sentChat + CONNECTION_SEPARATOR + connection;
      return SendResult.sent(sentKey + ":" + sentId, clock.instant());
    } catch (RuntimeException e) {
      return SendResult.permanent(method + " answered 200 without a message id");
    }
  }

  private HttpResponse<byte[]> post(String method, ObjectNode body) throws IOException, InterruptedException {
    return core.exchange(HttpRequest.newBuilder(AdapterCore.uri(baseUrl, "/bot" + token + "/" + method))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(WireJson.MAPPER.writeValueAsBytes(body))));
  }

  /** The supergroup a group was upgraded to, from a 400 answer's {@code parameters.migrate_to_chat_id}. */
  private static @Nullable String migratedTo(HttpResponse<byte[]> response) {
    try {
      JsonNode root = WireJson.MAPPER.readTree(response.body());
      JsonNode id = root == null ? null : root.path("parameters").get("migrate_to_chat_id");
      return id != null && id.isIntegralNumber() && id.bigIntegerValue().bitLength() < 64 ? id.asText() : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static void putId(ObjectNode node, String field, String id) {
    if (isInteger(id)) {
      node.put(field, new BigInteger(id));
    } else {
      node.put(field, id);
    }
  }

  private @Nullable Duration errorWait(HttpResponse<byte[]> response) {
    try {
      JsonNode root = WireJson.MAPPER.readTree(response.body());
      JsonNode seconds = root == null ? null : root.path("parameters").get("retry_after");
      if (seconds != null && seconds.isIntegralNumber() && seconds.bigIntegerValue().signum() >= 0
          && seconds.bigIntegerValue().bitLength() < 32) {
        return Duration.ofSeconds(seconds.longValue());
      }
    } catch (IOException | RuntimeException e) {
      LOG.debug("telegram error body unreadable");
    }
    return core.retryAfterHeader(response);
  }

  /** An error answer's {@code description}, or null. */
  private static @Nullable String description(HttpResponse<byte[]> response) {
    try {
      JsonNode root = WireJson.MAPPER.readTree(response.body());
      JsonNode description = root == null ? null : root.get("description");
      return description != null && description.isTextual() ? description.asText() : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static String errorCode(HttpResponse<byte[]> response) {
    try {
      JsonNode root = WireJson.MAPPER.readTree(response.body());
      JsonNode code = root == null ? null : root.get("error_code");
      return code != null && code.isIntegralNumber() ? code.asText() : "unknown";
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  /**
   * Builder of {@link TelegramAdapter}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private String baseUrl = DEFAULT_BASE_URL;
    private @Nullable String token;
    private @Nullable String secretToken;
    private @Nullable String botUsername;
    private Clock clock = Clock.systemUTC();
    private Duration timeout = Duration.ofSeconds(10);

    private Builder() {}

    /**
     * Sets the Bot API base URL (a local mock server in tests).
     *
     * @param value an http or https URL
     * @return this builder
     */
    public Builder baseUrl(String value) {
      baseUrl = AdapterCore.httpUrl(value, "baseUrl");
      return this;
    }

    /**
     * Sets the bot token.
     *
     * @param value the token from BotFather
     * @return this builder
     */
    public Builder token(String value) {
      Objects.requireNonNull(value, "token");
      if (value.isBlank() || value.chars().anyMatch(c -> c <= ' ' || c == '/' || c == '?' || c == '#')) {
        throw new IllegalArgumentException("token must be a non-blank token without spaces or URL delimiters");
      }
      token = value;
      return this;
    }

    /**
     * Sets the webhook's secret token; deliveries without it in the header are rejected.
     *
     * @param value the secret given to {@code setWebhook}
     * @return this builder
     */
    public Builder secretToken(String value) {
      Objects.requireNonNull(value, "secretToken");
      if (!value.matches("[A-Za-z0-9_-]{1,256}")) {
        throw new IllegalArgumentException("secretToken must be 1-256 characters A-Z, a-z, 0-9, _ and -");
      }
      secretToken = value;
      return this;
    }

    /**
     * Sets the bot's username, for mention detection.
     *
     * @param value the username, with or without {@code @}
     * @return this builder
     */
    public Builder botUsername(String value) {
      Objects.requireNonNull(value, "botUsername");
      String name = value.startsWith("@") ? value.substring(1) : value;
      if (name.isBlank()) {
        throw new IllegalArgumentException("botUsername must not be blank");
      }
      botUsername = name;
      return this;
    }

    /**
     * Sets the clock.
     *
     * @param value the clock
     * @return this builder
     */
    public Builder clock(Clock value) {
      clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    /**
     * Sets the timeout of one request.
     *
     * @param value a positive duration
     * @return this builder
     */
    public Builder timeout(Duration value) {
      timeout = AdapterCore.positive(value, "timeout");
      return this;
    }

    /**
     * Builds the adapter.
     *
     * @return the adapter
     * @throws IllegalStateException if no token was set
     */
    public TelegramAdapter build() {
      if (token == null) {
        throw new IllegalStateException("token is required");
      }
      return new TelegramAdapter(this);
    }
  }

  @Override
  public String toString() {
    return "TelegramAdapter[" + baseUrl + "]";
  }

}
