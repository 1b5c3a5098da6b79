package io.scrm.channels.x;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scrm.channels.AttachmentFile;
import io.scrm.channels.AttachmentSource;
import io.scrm.channels.ChannelAdapter;
import io.scrm.channels.ChannelCapabilities;
import io.scrm.channels.Channels;
import io.scrm.channels.DeliveryRejectedException;
import io.scrm.channels.DeliveryRejectedException.Reason;
import io.scrm.channels.InboundDelivery;
import io.scrm.channels.ParsedDelivery;
import io.scrm.channels.PollFailedException;
import io.scrm.channels.PollResult;
import io.scrm.channels.SendResult;
import io.scrm.channels.internal.AdapterCore;
import io.scrm.channels.internal.FileFetch;
import io.scrm.channels.internal.Multipart;
import io.scrm.channels.internal.PendingMedia;
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
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The X API v2 adapter. Thread-safe; after {@link Builder#build()} it keeps only until when X's
 * rate limit holds its direct messages back.
 *
 * <p>Inbound is the mentions timeline ({@code GET /2/users/:id/mentions}) with the author expanded:
 * a response's {@code data} tweets are mentions, their author's {@code username} and {@code name}
 * come from {@code includes.users} (a tweet whose author is not included is rejected, so that one
 * person never gets two handles). The thread is {@code conversation_id/author_id}: everyone who
 * answers one post (the brand's announcement of an outage) shares its {@code conversation_id}, and
 * each of them is a conversation of their own there. A {@code replied_to} reference is the answered
 * tweet. Retweets (which mention the brand because the retweeted post does) and the account's own
 * posts are skipped with a note. Media in {@code includes.media} become attachments (a photo's
 * {@code url}, a video's {@code preview_image_url}, with the {@code alt_text} as description). The
 * text is a long post's {@code note_tweet.text} if it has one,
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
 * timelines, {@code mentionsCursor:dmCursor} (either may be empty; the direct messages' part an
 * event id, or {@code since~token~newest} while a backlog is read on after a rate limit); a cursor
 * of a tweet id alone is read as the mentions part, and without direct messages a cursor of both is
 * read for its mentions part. A direct message carries up to 10,000 characters, a post 280 (weighted).
 * Direct messages that cannot be read (a token without {@code dm.read}, an expired one, a page that
 * cannot be read) do not stop the mentions: the poll returns them, notes why the direct messages were
 * not read in {@link PollResult#skipped()}, keeps the direct messages' cursor and reads them again
 * after a minute. Only X's 400 on a kept {@code until_id} or pagination token gives a backlog up; an
 * expired token (401) there fails the poll, or for direct messages keeps the backlog, which is read
 * on once the token works.
 *
 * <p>A reply carries files, with or without text: up to four photos, or one GIF or one video on its
 * own, as X posts them ({@code media.media_ids}); a direct message carries one file ({@code
 * attachments: [{media_id}]}). Documents, audio and voice messages, which X does not take, are
 * refused, as are other kinds, and files of other media types than X's images (JPEG, PNG, GIF, WebP,
 * BMP, TIFF) and videos (MP4, MOV, WebM, MPEG-TS). A photo whose media type is {@code image/gif} is
 * a GIF, one whose media type is a video's a video. The bytes come from the {@link AttachmentSource}
 * (by default the reference, fetched over {@code https} or {@code http}), all files before X is asked
 * anything, at most {@link Builder#maxAttachmentBytes} each and X's own limits (5 MiB an image, 15
 * MiB a GIF, 512 MiB a video). Each file is uploaded in X's chunked upload ({@code POST
 * /2/media/upload/initialize} with its media type, size and {@code media_category}, {@code
 * tweet_image}, {@code tweet_gif} or {@code tweet_video} for a post and {@code dm_image}, {@code
 * dm_gif} or {@code dm_video} for a direct message; its bytes in parts of 4 MiB to {@code
 * /2/media/upload/:id/append}; {@code /2/media/upload/:id/finalize}), and a photo's or GIF's
 * {@link Attachment#description() description} becomes its alt text ({@code POST /2/media/metadata},
 * at most 1,000 characters; X takes none for a video, whose description is left off); one whose {@code
 * processing_info} says X still processes it is asked after ({@code GET
 * /2/media/upload?command=STATUS}) a few times within the {@link Builder#timeout}, each after the
 * wait X asks for ({@code check_after_secs}) where it fits, and is ready only once X says {@code
 * succeeded}; then the post or message goes out. A file the source cannot give now, an upload answered 429 (waiting until {@code
 * x-rate-limit-reset}) or 5xx or timed out, or a file still processing at the end is a retryable
 * failure (whose next attempt asks after the same media rather than uploading again); a file the source never can give, one X refuses (another 4xx) or fails to process, a
 * permanent one. Nothing is posted then, and reasons name files by their position, never by their
 * reference.
 *
 * @since 0.1.0
 */
public final class XAdapter implements ChannelAdapter {
  /** The API's public endpoint. */
  public static final String DEFAULT_BASE_URL = "https://api.x.com";

  private static final Pattern TWEET_ID = Pattern.compile("[0-9]{1,19}");
  /** A cursor with direct messages: the mentions' and the direct messages' part, either empty. */
  private static final Pattern BOTH_CURSOR = Pattern.compile("([0-9]{1,19}(?:~[0-9]{1,19}~[0-9]{1,19})?)?"
      + "(?::([0-9]{1,19}|[0-9]{0,19}~[A-Za-z0-9_-]{1,200}~[0-9]{1,19})?)?");
  /** The longest X's rate limit holds the direct messages back: a day, the longest window it has. */
  private static final Duration MAX_HOLD = Duration.ofDays(1);
  /** How long a failure of the direct messages holds them back when X does not say. */
  private static final Duration MIN_HOLD = Duration.ofMinutes(1);
  /** A pagination token of {@code GET /2/dm_events} that a cursor can carry. */
  private static final Pattern DM_TOKEN = Pattern.compile("[A-Za-z0-9_-]{1,200}");
  /** Between the parts of a mentions cursor that goes on with a backlog: {@code since~until~newest}. */
  private static final char WALK_SEPARATOR = '~';
  /** A one-to-one conversation ({@code smallerId-largerId}) or a group conversation (one id). */
  private static final Pattern CONVERSATION_ID = Pattern.compile("[0-9]{1,19}(?:-[0-9]{1,19})?");
  private static final String DM_PREFIX = "dm:";
  private static final String DM_FIELDS = "&event_types=MessageCreate&expansions=sender_id,attachments.media_keys"
      + "&dm_event.fields=id,text,event_type,created_at,dm_conversation_id,sender_id,attachments"
      + "&user.fields=username,name&media.fields=type,url,preview_image_url,alt_text";
  /** Direct messages can only be paged back from the newest: up to 10,000 since the cursor are read. */
  private static final int MAX_DM_PAGES = 100;
  /** Ids are decimal numbers of up to 19 digits: the longer is the larger. */
  private static final Comparator<String> BY_ID =
      Comparator.comparingInt(String::length).thenComparing(Comparator.naturalOrder());
  /** Direct messages by their event ids, oldest first. */
  private static final Comparator<Interaction> BY_EVENT_ID =
      Comparator.comparing(i -> i.externalId().substring(DM_PREFIX.length()), BY_ID);
  private static final String FIELDS = "&expansions=author_id,referenced_tweets.id,attachments.media_keys"
      + "&tweet.fields=created_at,conversation_id,referenced_tweets,author_id,edit_history_tweet_ids,lang,note_tweet,"
      + "attachments&user.fields=username,name&media.fields=type,url,preview_image_url,alt_text";
  /** X's codes for a post of no language: mentions, hashtags, cashtags or media links only, very short. */
  private static final Pattern NO_LANGUAGE = Pattern.compile("und|zxx|q[a-t][a-z]");
  private static final int MAX_PAGES = 10;
  private static final Logger LOG = LoggerFactory.getLogger(XAdapter.class);
  /** X's limit of photos in one post; a GIF or a video goes alone. */
  private static final int MAX_IMAGES = 4;
  /**
   * How long the files of one reply may take to fetch: well under the dispatcher's lease of 60 s,
   * with room for the uploads and the post.
   */
  private static final Duration FETCH_TIME = Duration.ofSeconds(30);
  /** The size of the parts a file is uploaded in: X takes up to 5 MB in one append. */
  private static final int CHUNK_BYTES = 4 * 1024 * 1024;
  /** How often the adapter asks, within one timeout, whether X has processed uploaded media. */
  private static final int PROCESSING_POLLS = 5;
  /** Messages whose media are remembered while X processes them. */
  private static final int KNOWN_PROCESSING = 1_000;
  /** How long uploaded media are used again: well within the day X keeps them ({@code expires_after_secs}). */
  private static final Duration UNATTACHED_KEPT = Duration.ofHours(12);
  /** The longest wait between questions that X's {@code check_after_secs} is followed for. */
  private static final Duration MAX_CHECK_AFTER = Duration.ofMinutes(5);
  /** The media types X's upload takes, of images and videos. */
  private static final Set<String> MEDIA_TYPES = Set.of("image/jpeg", "image/pjpeg", "image/png", "image/gif",
      "image/webp", "image/bmp", "image/tiff", "video/mp4", "video/quicktime", "video/webm", "video/mp2t");
  /** X's limit of a direct message's text, in characters. */
  private static final int MAX_DIRECT_MESSAGE_LENGTH = 10_000;
  /** X's limit of a media description ({@code alt_text}), in characters. */
  private static final int MAX_DESCRIPTION = 1000;
  private static final String MEDIA_TYPES_TAKEN =
      "X takes JPEG, PNG, GIF, WebP, BMP and TIFF images and MP4, MOV, WebM and MPEG-TS videos only";

  /** What X makes of a file, with its {@code media_category} suffix and its size limit. */
  private enum Media {
    IMAGE("image", "an image", 5L * 1024 * 1024),
    GIF("gif", "a GIF", 15L * 1024 * 1024),
    VIDEO("video", "a video", 512L * 1024 * 1024);

    final String category;
    final String noun;
    final long maxBytes;

    Media(String category, String noun, long maxBytes) {
      this.category = category;
      this.noun = noun;
      this.maxBytes = maxBytes;
    }

    /** By the media type if it names an image or video, else by the kind of file, a photo or a video. */
    static Media of(String kind, @Nullable String mediaType) {
      String type = baseType(mediaType);
      if (type.equals("image/gif")) {
        return GIF;
      }
      if (type.startsWith("video/")) {
        return VIDEO;
      }
      if (type.startsWith("image/")) {
        return IMAGE;
      }
      return kind.equals("video") ? VIDEO : IMAGE;
    }
  }

  private final AdapterCore core;
  private final WireJson json;
  private final Clock clock;
  /** Until when X's rate limit holds the direct messages back; null if it does not. */
  private volatile @Nullable Instant directMessagesHeldUntil;
  private final String baseUrl;
  private final String accessToken;
  private final String userId;
  private final boolean directMessages;
  private final FileFetch fileFetch;
  /** The media of messages whose last attempt left them processing. */
  private final PendingMedia pendingMedia;
  private final long maxAttachmentBytes;
  /** The wait before each question whether uploaded media are processed. */
  private final Duration processingPause;
  private final int chunkBytes;

  private XAdapter(Builder b) {
    this.core = new AdapterCore(ChannelId.X, b.clock, b.timeout, true);
    this.json = core.json;
    this.clock = b.clock;
    this.baseUrl = b.baseUrl;
    this.accessToken = Objects.requireNonNull(b.accessToken, "accessToken");
    this.userId = Objects.requireNonNull(b.userId, "userId");
    this.directMessages = b.directMessages;
    // all of a post's files are held in memory until it is sent; a file not declared a video is read
    // only up to X's limit for a GIF, the largest of what it may turn out to be
    this.fileFetch = new FileFetch(b.attachmentSource != null ? b.attachmentSource : AttachmentSource.web(b.timeout),
        b.maxAttachmentBytes, XAdapter::fetchLimit, Math.min(b.maxAttachmentBytes * MAX_IMAGES, FileFetch.MAX_BYTES),
        FETCH_TIME);
    this.maxAttachmentBytes = b.maxAttachmentBytes;
    this.pendingMedia = new PendingMedia(b.clock, UNATTACHED_KEPT, KNOWN_PROCESSING);
    this.processingPause = b.processingPause != null ? b.processingPause : b.timeout.dividedBy(PROCESSING_POLLS);
    this.chunkBytes = b.chunkBytes;
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
    // a direct message carries up to 10,000 characters; a post's 280 (weighted) is refused in refusal()
    return new ChannelCapabilities(directMessages, true, false, null,
        directMessages ? MAX_DIRECT_MESSAGE_LENGTH : WeightedLength.LIMIT, false, true,
        new ChannelCapabilities.RateLimit(100, Duration.ofMinutes(15)), false);
  }

  /** X's weighted count: CJK and emoji count 2, a link 23 (see {@link WeightedLength}). */
  @Override
  public int textLength(ChannelId channel, String text) {
    return WeightedLength.of(text);
  }

  /**
   * Refuses, beyond what a channel without files refuses: a document, an audio file or a voice
   * message, which X does not take, or another kind outside photo and video; a declared media type X
   * does not take; more than four files in a post, or more than one in a direct message; a GIF or
   * video beside other files, which X posts only on its own; a file declared larger than X's limit
   * for it or than {@link Builder#maxAttachmentBytes}; a description longer than X's 1,000
   * characters; and one the {@link AttachmentSource} says it
   * can never give (for the default source, a reference that is not an {@code http} or {@code https}
   * URL). Reasons name kinds and positions, never a reference, which may carry a signed URL's key.
   *
   * @param message a message about to be queued
   * @return why it cannot be sent, or null if it can
   */
  @Override
  public @Nullable String refusal(OutboundMessage message) {
    String refused = ChannelAdapter.super.refusal(message);
    if (refused == null && message.visibility() == Visibility.PUBLIC
        && WeightedLength.of(message.text()) > WeightedLength.LIMIT) {
      // the capabilities declare a direct message's limit: a post's is X's weighted 280
      refused = "text of " + WeightedLength.of(message.text()) + " characters exceeds the limit of "
          + WeightedLength.LIMIT + " of a post";
    }
    List<Attachment> files = message.attachments();
    if (refused != null || files.isEmpty()) {
      return refused;
    }
    if (message.visibility() != Visibility.PUBLIC && files.size() > 1) {
      return "X carries one file in a direct message, this message has " + files.size();
    }
    if (files.size() > MAX_IMAGES) {
      return "X carries at most " + MAX_IMAGES + " images in a post, this message has " + files.size() + " files";
    }
    for (int i = 0; i < files.size(); i++) {
      Attachment file = files.get(i);
      String kind = file.type();
      if (kind.equals("document")) {
        return "attachment " + (i + 1) + ": X sends no documents, only images, GIFs and videos";
      }
      if (kind.equals("audio") || kind.equals("voice")) {
        return "attachment " + (i + 1) + ": X sends no audio or voice messages, only images, GIFs and videos";
      }
      if (!kind.equals("photo") && !kind.equals("video")) {
        return "attachment " + (i + 1) + ": X sends no attachment of kind " + kind;
      }
      if (file.mimeType() != null && !MEDIA_TYPES.contains(baseType(file.mimeType()))) {
        return "attachment " + (i + 1) + ": " + MEDIA_TYPES_TAKEN;
      }
      Media media = Media.of(kind, file.mimeType());
      long limit = Math.min(media.maxBytes, maxAttachmentBytes);
      if (file.sizeBytes() != null && file.sizeBytes() > limit) {
        return "attachment " + (i + 1) + " has more than " + limit + " bytes";
      }
      String description = file.description();
      // a video's description is left off (X takes none), so its length is no reason to refuse
      if (media != Media.VIDEO && description != null
          && description.codePointCount(0, description.length()) > MAX_DESCRIPTION) {
        return "attachment " + (i + 1) + ": X takes a description of at most " + MAX_DESCRIPTION
            + " characters, this one has " + description.codePointCount(0, description.length());
      }
      String unfit = fileFetch.refusal(file);
      if (unfit != null) {
        return "attachment " + (i + 1) + ": " + unfit;
      }
    }
    return postedAlone(files.size(), i -> Media.of(files.get(i).type(), files.get(i).mimeType()));
  }

  /** Why X would not post these files together, or null: a GIF or a video goes alone. */
  private static @Nullable String postedAlone(int count, IntFunction<Media> media) {
    for (int i = 0; count > 1 && i < count; i++) {
      if (media.apply(i) != Media.IMAGE) {
        return "attachment " + (i + 1) + ": X posts a GIF or video only on its own, not with other files";
      }
    }
    return null;
  }

  /**
   * The most bytes a file may have before its own media type is known: a video's limit for one
   * declared a video (by kind or media type), else a GIF's, as a photo without a declared type may
   * turn out a GIF. A photo that turns out a video larger than that is refused: declare it a video.
   */
  private static long fetchLimit(Attachment file) {
    return Media.of(file.type(), file.mimeType()) == Media.VIDEO ? Media.VIDEO.maxBytes : Media.GIF.maxBytes;
  }

  /** The base of a media type in lower case ({@code image/png}), or the empty string for none. */
  private static String baseType(@Nullable String mediaType) {
    if (mediaType == null) {
      return "";
    }
    int semicolon = mediaType.indexOf(';');
    return (semicolon < 0 ? mediaType : mediaType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
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
          ? "cursor must be a mentions cursor, a colon and a direct message cursor (either may be empty)"
          : "cursor must be a tweet id, or since~until~newest tweet ids");
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
        if (!polled) {
          readTweetInto(tweet, users, media, out, skipped);
          continue;
        }
        String id;
        try {
          id = tweet.isObject() ? json.optionalId(tweet, "id") : null;
        } catch (DeliveryRejectedException unreadable) {
          id = null;
        }
        if (id == null) {
          // in a poll, a tweet without a readable id must not refuse the page: the cursor would stay
          // before it, and the timeline would never be read again
          skipped.add("a tweet rejected: no readable 'id'");
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
   * {@code url} (a photo's), else its {@code preview_image_url} (a video's), else its media key, with
   * its {@code alt_text} as the description. A media item X did not include, or one of another
   * shape, is left out; the message still arrives.
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
        builder.addAttachment(new Attachment(type != null ? type : "media", reference, null, null,
            WireJson.description(item, "alt_text")));
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
    Instant now = clock.instant();
    Instant held = directMessagesHeldUntil;
    String nextDms;
    if (held != null && now.isBefore(held)) {
      // X's limit on direct messages is their own: the mentions are polled at the interval meanwhile
      skipped.add("dm events: held back until " + held + " after X's last answer");
      nextDms = dmCursor;
    } else {
      AtomicReference<@Nullable Duration> retryAfter = new AtomicReference<>();
      try {
        nextDms = pollDirectMessages(dmCursor, dms, skipped, retryAfter);
      } catch (PollFailedException | DeliveryRejectedException e) {
        // the direct messages cannot be read (a token without dm.read, an access level without
        // them, an unreadable page): the mentions are heard all the same, the direct messages are
        // read from their cursor after a pause
        dms.clear();
        skipped.add("dm events: not read (" + (e instanceof PollFailedException failed ? failed.getMessage()
            : "response rejected") + "), read from the cursor next poll");
        nextDms = dmCursor;
        Duration wait = e instanceof PollFailedException failed ? failed.retryAfter() : null;
        retryAfter.set(wait != null ? wait : MIN_HOLD);
      }
      Duration wait = retryAfter.get();
      directMessagesHeldUntil = wait == null ? null : now.plus(wait.compareTo(MAX_HOLD) > 0 ? MAX_HOLD : wait);
    }
    // a walk of the direct messages that is not held back goes on at once, as one of the mentions does
    boolean more = isWalk(nextMentions) || directMessagesHeldUntil == null && isWalk(nextDms);
    return new PollResult(merge(mentions, dms), skipped,
        (nextMentions == null ? "" : nextMentions) + ":" + (nextDms == null ? "" : nextDms), more);
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
      if (status == 400 && until != null && page == 0) {
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
   * first; returns the cursor for the next poll. X lists them newest first and only pages back, so
   * the pages are read until the cursor's event (or the end of the 30 days X keeps), and the next
   * cursor is the newest event seen. A rate limit or a server error on a later page keeps the events
   * read and returns a walk, {@code since~token~newest}: the next poll goes on at the page that
   * failed, down to {@code since}, and then the cursor is {@code newest}. So a backlog deeper than
   * X's limit lets through at once is read a window at a time, and nothing in it is skipped. The
   * wait X asks for then ({@code x-rate-limit-reset}) goes to {@code retryAfter}: the direct messages
   * are held back until then, while the mentions are polled at the interval.
   */
  private @Nullable String pollDirectMessages(@Nullable String dmCursor, List<Interaction> interactions,
      List<String> skipped, AtomicReference<@Nullable Duration> retryAfter) throws IOException, InterruptedException {
    String cursor = dmCursor;
    String newest = dmCursor;
    String paginationToken = null;
    int walk = dmCursor == null ? -1 : dmCursor.indexOf(WALK_SEPARATOR);
    if (walk >= 0) {
      int second = dmCursor.indexOf(WALK_SEPARATOR, walk + 1);
      cursor = walk == 0 ? null : dmCursor.substring(0, walk);
      paginationToken = dmCursor.substring(walk + 1, second);
      newest = dmCursor.substring(second + 1);
    }
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
      int status = response.statusCode();
      if (status == 429 || status >= 500) {
        // X's limit on this endpoint is its own: the mentions of this poll are heard all the same, and
        // so are the events read. The next poll goes on at this page (X only pages back)
        interactions.sort(BY_EVENT_ID);
        Duration wait = status == 429 ? resetWait(response) : core.retryAfterHeader(response);
        retryAfter.set(wait != null ? wait : MIN_HOLD);
        if (paginationToken == null || newest == null || !DM_TOKEN.matcher(paginationToken).matches()) {
          skipped.add("dm events: HTTP " + status + " on the first page, read from the cursor next poll");
          return dmCursor;
        }
        skipped.add("dm events: HTTP " + status + " on page " + pages + ", the next poll goes on there");
        return dmWalk(cursor, paginationToken, newest);
      }
      if (walk >= 0 && pages == 1 && status == 400) {
        // X will not go on at the kept page (its token no longer holds): give the rest of the walk up
        // rather than stop hearing direct messages altogether
        skipped.add("dm events: X refused to go on at the kept page (HTTP " + status + "), the older ones not read");
        return newest;
      }
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
    interactions.sort(BY_EVENT_ID);
    if (!reached && paginationToken != null && pages == MAX_DM_PAGES) {
      if (newest != null && DM_TOKEN.matcher(paginationToken).matches()) {
        // more than a poll reads: the next poll goes on below, as after a rate limit
        skipped.add("dm events: more than " + MAX_DM_PAGES * 100 + " to read, the next poll goes on");
        return dmWalk(cursor, paginationToken, newest);
      }
      skipped.add("dm events: more than " + MAX_DM_PAGES * 100 + " to read, the older ones not read");
    }
    return newest;
  }

  /** The cursor of a walk of the direct messages: on at {@code token}, down to {@code since}, then {@code newest}. */
  private static String dmWalk(@Nullable String since, String token, String newest) {
    return (since == null ? "" : since) + WALK_SEPARATOR + token + WALK_SEPARATOR + newest;
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
    if (message.visibility() != Visibility.PUBLIC) {
      return directMessages ? sendDirect(message)
          : SendResult.permanent("direct messages are not enabled on this adapter");
    }
    ObjectNode body = WireJson.MAPPER.createObjectNode();
    if (!message.text().isEmpty()) {
      // a post of files alone has no text
      body.put("text", message.text());
    }
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
    List<String> mediaIds = new ArrayList<>();
    SendResult notUploaded = uploadFiles(message, "tweet_", mediaIds);
    if (notUploaded != null) {
      return notUploaded;
    }
    if (!mediaIds.isEmpty()) {
      ArrayNode ids = body.putObject("media").putArray("media_ids");
      mediaIds.forEach(ids::add);
    }
    return withMediaSent(message, create("/2/tweets", body, "id", "", "tweet"));
  }

  /** A send's result, after which media kept for the message's next attempt are forgotten once it went out. */
  private SendResult withMediaSent(OutboundMessage message, SendResult result) {
    if (result instanceof SendResult.Sent) {
      pendingMedia.sent(message);
    }
    return result;
  }

  /**
   * Fetches the files, uploads them and waits until X has processed them. Nothing is posted yet, so
   * a failure here, a timeout too, leaves the customer with nothing and sending again is safe.
   *
   * @param message the reply
   * @param categoryPrefix {@code tweet_} for a post, {@code dm_} for a direct message
   * @param mediaIds receives the media ids, in the order of the files
   * @return null if every file is ready to be attached, else the failure to report
   */
  private @Nullable SendResult uploadFiles(OutboundMessage message, String categoryPrefix, List<String> mediaIds) {
    if (message.attachments().isEmpty()) {
      return null;
    }
    // an earlier attempt uploaded them and X was still processing them: ask after those
    List<String> uploaded = pendingMedia.of(message);
    List<AttachmentFile> files = List.of();
    List<Media> media = new ArrayList<>();
    if (uploaded == null) {
      FileFetch.Fetched fetched = fileFetch.fetchAll(message);
      if (fetched.failure() != null) {
        return fetched.failure();
      }
      files = fetched.files();
      SendResult unfit = checkFiles(message, files, media);
      if (unfit != null) {
        return unfit;
      }
    }
    List<Integer> processing = new ArrayList<>();
    try {
      if (uploaded != null) {
        mediaIds.addAll(uploaded);
        IntStream.range(0, uploaded.size()).forEach(processing::add);
      }
      for (int i = 0; i < files.size(); i++) {
        // X takes alt text for images and GIFs; a video's description is left off
        String description = media.get(i) == Media.VIDEO ? null : message.attachments().get(i).description();
        SendResult failed = upload(files.get(i), categoryPrefix + media.get(i).category, description, i + 1, mediaIds,
            processing);
        if (failed != null) {
          return failed;
        }
      }
      LOG.debug("x outbound {}: media {} uploaded or kept, {} processing", message.id(), mediaIds, processing.size());
      return awaitProcessing(message, mediaIds, processing);
    } catch (IOException e) {
      return SendResult.retryable("attachment upload failed (" + e.getClass().getSimpleName() + ")", null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return SendResult.retryable("interrupted while uploading attachments", null);
    }
  }

  /**
   * Checks the fetched files against what X takes, by their own media types, and notes what X makes
   * of each.
   *
   * @param message the message
   * @param files its files, in order
   * @param media receives what X makes of each file, in order
   * @return null if X takes them all, else the failure to report
   */
  private static @Nullable SendResult checkFiles(OutboundMessage message, List<AttachmentFile> files,
      List<Media> media) {
    for (int i = 0; i < files.size(); i++) {
      AttachmentFile file = files.get(i);
      // the declared kinds and types passed the refusal; the file's own type decides now
      if (!MEDIA_TYPES.contains(baseType(file.mediaType()))) {
        return SendResult.permanent("attachment " + (i + 1) + ": " + MEDIA_TYPES_TAKEN);
      }
      Media made = Media.of(message.attachments().get(i).type(), file.mediaType());
      if (file.size() == 0) {
        return SendResult.permanent("attachment " + (i + 1) + " is empty");
      }
      if (file.size() > made.maxBytes) {
        return SendResult.permanent("attachment " + (i + 1) + " has more than " + made.maxBytes
            + " bytes, X's limit for " + made.noun);
      }
      media.add(made);
    }
    String mixed = postedAlone(files.size(), media::get);
    return mixed == null ? null : SendResult.permanent(mixed);
  }

  /**
   * Uploads one file in X's chunked upload: initialize, append its parts, finalize; then, if it has a
   * description, sets it as the media's alt text ({@code POST /2/media/metadata}).
   *
   * @param description the alt text, or null for none
   * @param position the file's position in the message, from 1
   * @param mediaIds receives its media id
   * @param processing receives its position (from 0) if X still processes it
   * @return null once it is uploaded, else the failure to report
   */
  private @Nullable SendResult upload(AttachmentFile file, String category, @Nullable String description,
      int position, List<String> mediaIds, List<Integer> processing) throws IOException, InterruptedException {
    String what = "attachment " + position;
    ObjectNode init = WireJson.MAPPER.createObjectNode()
        .put("media_type", baseType(file.mediaType()))
        .put("total_bytes", file.size())
        .put("media_category", category);
    HttpResponse<byte[]> response = core.exchange(mediaRequest("/initialize")
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(WireJson.MAPPER.writeValueAsBytes(init))));
    if (!isSuccess(response)) {
      return failure(response, what + ": upload failed");
    }
    String id = mediaId(response);
    if (id == null) {
      return SendResult.permanent(what + ": X answered the upload without a media id");
    }
    byte[] content = file.content();
    for (int from = 0, segment = 0; from < content.length; from += chunkBytes, segment++) {
      response = core.exchange(append(id, segment, content, from, Math.min(chunkBytes, content.length - from),
          file.nameByPosition(position)));
      if (!isSuccess(response)) {
        return failure(response, what + ": upload failed");
      }
    }
    response = core.exchange(mediaRequest("/" + id + "/finalize").POST(HttpRequest.BodyPublishers.noBody()));
    if (!isSuccess(response)) {
      return failure(response, what + ": upload failed");
    }
    mediaIds.add(id);
    String state = processingState(response);
    if ("failed".equals(state)) {
      return SendResult.permanent(what + ": X could not process the file");
    }
    if (description != null) {
      // set once, with the upload: a later attempt that asks after the same media finds it set
      ObjectNode metadata = WireJson.MAPPER.createObjectNode().put("id", id);
      metadata.putObject("metadata").putObject("alt_text").put("text", description);
      HttpResponse<byte[]> described = postJson("/2/media/metadata", metadata);
      if (!isSuccess(described)) {
        return failure(described, what + ": setting its description failed");
      }
    }
    if (!ready(state)) {
      processing.add(position - 1);
    }
    return null;
  }

  /** Whether media may go into a post: X said nothing of processing, or that it succeeded. */
  private static boolean ready(@Nullable String state) {
    return state == null || "succeeded".equals(state);
  }

  /** A request to {@code /2/media/upload} and the given path below it, with the token. */
  private HttpRequest.Builder mediaRequest(String path) {
    return HttpRequest.newBuilder(AdapterCore.uri(baseUrl, "/2/media/upload" + path))
        .header("Authorization", "Bearer " + accessToken);
  }

  /**
   * A {@code POST /2/media/upload/:id/append} of one part of a file as {@code multipart/form-data}:
   * its {@code segment_index} (from 0) and the bytes as {@code media}, under a name by position (the
   * file's own name may be personal, and X shows none).
   */
  private HttpRequest.Builder append(String id, int segment, byte[] content, int from, int length, String name) {
    Multipart body = new Multipart().field("segment_index", Integer.toString(segment))
        .file("media", name, "application/octet-stream", content, from, length);
    return mediaRequest("/" + id + "/append")
        .header("Content-Type", body.contentType())
        .POST(body.publisher());
  }

  private static boolean isSuccess(HttpResponse<byte[]> response) {
    return response.statusCode() >= 200 && response.statusCode() < 300;
  }

  /** The {@code data.id} of an upload, if it is a media id that can go into a path; else null. */
  private @Nullable String mediaId(HttpResponse<byte[]> response) {
    try {
      String id = json.id(json.object(json.parse(response.body()), "data"), "id");
      return TWEET_ID.matcher(id).matches() ? id : null;
    } catch (DeliveryRejectedException e) {
      return null;
    }
  }

  /**
   * The {@code data.processing_info.state} of an answer ({@code pending}, {@code in_progress},
   * {@code succeeded} or {@code failed}); null without one, for media ready at once.
   */
  private static @Nullable String processingState(HttpResponse<byte[]> response) {
    JsonNode state = processingInfo(response).path("state");
    if (state.isMissingNode()) {
      return null;
    }
    // a processing_info whose state cannot be read is not a success
    return state.isTextual() ? state.textValue() : "unreadable";
  }

  /** When X says to ask again ({@code data.processing_info.check_after_secs}), or zero. */
  private static Duration checkAfter(HttpResponse<byte[]> response) {
    JsonNode seconds = processingInfo(response).path("check_after_secs");
    return seconds.canConvertToLong() && seconds.asLong() > 0
        ? Duration.ofSeconds(Math.min(seconds.asLong(), MAX_CHECK_AFTER.toSeconds())) : Duration.ZERO;
  }

  private static JsonNode processingInfo(HttpResponse<byte[]> response) {
    try {
      return WireJson.MAPPER.readTree(response.body()).path("data").path("processing_info");
    } catch (IOException | RuntimeException e) {
      return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }
  }

  /**
   * Asks after the media still processing, a few times with a pause between, within about one
   * timeout in all.
   *
   * @param message the reply
   * @param mediaIds the media ids, in the order of the files
   * @param processing the positions (from 0) of the media still processing; emptied as they are done
   * @return null once all are processed, else the failure to report
   */
  private @Nullable SendResult awaitProcessing(OutboundMessage message, List<String> mediaIds,
      List<Integer> processing) throws IOException, InterruptedException {
    // a few questions, each after the pause or the longer wait X asked for, all within about one
    // timeout (five pauses), so that the send stays inside its lease
    Duration budget = processingPause.multipliedBy(PROCESSING_POLLS);
    Duration waited = Duration.ZERO;
    Duration wait = processingPause;
    Duration asked = Duration.ZERO;
    for (int poll = 0; poll < PROCESSING_POLLS && !processing.isEmpty(); poll++) {
      if (poll > 0 && waited.plus(wait).compareTo(budget) > 0) {
        break;
      }
      Thread.sleep(wait.toMillis());
      waited = waited.plus(wait);
      asked = Duration.ZERO;
      for (Iterator<Integer> it = processing.iterator(); it.hasNext(); ) {
        int i = it.next();
        HttpResponse<byte[]> response = core.exchange(
            mediaRequest("?command=STATUS&media_id=" + mediaIds.get(i)).GET());
        if (!isSuccess(response)) {
          return failure(response, "attachment " + (i + 1) + ": asking whether it is processed");
        }
        String state = processingState(response);
        if ("failed".equals(state)) {
          return SendResult.permanent("attachment " + (i + 1) + ": X could not process the file");
        }
        if (ready(state)) {
          it.remove();
        } else if (checkAfter(response).compareTo(asked) > 0) {
          asked = checkAfter(response);
        }
      }
      Duration longest = asked.compareTo(budget) < 0 ? asked : budget;
      wait = longest.compareTo(processingPause) > 0 ? longest : processingPause;
    }
    if (processing.isEmpty()) {
      return null;
    }
    // the media uploaded stay with X unattached, seen by no one, until they expire (a day); the next
    // attempt, after the wait X asked for, asks after the same media
    LOG.debug("x outbound {}: media {} still processing", message.id(), mediaIds);
    pendingMedia.keep(message, mediaIds);
    return SendResult.retryable("attachment " + (processing.get(0) + 1) + " is still being processed by X",
        asked.isZero() ? null : asked);
  }

  /** A failed answer as a send result: a 429 waits until X's reset, others for {@code Retry-After}. */
  private SendResult failure(HttpResponse<byte[]> response, String what) {
    int status = response.statusCode();
    return AdapterCore.failure(status, status == 429 ? resetWait(response) : core.retryAfterHeader(response), what);
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
    HttpResponse<byte[]> response = postJson(path, body);
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
    return failure(response, problemTitle(response));
  }

  /** Posts a JSON body to a path of the API, with the token. */
  private HttpResponse<byte[]> postJson(String path, ObjectNode body) throws IOException, InterruptedException {
    return core.exchange(HttpRequest.newBuilder(AdapterCore.uri(baseUrl, path))
        .header("Authorization", "Bearer " + accessToken)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(WireJson.MAPPER.writeValueAsBytes(body))));
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
    if (!message.text().isEmpty()) {
      // a message of a file alone has no text
      body.put("text", message.text());
    }
    List<String> mediaIds = new ArrayList<>();
    SendResult notUploaded = uploadFiles(message, "dm_", mediaIds);
    if (notUploaded != null) {
      return notUploaded;
    }
    if (!mediaIds.isEmpty()) {
      ArrayNode attachments = body.putArray("attachments");
      mediaIds.forEach(id -> attachments.addObject().put("media_id", id));
    }
    return withMediaSent(message, create("/2/dm_conversations/" + conversation + "/messages", body,
        "dm_event_id", DM_PREFIX, "direct message"));
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
    private @Nullable AttachmentSource attachmentSource;
    private long maxAttachmentBytes = Media.VIDEO.maxBytes;
    private @Nullable Duration processingPause;
    private int chunkBytes = CHUNK_BYTES;

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
     * {@code tweet.write} and, for replies with files, {@code media.write}).
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
     * Sets the timeout of one request, each part of an upload (up to 4 MiB) included, and of
     * connecting to and each wait for data from the file servers of the default {@link
     * #attachmentSource}. The adapter waits about as long again for uploaded media X still processes.
     *
     * @param value a positive duration
     * @return this builder
     */
    public Builder timeout(Duration value) {
      timeout = AdapterCore.positive(value, "timeout");
      return this;
    }

    /**
     * Sets where the bytes of a reply's files come from. The default, {@link
     * AttachmentSource#web(Duration)} with the {@link #timeout}, fetches {@code https://} and {@code
     * http://} references and stops reading at the {@link #maxAttachmentBytes} limit; a 5xx, 408, 425
     * or 429, a timeout or a broken connection is retryable, any other status, too large a file or
     * another kind of reference permanent.
     *
     * @param value the source
     * @return this builder
     * @since 0.1.0
     */
    public Builder attachmentSource(AttachmentSource value) {
      attachmentSource = Objects.requireNonNull(value, "attachmentSource");
      return this;
    }

    /**
     * Sets how many bytes one file of a reply may have; default 512 MiB, X's limit of a video. X's
     * own limits of an image (5 MiB) and a GIF (15 MiB) apply besides.
     *
     * @param value a positive number of bytes, at most 1 GiB (the files are held in memory until they
     *     are uploaded)
     * @return this builder
     * @throws IllegalArgumentException if the value is not positive or over 1 GiB
     * @since 0.1.0
     */
    public Builder maxAttachmentBytes(long value) {
      maxAttachmentBytes = FileFetch.maxBytes(value, "maxAttachmentBytes");
      return this;
    }

    /** Sets the pause before each question whether uploaded media are processed; a fifth of the timeout by default. */
    Builder processingPause(Duration value) {
      processingPause = AdapterCore.notNegative(value, "processingPause");
      return this;
    }

    /** Sets the size of the parts a file is uploaded in; 4 MiB by default. */
    Builder chunkBytes(int value) {
      if (value < 1 || value > CHUNK_BYTES) {
        throw new IllegalArgumentException("chunkBytes must be 1 to " + CHUNK_BYTES + ", was " + value);
      }
      chunkBytes = value;
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
