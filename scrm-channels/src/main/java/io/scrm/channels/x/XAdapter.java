package io.scrm.channels.x;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scrm.channels.ChannelAdapter;
import io.scrm.channels.ChannelCapabilities;
import io.scrm.channels.DeliveryRejectedException;
import io.scrm.channels.DeliveryRejectedException.Reason;
import io.scrm.channels.InboundDelivery;
import io.scrm.channels.ParsedDelivery;
import io.scrm.channels.PollFailedException;
import io.scrm.channels.PollResult;
import io.scrm.channels.SendResult;
import io.scrm.channels.internal.AdapterCore;
import io.scrm.channels.internal.WireJson;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.Interaction;
import io.scrm.core.model.InteractionKind;
import io.scrm.core.model.OutboundMessage;
import io.scrm.core.model.Visibility;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The X API v2 adapter. Immutable after {@link Builder#build()} and thread-safe.
 *
 * <p>Inbound is the mentions timeline ({@code GET /2/users/:id/mentions}) with the author expanded:
 * a response's {@code data} tweets are mentions, their author's {@code username} and {@code name}
 * come from {@code includes.users} (a tweet whose author is not included is rejected, so that one
 * person never gets two handles). The thread is {@code conversation_id}; a {@code replied_to}
 * reference is the answered tweet. A tweet with more than one entry in
 * {@code edit_history_tweet_ids} is an edit: X gives every edit a new id, so the message keeps the
 * first id of that history (the original's), and the engine takes the edit as a revision of it. Ids
 * are strings on the wire and stay strings.
 *
 * <p>Polling asks for tweets after the cursor ({@code since_id}), follows {@code meta.next_token}
 * pages, returns them oldest first and continues from the newest tweet id. Replies go out through
 * {@code POST /2/tweets} with {@code reply.in_reply_to_tweet_id}; a 429 waits until
 * {@code x-rate-limit-reset}.
 *
 * @since 0.1.0
 */
public final class XAdapter implements ChannelAdapter {
  /** The API's public endpoint. */
  public static final String DEFAULT_BASE_URL = "https://api.x.com";

  private static final Pattern TWEET_ID = Pattern.compile("[0-9]{1,19}");
  private static final String FIELDS = "&expansions=author_id,referenced_tweets.id"
      + "&tweet.fields=created_at,conversation_id,referenced_tweets,author_id,edit_history_tweet_ids,lang"
      + "&user.fields=username,name";
  private static final int MAX_PAGES = 10;

  private final AdapterCore core;
  private final WireJson json;
  private final Clock clock;
  private final String baseUrl;
  private final String accessToken;
  private final String userId;

  private XAdapter(Builder b) {
    this.core = new AdapterCore(ChannelId.X, b.clock, b.timeout, true);
    this.json = core.json;
    this.clock = b.clock;
    this.baseUrl = b.baseUrl;
    this.accessToken = Objects.requireNonNull(b.accessToken, "accessToken");
    this.userId = Objects.requireNonNull(b.userId, "userId");
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
    return ChannelId.X;
  }

  @Override
  public ChannelCapabilities capabilities(ChannelId channel) {
    if (!channel.equals(ChannelId.X)) {
      throw new IllegalArgumentException("channel must be x, was " + channel);
    }
    return new ChannelCapabilities(false, true, true, null, WeightedLength.LIMIT, false, false,
        new ChannelCapabilities.RateLimit(100, Duration.ofMinutes(15)), false);
  }

  /** X's weighted count: CJK and emoji count 2, a link 23 (see {@link WeightedLength}). */
  @Override
  public int textLength(ChannelId channel, String text) {
    return WeightedLength.of(text);
  }

  @Override
  public ParsedDelivery parse(InboundDelivery delivery) {
    return core.parse(delivery, this::parseVerified);
  }

  @Override
  public PollResult poll(@Nullable String cursor) {
    // a caller's mistake, checked before the poll: everything inside it is the platform's answer
    if (cursor != null && !TWEET_ID.matcher(cursor).matches()) {
      throw new IllegalArgumentException("cursor must be a tweet id");
    }
    return core.poll(() -> pollOpen(cursor));
  }

  @Override
  public SendResult send(OutboundMessage message) {
    return core.send(message, () -> sendOpen(message));
  }

  @Override
  public void close() {
    core.close();
  }

  private ParsedDelivery parseVerified(InboundDelivery delivery) {
    JsonNode root = json.parse(delivery.bodyStream());
    if (!root.isObject()) {
      throw json.reject(Reason.MALFORMED, "a response must be a JSON object");
    }
    List<Interaction> interactions = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    readResponse(root, interactions, skipped);
    return new ParsedDelivery(interactions, skipped);
  }

  private void readResponse(JsonNode root, List<Interaction> out, List<String> skipped) {
    readResponse(root, out, skipped, false, new ArrayList<>());
  }

  /**
   * Reads a response; {@code polled} for a page of this adapter's own poll, where a tweet that is
   * refused is skipped instead of refusing the page, and the id of every tweet goes to {@code seen}
   * (the cursor moves past all of them).
   */
  private void readResponse(JsonNode root, List<Interaction> out, List<String> skipped, boolean polled,
      List<String> seen) {
    JsonNode data = root.get("data");
    if (data == null || data.isNull()) {
      JsonNode meta = json.optionalObject(root, "meta");
      if (meta == null && !root.has("errors")) {
        throw json.reject(Reason.MISSING_FIELD, "'data' is missing");
      }
      skipped.add("response without tweets");
      return;
    }
    Map<String, JsonNode> users = new HashMap<>();
    JsonNode includes = json.optionalObject(root, "includes");
    if (includes != null) {
      for (JsonNode user : json.array(includes, "users")) {
        users.put(json.id(user, "id"), user);
      }
    }
    if (data.isArray()) {
      for (JsonNode tweet : data) {
        String id = polled && tweet.isObject() ? json.optionalId(tweet, "id") : null;
        if (id == null) {
          out.add(readTweet(tweet, users));
          continue;
        }
        seen.add(id);
        // in a poll, one tweet the mapping refuses must not hold back the others: the cursor moves on
        AdapterCore.readOrSkip("tweet " + id, skipped, () -> out.add(readTweet(tweet, users)));
      }
    } else if (data.isObject()) {
      out.add(readTweet(data, users));
    } else {
      throw json.reject(Reason.MALFORMED, "'data' must be an array or an object");
    }
  }

  private Interaction readTweet(JsonNode tweet, Map<String, JsonNode> users) {
    if (!tweet.isObject()) {
      throw json.reject(Reason.MALFORMED, "a tweet must be an object");
    }
    String id = json.id(tweet, "id");
    // an edit is a new tweet id; the history starts with the original's, which stays the message's id
    JsonNode history = json.array(tweet, "edit_history_tweet_ids");
    String original = id;
    if (!history.isEmpty()) {
      JsonNode first = history.get(0);
      if (!first.isTextual() || !TWEET_ID.matcher(first.asText()).matches()) {
        throw json.reject(Reason.MALFORMED, "'edit_history_tweet_ids' must hold tweet ids");
      }
      original = first.asText();
    }
    String authorId = json.id(tweet, "author_id");
    JsonNode author = users.get(authorId);
    if (author == null) {
      throw json.reject(Reason.MISSING_FIELD, "includes.users lacks the author of tweet " + id);
    }
    String conversation = json.optionalId(tweet, "conversation_id");
    String repliedTo = null;
    for (JsonNode reference : json.array(tweet, "referenced_tweets")) {
      if ("replied_to".equals(json.optionalText(reference, "type"))) {
        repliedTo = json.id(reference, "id");
      }
    }
    String name = json.optionalText(author, "name");
    Interaction.Builder builder = Interaction.inbound(ChannelId.X, original)
        .thread(conversation != null ? conversation : original)
        .author(json.text(author, "username"), name == null || name.isBlank() ? null : name)
        .text(json.text(tweet, "text"))
        .occurredAt(json.timestamp(tweet, "created_at"))
        .visibility(Visibility.PUBLIC)
        .kind(repliedTo != null ? InteractionKind.REPLY : InteractionKind.MENTION)
        .inReplyTo(repliedTo)
        .edited(history.size() > 1);
    String lang = json.optionalText(tweet, "lang");
    if (lang != null && !lang.isBlank() && !lang.equals("und") && !lang.equals("qme") && !lang.equals("zxx")) {
      builder.language(lang);
    }
    return builder.build();
  }

  private PollResult pollOpen(@Nullable String cursor) throws IOException, InterruptedException {
    List<Interaction> interactions = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    List<String> seen = new ArrayList<>();
    String paginationToken = null;
    for (int page = 0; page < MAX_PAGES; page++) {
      String query = "?max_results=100" + FIELDS + (cursor == null ? "" : "&since_id=" + cursor)
          + (paginationToken == null ? "" : "&pagination_token="
              + URLEncoder.encode(paginationToken, StandardCharsets.UTF_8));
      HttpResponse<byte[]> response = core.exchange(HttpRequest.newBuilder(
          AdapterCore.uri(baseUrl, "/2/users/" + userId + "/mentions" + query))
          .header("Authorization", "Bearer " + accessToken).GET());
      if (response.statusCode() != 200) {
        Duration wait = response.statusCode() == 429 ? resetWait(response) : core.retryAfterHeader(response);
        throw new PollFailedException(ChannelId.X, "HTTP " + response.statusCode(), wait, null);
      }
      JsonNode root = json.parse(response.body());
      if (!root.isObject()) {
        throw json.reject(Reason.MALFORMED, "a response must be a JSON object");
      }
      readResponse(root, interactions, skipped, true, seen);
      JsonNode meta = root.path("meta");
      paginationToken = meta.isObject() ? json.optionalText(meta, "next_token") : null;
      if (paginationToken == null) {
        break;
      }
    }
    Comparator<String> byId = Comparator.comparingInt(String::length).thenComparing(Comparator.naturalOrder());
    // two versions of one edited tweet share the external id: the older version first, so that the
    // engine ends with the newest text
    interactions.sort(Comparator.comparing(Interaction::externalId, byId).thenComparing(Interaction::occurredAt));
    // the newest tweet id, not external id: an edit keeps its original's external id
    String newest = cursor;
    for (String id : seen) {
      if (newest == null || byId.compare(id, newest) > 0) {
        newest = id;
      }
    }
    return new PollResult(interactions, skipped, newest);
  }

  private SendResult sendOpen(OutboundMessage message) throws IOException, InterruptedException {
    if (message.visibility() != Visibility.PUBLIC) {
      return SendResult.permanent("this adapter sends public replies only");
    }
    ObjectNode body = WireJson.MAPPER.createObjectNode();
    body.put("text", message.text());
    String replyTo = message.inReplyTo() != null ? message.inReplyTo() : message.threadId();
    if (replyTo != null) {
      if (!TWEET_ID.matcher(replyTo).matches()) {
        return SendResult.permanent("inReplyTo is not a tweet id");
      }
      body.putObject("reply").put("in_reply_to_tweet_id", replyTo);
    }
    HttpResponse<byte[]> response = core.exchange(HttpRequest.newBuilder(AdapterCore.uri(baseUrl, "/2/tweets"))
        .header("Authorization", "Bearer " + accessToken)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(WireJson.MAPPER.writeValueAsBytes(body))));
    int status = response.statusCode();
    if (status == 201 || status == 200) {
      try {
        return SendResult.sent(json.id(json.object(json.parse(response.body()), "data"), "id"), clock.instant());
      } catch (DeliveryRejectedException e) {
        return SendResult.permanent("tweet created without an id in the answer");
      }
    }
    return AdapterCore.failure(status, status == 429 ? resetWait(response) : core.retryAfterHeader(response),
        problemTitle(response));
  }

  private static String problemTitle(HttpResponse<byte[]> response) {
    try {
      JsonNode title = WireJson.MAPPER.readTree(response.body()).get("title");
      // titles are fixed phrases such as "Forbidden" or "Too Many Requests"; details may echo text
      return title != null && title.isTextual() && title.textValue().length() <= 60 ? title.textValue() : "";
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  private @Nullable Duration resetWait(HttpResponse<byte[]> response) {
    Optional<String> reset = response.headers().firstValue("x-rate-limit-reset");
    if (reset.isPresent()) {
      try {
        return core.untilNow(Instant.ofEpochSecond(Long.parseLong(reset.get().strip())));
      } catch (NumberFormatException | java.time.DateTimeException e) {
        return core.retryAfterHeader(response);
      }
    }
    return core.retryAfterHeader(response);
  }

  /**
   * Builder of {@link XAdapter}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private String baseUrl = DEFAULT_BASE_URL;
    private @Nullable String accessToken;
    private @Nullable String userId;
    private Clock clock = Clock.systemUTC();
    private Duration timeout = Duration.ofSeconds(10);

    private Builder() {}

    /**
     * Sets the API base URL (a local mock server in tests).
     *
     * @param value an http or https URL
     * @return this builder
     */
    public Builder baseUrl(String value) {
      baseUrl = AdapterCore.httpUrl(value, "baseUrl");
      return this;
    }

    /**
     * Sets the OAuth 2.0 user access token (scopes {@code tweet.read}, {@code users.read},
     * {@code tweet.write}).
     *
     * @param value the token
     * @return this builder
     */
    public Builder accessToken(String value) {
      accessToken = AdapterCore.token(value, "accessToken");
      return this;
    }

    /**
     * Sets the company account's user id, whose mentions are read.
     *
     * @param value the numeric id as a string
     * @return this builder
     */
    public Builder userId(String value) {
      Objects.requireNonNull(value, "userId");
      if (!TWEET_ID.matcher(value).matches()) {
        throw new IllegalArgumentException("userId must be a numeric id");
      }
      userId = value;
      return this;
    }

    /**
     * Sets the clock (rate-limit resets are measured with it).
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
     * @throws IllegalStateException if token or user id is missing
     */
    public XAdapter build() {
      if (accessToken == null || userId == null) {
        throw new IllegalStateException("accessToken and userId are required");
      }
      return new XAdapter(this);
    }
  }

  @Override
  public String toString() {
    return "XAdapter[" + baseUrl + "]";
  }
}
