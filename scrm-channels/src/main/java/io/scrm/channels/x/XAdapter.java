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
import io.scrm.core.model.Attachment;
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
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The X API v2 adapter. Immutable after {@link Builder#build()} and thread-safe.
 *
 * <p>Inbound is the mentions timeline ({@code GET /2/users/:id/mentions}) with the author expanded:
 * a response's {@code data} tweets are mentions, their author's {@code username} and {@code name}
 * come from {@code includes.users} (a tweet whose author is not included is rejected, so that one
 * person never gets two handles). The thread is {@code conversation_id/author_id}: everyone who
 * answers one post (the brand's announcement of an outage) shares its {@code conversation_id}, and
 * each of them is a conversation of their own there. A {@code replied_to} reference is the answered
 * tweet. Retweets (which mention the brand because the retweeted post does) and the account's own
 * posts are skipped with a note. Media in {@code includes.media} become attachments (a photo's
 * {@code url}, a video's {@code preview_image_url}). The text is a long post's {@code note_tweet.text} if it has one,
 * with the {@code &amp;}, {@code &lt;} and {@code &gt;} that X escapes undone. A tweet with more than one entry in
 * {@code edit_history_tweet_ids} is an edit: X gives every edit a new id, so the message keeps the
 * first id of that history (the original's), and the engine takes the edit as a revision of it. Ids
 * are strings on the wire and stay strings.
 *
 * <p>Polling asks for tweets after the cursor ({@code since_id}), follows {@code meta.next_token}
 * pages, returns them oldest first and continues from the newest tweet id. A backlog longer than
 * ten pages is read on by the next poll ({@code until_id} the oldest tweet read), which the result
 * says with {@link PollResult#more()}; the cursor meanwhile is {@code since~until~newest}. Replies go out through
 * {@code POST /2/tweets} with {@code reply.in_reply_to_tweet_id}; a 429 waits until
 * {@code x-rate-limit-reset}, or until {@code x-user-limit-24hour-reset} (or the app's) when the
 * daily cap of posts is used up.
 *
 * <p>With {@link Builder#directMessages(boolean)} the adapter also hears and answers direct messages
 * (scopes {@code dm.read} and {@code dm.write}). A poll then reads {@code GET /2/dm_events} too:
 * {@code MessageCreate} events, newest first, paged back until the last event the cursor names, with
 * the sender from {@code includes.users}. A direct message is {@link InteractionKind#DIRECT} and
 * private, its external id {@code dm:eventId}, its thread the {@code dm_conversation_id}; the
 * account's own messages are skipped. A private reply goes to
 * {@code POST /2/dm_conversations/:dm_conversation_id/messages}. The cursor then names both
 * timelines, {@code mentionsCursor:dmCursor} (either may be empty); a cursor of a tweet id alone is
 * read as the mentions part, and without direct messages a cursor of both is read for its mentions
 * part. The text limit stays the tweet's 280, which a direct message also fits.
 *
 * @since 0.1.0
 */
public final class XAdapter implements ChannelAdapter {
  /** The API's public endpoint. */
  public static final String DEFAULT_BASE_URL = "https://api.x.com";

  private static final Pattern TWEET_ID = Pattern.compile("[0-9]{1,19}");
  /** A cursor with direct messages: the mentions' and the direct messages' part, either empty. */
  private static final Pattern BOTH_CURSOR =
      Pattern.compile("([0-9]{1,19}(?:~[0-9]{1,19}~[0-9]{1,19})?)?(?::([0-9]{1,19})?)?");
  /** Between the parts of a mentions cursor that goes on with a backlog: {@code since~until~newest}. */
  private static final char WALK_SEPARATOR = '~';
  /** A one-to-one conversation ({@code smallerId-largerId}) or a group conversation (one id). */
  private static final Pattern CONVERSATION_ID = Pattern.compile("[0-9]{1,19}(?:-[0-9]{1,19})?");
  private static final String DM_PREFIX = "dm:";
  private static final String DM_FIELDS = "&event_types=MessageCreate&expansions=sender_id,attachments.media_keys"
      + "&dm_event.fields=id,text,event_type,created_at,dm_conversation_id,sender_id,attachments"
      + "&user.fields=username,name&media.fields=type,url,preview_image_url";
  /** Direct messages can only be paged back from the newest: up to 10,000 since the cursor are read. */
  private static final int MAX_DM_PAGES = 100;
  /** Ids are decimal numbers of up to 19 digits: the longer is the larger. */
  private static final Comparator<String> BY_ID =
      Comparator.comparingInt(String::length).thenComparing(Comparator.naturalOrder());
  private static final String FIELDS = "&expansions=author_id,referenced_tweets.id,attachments.media_keys"
      + "&tweet.fields=created_at,conversation_id,referenced_tweets,author_id,edit_history_tweet_ids,lang,note_tweet,"
      + "attachments&user.fields=username,name&media.fields=type,url,preview_image_url";
  /** X's codes for a post of no language: mentions, hashtags, cashtags or media links only, very short. */
  private static final Pattern NO_LANGUAGE = Pattern.compile("und|zxx|q[a-t][a-z]");
  private static final int MAX_PAGES = 10;

  private final AdapterCore core;
  private final WireJson json;
  private final Clock clock;
  private final String baseUrl;
  private final String accessToken;
  private final String userId;
  private final boolean directMessages;

  private XAdapter(Builder b) {
    this.core = new AdapterCore(ChannelId.X, b.clock, b.timeout, true);
    this.json = core.json;
    this.clock = b.clock;
    this.baseUrl = b.baseUrl;
    this.accessToken = Objects.requireNonNull(b.accessToken, "accessToken");
    this.userId = Objects.requireNonNull(b.userId, "userId");
    this.directMessages = b.directMessages;
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
    // X only answers here: a direct message goes into a conversation it names (the engine starts
    // conversations with private messages, which this adapter cannot send without one)
    return new ChannelCapabilities(directMessages, true, false, null, WeightedLength.LIMIT, false, false,
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
    if (cursor != null && !BOTH_CURSOR.matcher(cursor).matches()) {
      throw new IllegalArgumentException(directMessages
          ? "cursor must be a mentions cursor, a colon and a direct message event id (either may be empty)"
          : "cursor must be a tweet id, or since~until~newest tweet ids");
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
      if (root.has("errors")) {
        // nothing new is no skipped item; errors alone are (every tweet was unavailable)
        skipped.add("response without tweets");
      }
      return;
    }
    Map<String, JsonNode> users = includedUsers(root);
    Map<String, JsonNode> media = includedMedia(root);
    if (data.isArray()) {
      for (JsonNode tweet : data) {
        String id = polled && tweet.isObject() ? json.optionalId(tweet, "id") : null;
        if (id == null) {
          readTweetInto(tweet, users, media, out, skipped);
          continue;
        }
        if (!TWEET_ID.matcher(id).matches()) {
          // no cursor can be such an id: the next poll would refuse it, and never read the timeline again
          skipped.add("a tweet rejected: 'id' is not a tweet id");
          continue;
        }
        seen.add(id);
        // in a poll, one tweet the mapping refuses must not hold back the others: the cursor moves on
        AdapterCore.readOrSkip("tweet " + id, skipped, () -> readTweetInto(tweet, users, media, out, skipped));
      }
    } else if (data.isObject()) {
      readTweetInto(data, users, media, out, skipped);
    } else {
      throw json.reject(Reason.MALFORMED, "'data' must be an array or an object");
    }
  }

  /**
   * Reads a tweet into {@code out}, or notes in {@code skipped} why it is no customer's message: a
   * retweet (it mentions the brand because the retweeted post does) or a post of the account itself.
   */
  private void readTweetInto(JsonNode tweet, Map<String, JsonNode> users, Map<String, JsonNode> media,
      List<Interaction> out, List<String> skipped) {
    if (tweet.isObject()) {
      if (userId.equals(json.optionalId(tweet, "author_id"))) {
        skipped.add("tweet " + json.id(tweet, "id") + ": sent by this account");
        return;
      }
      for (JsonNode reference : json.array(tweet, "referenced_tweets")) {
        if (reference.isObject() && "retweeted".equals(json.optionalText(reference, "type"))) {
          skipped.add("tweet " + json.id(tweet, "id") + ": a retweet");
          return;
        }
      }
    }
    out.add(readTweet(tweet, users, media));
  }

  private Interaction readTweet(JsonNode tweet, Map<String, JsonNode> users, Map<String, JsonNode> media) {
    if (!tweet.isObject()) {
      throw json.reject(Reason.MALFORMED, "a tweet must be an object");
    }
    String id = json.id(tweet, "id");
    if (!TWEET_ID.matcher(id).matches()) {
      throw json.reject(Reason.MALFORMED, "'id' of a tweet is not a tweet id");
    }
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
    // everyone answering one post shares its conversation: each author is a conversation of their own
    // there, so one customer's messages never join another's case and a reply reaches the right one
    Interaction.Builder builder = Interaction.inbound(ChannelId.X, original)
        .thread((conversation != null ? conversation : original) + "/" + authorId)
        .author(json.text(author, "username"), name == null || name.isBlank() ? null : name)
        .text(unescape(fullText(tweet)))
        .occurredAt(json.timestamp(tweet, "created_at"))
        .visibility(Visibility.PUBLIC)
        .kind(repliedTo != null ? InteractionKind.REPLY : InteractionKind.MENTION)
        .inReplyTo(repliedTo)
        .edited(history.size() > 1);
    String lang = json.optionalText(tweet, "lang");
    if (lang != null && !lang.isBlank() && !NO_LANGUAGE.matcher(lang).matches()) {
      builder.language(lang);
    }
    addAttachments(builder, tweet, media);
    return builder.build();
  }

  /**
   * Adds the media of {@code attachments.media_keys} that {@code includes.media} describes: its
   * {@code url} (a photo's), else its {@code preview_image_url} (a video's), else its media key. A
   * media item X did not include, or one of another shape, is left out; the message still arrives.
   */
  private static void addAttachments(Interaction.Builder builder, JsonNode message, Map<String, JsonNode> media) {
    for (JsonNode key : message.path("attachments").path("media_keys")) {
      JsonNode item = key.isTextual() ? media.get(key.textValue()) : null;
      if (item == null) {
        continue;
      }
      String type = shortText(item, "type", 64);
      String url = shortText(item, "url", 4096);
      String preview = shortText(item, "preview_image_url", 4096);
      String reference = url != null ? url : preview != null ? preview : shortText(item, "media_key", 4096);
      if (reference != null) {
        builder.addAttachment(new Attachment(type != null ? type : "media", reference, null, null));
      }
    }
  }

  /** A member's text if it is a non-blank string of at most {@code max} chars, else null. */
  private static @Nullable String shortText(JsonNode parent, String field, int max) {
    JsonNode node = parent.get(field);
    return node != null && node.isTextual() && !node.textValue().isBlank() && node.textValue().length() <= max
        ? node.textValue() : null;
  }

  /** A long post's {@code text} is cut at 280 characters; {@code note_tweet.text} holds all of it. */
  private String fullText(JsonNode tweet) {
    JsonNode note = json.optionalObject(tweet, "note_tweet");
    String full = note == null ? null : json.optionalText(note, "text");
    return full != null ? full : json.text(tweet, "text");
  }

  /** X escapes {@code &}, {@code <} and {@code >} in a post's text as HTML does; nothing else. */
  static String unescape(String text) {
    if (text.indexOf('&') < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '&' && text.startsWith("&amp;", i)) {
        out.append('&');
        i += 4;
      } else if (c == '&' && text.startsWith("&lt;", i)) {
        out.append('<');
        i += 3;
      } else if (c == '&' && text.startsWith("&gt;", i)) {
        out.append('>');
        i += 3;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private PollResult pollOpen(@Nullable String cursor) throws IOException, InterruptedException {
    int colon = cursor == null ? -1 : cursor.indexOf(':');
    String mentionsCursor = cursor == null || cursor.isEmpty() || colon == 0 ? null
        : colon < 0 ? cursor : cursor.substring(0, colon);
    String dmCursor = colon < 0 || colon == cursor.length() - 1 ? null : cursor.substring(colon + 1);
    if (!directMessages) {
      // a cursor of both timelines, kept from when direct messages were on, gives its mentions part
      List<Interaction> mentions = new ArrayList<>();
      List<String> skipped = new ArrayList<>();
      String next = pollMentions(mentionsCursor, mentions, skipped);
      return new PollResult(mentions, skipped, next, isWalk(next));
    }
    List<Interaction> mentions = new ArrayList<>();
    List<Interaction> dms = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    String nextMentions = pollMentions(mentionsCursor, mentions, skipped);
    String nextDms = pollDirectMessages(dmCursor, dms, skipped);
    return new PollResult(merge(mentions, dms), skipped,
        (nextMentions == null ? "" : nextMentions) + ":" + (nextDms == null ? "" : nextDms), isWalk(nextMentions));
  }

  private static boolean isWalk(@Nullable String mentionsCursor) {
    return mentionsCursor != null && mentionsCursor.indexOf(WALK_SEPARATOR) >= 0;
  }

  /** Two lists each in occurrence order, as one; on a tie the first list's element first. */
  private static List<Interaction> merge(List<Interaction> first, List<Interaction> second) {
    List<Interaction> merged = new ArrayList<>(first.size() + second.size());
    int i = 0;
    int j = 0;
    while (i < first.size() || j < second.size()) {
      if (j == second.size()
          || i < first.size() && !first.get(i).occurredAt().isAfter(second.get(j).occurredAt())) {
        merged.add(first.get(i++));
      } else {
        merged.add(second.get(j++));
      }
    }
    return merged;
  }

  /**
   * Reads the mentions after {@code cursor} into {@code interactions}; returns the next cursor.
   *
   * <p>X lists mentions newest first and pages back from there. A poll reads at most {@value
   * #MAX_PAGES} pages; when more are left between the cursor and the oldest mention read, the next
   * cursor is {@code since~until~newest}, and the next poll reads what is older than {@code until}
   * and newer than {@code since} ({@code until_id}), until that gap is closed and the cursor becomes
   * {@code newest}. A rate limit or failure after the first page keeps what was read the same way;
   * X refusing to read on below {@code until} gives the backlog up with a note. A first poll (no
   * cursor) reads the newest pages only. X serves at most the 800 most recent mentions, so a backlog
   * beyond that cannot be read by any poll.
   */
  private @Nullable String pollMentions(@Nullable String cursor, List<Interaction> interactions, List<String> skipped)
      throws IOException, InterruptedException {
    String since = cursor;
    String until = null;
    String newest = cursor;
    int walk = cursor == null ? -1 : cursor.indexOf(WALK_SEPARATOR);
    if (walk >= 0) {
      int second = cursor.indexOf(WALK_SEPARATOR, walk + 1);
      since = cursor.substring(0, walk);
      until = cursor.substring(walk + 1, second);
      newest = cursor.substring(second + 1);
    }
    List<String> seen = new ArrayList<>();
    String paginationToken = null;
    for (int page = 0; page < MAX_PAGES; page++) {
      String query = "?max_results=100" + FIELDS + (since == null ? "" : "&since_id=" + since)
          + (until == null ? "" : "&until_id=" + until)
          + (paginationToken == null ? "" : "&pagination_token="
              + URLEncoder.encode(paginationToken, StandardCharsets.UTF_8));
      HttpResponse<byte[]> response = core.exchange(HttpRequest.newBuilder(
          AdapterCore.uri(baseUrl, "/2/users/" + userId + "/mentions" + query))
          .header("Authorization", "Bearer " + accessToken).GET());
      int status = response.statusCode();
      if (status != 200 && until != null && page == 0 && status >= 400 && status < 500 && status != 429) {
        // X will not read on below the tweet: give the backlog up rather than stop hearing altogether
        skipped.add("mentions: X refused to read on before tweet " + until + " (HTTP " + status
            + "), the older ones not read");
        return newest;
      }
      if (status != 200 && page > 0 && since != null) {
        // a rate limit or a failure after the first page: keep what was read, the next poll goes on below it
        break;
      }
      JsonNode root = pageOf(response);
      readResponse(root, interactions, skipped, true, seen);
      JsonNode meta = root.path("meta");
      paginationToken = meta.isObject() ? json.optionalText(meta, "next_token") : null;
      if (paginationToken == null) {
        break;
      }
    }
    // two versions of one edited tweet share the external id: the older version first, so that the
    // engine ends with the newest text
    interactions.sort(Comparator.comparing(Interaction::externalId, BY_ID).thenComparing(Interaction::occurredAt));
    // the newest and oldest tweet id, not external id: an edit keeps its original's external id
    String oldest = null;
    for (String id : seen) {
      // reading on below a tweet, the newest stays the cursor's: an edit in the gap comes with a newer id
      if (until == null && (newest == null || BY_ID.compare(id, newest) > 0)) {
        newest = id;
      }
      if (oldest == null || BY_ID.compare(id, oldest) < 0) {
        oldest = id;
      }
    }
    if (paginationToken != null && oldest != null) {
      if (since != null) {
        if (until != null && BY_ID.compare(oldest, until) > 0) {
          oldest = until;
        }
        // pages left between the cursor and the oldest mention read: the next poll goes on there
        return since + WALK_SEPARATOR + oldest + WALK_SEPARATOR + newest;
      }
      skipped.add("mentions: more than " + MAX_PAGES * 100 + " on the first poll, the older ones not read");
    }
    return newest;
  }

  /** A poll's page: a JSON object from a 200 answer, else the poll fails with the answer's wait. */
  private JsonNode pageOf(HttpResponse<byte[]> response) {
    if (response.statusCode() != 200) {
      Duration wait = response.statusCode() == 429 ? resetWait(response) : core.retryAfterHeader(response);
      throw new PollFailedException(ChannelId.X, "HTTP " + response.statusCode(), wait, null);
    }
    JsonNode root = json.parse(response.body());
    if (!root.isObject()) {
      throw json.reject(Reason.MALFORMED, "a response must be a JSON object");
    }
    return root;
  }

  /**
   * Reads the direct messages after the event {@code cursor} names into {@code interactions}, oldest
   * first; returns the newest event id seen. X lists them newest first and only pages back, so the
   * pages are read until the cursor's event (or the end of the 30 days X keeps).
   */
  private @Nullable String pollDirectMessages(@Nullable String cursor, List<Interaction> interactions,
      List<String> skipped) throws IOException, InterruptedException {
    String newest = cursor;
    String paginationToken = null;
    boolean reached = false;
    String previous = null;
    Set<String> tokens = new HashSet<>();
    int pages = 0;
    while (pages < MAX_DM_PAGES && !reached) {
      pages++;
      String query = "?max_results=100" + DM_FIELDS + (paginationToken == null ? "" : "&pagination_token="
          + URLEncoder.encode(paginationToken, StandardCharsets.UTF_8));
      HttpResponse<byte[]> response = core.exchange(HttpRequest.newBuilder(
          AdapterCore.uri(baseUrl, "/2/dm_events" + query)).header("Authorization", "Bearer " + accessToken).GET());
      JsonNode root = pageOf(response);
      JsonNode data = root.get("data");
      if (data == null || data.isNull()) {
        if (json.optionalObject(root, "meta") == null && !root.has("errors")) {
          throw json.reject(Reason.MISSING_FIELD, "'data' is missing");
        }
        // a page without messages (event_types filtered all of its events out) can have more after it
        data = WireJson.MAPPER.createArrayNode();
      }
      if (!data.isArray()) {
        throw json.reject(Reason.MALFORMED, "'data' must be an array");
      }
      Map<String, JsonNode> users = includedUsers(root);
      Map<String, JsonNode> media = includedMedia(root);
      boolean progressed = false;
      for (JsonNode event : data) {
        if (!event.isObject()) {
          throw json.reject(Reason.MALFORMED, "a direct message event must be an object");
        }
        String id = json.id(event, "id");
        if (!TWEET_ID.matcher(id).matches()) {
          throw json.reject(Reason.MALFORMED, "'id' of a direct message event is not a number");
        }
        if (cursor != null && BY_ID.compare(id, cursor) <= 0) {
          reached = true;
          break;
        }
        if (previous != null && BY_ID.compare(id, previous) >= 0) {
          // not older than the event before it: a page given again, read already
          continue;
        }
        previous = id;
        progressed = true;
        if (newest == null || BY_ID.compare(id, newest) > 0) {
          newest = id;
        }
        String note = "dm event " + id;
        if (!"MessageCreate".equals(json.optionalText(event, "event_type"))) {
          skipped.add(note + ": not a message");
        } else if (userId.equals(json.optionalId(event, "sender_id"))) {
          skipped.add(note + ": sent by this account");
        } else {
          AdapterCore.readOrSkip(note, skipped, () -> interactions.add(readDirectMessage(event, id, users, media)));
        }
      }
      JsonNode meta = root.path("meta");
      paginationToken = meta.isObject() ? json.optionalText(meta, "next_token") : null;
      // a page whose events were all read before, or a token given again, is X repeating itself
      if (paginationToken == null || !data.isEmpty() && !progressed && !reached || !tokens.add(paginationToken)) {
        paginationToken = null;
        break;
      }
    }
    if (!reached && paginationToken != null && pages == MAX_DM_PAGES) {
      skipped.add("dm events: more than " + MAX_DM_PAGES * 100 + " to read, the older ones not read");
    }
    interactions.sort(Comparator.comparing((Interaction i) -> i.externalId().substring(DM_PREFIX.length()), BY_ID));
    return newest;
  }

  private Interaction readDirectMessage(JsonNode event, String id, Map<String, JsonNode> users,
      Map<String, JsonNode> media) {
    String senderId = json.id(event, "sender_id");
    JsonNode sender = users.get(senderId);
    if (sender == null) {
      throw json.reject(Reason.MISSING_FIELD, "includes.users lacks the sender of dm event " + id);
    }
    String conversation = json.id(event, "dm_conversation_id");
    if (!CONVERSATION_ID.matcher(conversation).matches()) {
      throw json.reject(Reason.MALFORMED, "'dm_conversation_id' is not a conversation id");
    }
    String text = json.optionalText(event, "text");
    String name = json.optionalText(sender, "name");
    Interaction.Builder builder = Interaction.inbound(ChannelId.X, DM_PREFIX + id)
        .thread(conversation)
        .author(json.text(sender, "username"), name == null || name.isBlank() ? null : name)
        .text(text == null ? "" : text)
        .occurredAt(json.timestamp(event, "created_at"))
        .visibility(Visibility.PRIVATE)
        .kind(InteractionKind.DIRECT);
    addAttachments(builder, event, media);
    return builder.build();
  }

  /** The media of {@code includes.media} by media key; an item of another shape is left out. */
  private static Map<String, JsonNode> includedMedia(JsonNode root) {
    Map<String, JsonNode> media = new HashMap<>();
    for (JsonNode item : root.path("includes").path("media")) {
      if (item.path("media_key").isTextual()) {
        media.put(item.get("media_key").textValue(), item);
      }
    }
    return media;
  }

  private Map<String, JsonNode> includedUsers(JsonNode root) {
    Map<String, JsonNode> users = new HashMap<>();
    JsonNode includes = json.optionalObject(root, "includes");
    if (includes != null) {
      for (JsonNode user : json.array(includes, "users")) {
        users.put(json.id(user, "id"), user);
      }
    }
    return users;
  }

  private SendResult sendOpen(OutboundMessage message) throws IOException, InterruptedException {
    String refused = refusal(message);
    if (refused != null) {
      // X gets no files from this adapter: a post without the files it carried is not sent
      return SendResult.permanent(refused);
    }
    if (message.visibility() != Visibility.PUBLIC) {
      return directMessages ? sendDirect(message)
          : SendResult.permanent("direct messages are not enabled on this adapter");
    }
    ObjectNode body = WireJson.MAPPER.createObjectNode();
    body.put("text", message.text());
    // a thread is conversationId/authorId: without a message to answer, the reply goes to the conversation
    String thread = message.threadId();
    String replyTo = message.inReplyTo() != null ? message.inReplyTo()
        : thread == null || thread.indexOf('/') < 0 ? thread : thread.substring(0, thread.indexOf('/'));
    if (replyTo != null) {
      if (!TWEET_ID.matcher(replyTo).matches()) {
        return SendResult.permanent("inReplyTo is not a tweet id");
      }
      body.putObject("reply").put("in_reply_to_tweet_id", replyTo);
    }
    return create("/2/tweets", body, "id", "", "tweet");
  }

  /**
   * Posts a body that creates something and reads the id of what was created from {@code data}.
   *
   * @param idField the member of {@code data} holding the new id
   * @param prefix put before that id in the provider id
   * @param what what is created, for the failure's reason
   */
  private SendResult create(String path, ObjectNode body, String idField, String prefix, String what)
      throws IOException, InterruptedException {
    HttpResponse<byte[]> response = core.exchange(HttpRequest.newBuilder(AdapterCore.uri(baseUrl, path))
        .header("Authorization", "Bearer " + accessToken)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(WireJson.MAPPER.writeValueAsBytes(body))));
    int status = response.statusCode();
    if (status == 201 || status == 200) {
      try {
        return SendResult.sent(prefix + json.id(json.object(json.parse(response.body()), "data"), idField),
            clock.instant());
      } catch (DeliveryRejectedException e) {
        return SendResult.permanent(what + " created without an id in the answer");
      }
    }
    String refusal = status == 400 || status == 403 ? refusal(response) : null;
    if (refusal != null) {
      return SendResult.permanent("HTTP " + status + ": " + refusal);
    }
    return AdapterCore.failure(status, status == 429 ? resetWait(response) : core.retryAfterHeader(response),
        problemTitle(response));
  }

  /**
   * Why X refused a post, in words that tell an agent what to do, for the refusals X names in a
   * fixed phrase of its {@code detail}; null for any other. The detail itself is never quoted.
   */
  private static @Nullable String refusal(HttpResponse<byte[]> response) {
    String detail;
    try {
      JsonNode node = WireJson.MAPPER.readTree(response.body()).get("detail");
      detail = node != null && node.isTextual() ? node.textValue().toLowerCase(Locale.ROOT) : "";
    } catch (IOException | RuntimeException e) {
      return null;
    }
    if (detail.contains("duplicate content")) {
      return "X refuses a post with the same text as an earlier one: change the wording";
    }
    if (detail.contains("reply to this conversation is not allowed") || detail.contains("restricted who can reply")) {
      return "the author of the post answered restricts who may reply";
    }
    if (detail.contains("deleted or not visible")) {
      return "the post answered is deleted or not visible to this account";
    }
    return null;
  }

  private SendResult sendDirect(OutboundMessage message) throws IOException, InterruptedException {
    String conversation = message.threadId();
    if (conversation == null || !CONVERSATION_ID.matcher(conversation).matches()) {
      return SendResult.permanent("a direct message needs its conversation id as thread");
    }
    ObjectNode body = WireJson.MAPPER.createObjectNode();
    body.put("text", message.text());
    return create("/2/dm_conversations/" + conversation + "/messages", body, "dm_event_id", DM_PREFIX,
        "direct message");
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

  /**
   * How long a 429 asks to wait: until the daily cap's reset when a 24-hour limit (the user's or the
   * app's posts) is used up, else until the 15-minute window's {@code x-rate-limit-reset}.
   */
  private @Nullable Duration resetWait(HttpResponse<byte[]> response) {
    for (String daily : List.of("x-user-limit-24hour-", "x-app-limit-24hour-")) {
      if (response.headers().firstValue(daily + "remaining").map(String::strip).filter("0"::equals).isPresent()
          && response.headers().firstValue(daily + "reset").isPresent()) {
        return epochSecondsWait(response, daily + "reset");
      }
    }
    return epochSecondsWait(response, "x-rate-limit-reset");
  }

  private @Nullable Duration epochSecondsWait(HttpResponse<byte[]> response, String header) {
    Optional<String> reset = response.headers().firstValue(header);
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
    private boolean directMessages;

    private Builder() {}

    /**
     * Hears and answers direct messages as well as mentions (off by default). The token then needs
     * the scopes {@code dm.read} and {@code dm.write}, and poll cursors name both timelines.
     *
     * @param value whether direct messages are read and sent
     * @return this builder
     * @since 0.1.0
     */
    public Builder directMessages(boolean value) {
      directMessages = value;
      return this;
    }

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
