package io.scrm.channels.mastodon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scrm.channels.AttachmentFile;
import io.scrm.channels.AttachmentSource;
import io.scrm.channels.ChannelAdapter;
import io.scrm.channels.ChannelCapabilities;
import io.scrm.channels.Channels;
import io.scrm.channels.Deletion;
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
import io.scrm.channels.internal.HtmlText;
import io.scrm.channels.internal.Links;
import io.scrm.channels.internal.TextClusters;
import io.scrm.channels.internal.WireJson;
import io.scrm.core.model.Attachment;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.Interaction;
import io.scrm.core.model.InteractionId;
import io.scrm.core.model.InteractionKind;
import io.scrm.core.model.OutboundMessage;
import io.scrm.core.model.Visibility;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.IntPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Mastodon adapter. Immutable after {@link Builder#build()} and thread-safe.
 *
 * <p>Inbound are {@code Notification}s of type {@code mention} (a single notification, an array as
 * {@code GET /api/v1/notifications} returns it, or a streaming {@code notification} event);
 * other notification types are skipped with a note. A streaming {@code delete} event (its payload
 * the status id) is that status's {@link Deletion}, at the time it is heard; polling cannot see
 * deletions. A streaming {@code status.update} (its payload the status as it now reads) is the edit
 * of a status heard as a mention here, or of one by another account that mentions this account once
 * its id is known; other updates, the account's own among them, are skipped with a note. The
 * status's HTML {@code content} becomes plain text (paragraphs, line breaks, entities; link spans
 * hidden by Mastodon are kept so links come out whole); a content warning ({@code spoiler_text}) is
 * put in front. Visibility {@code public} and {@code unlisted} are public,
 * {@code private} and {@code direct} private. The handle is the
 * account's {@code acct}. The thread is the status answered ({@code in_reply_to_id}) or, for a new
 * mention, the status itself; the engine keeps an answer to a status it holds (the brand's sent
 * reply) in that status's case. Ids are strings on the wire and stay strings.
 *
 * <p>Polling asks for the mention notifications right after the cursor ({@code min_id}), page after
 * page forward (at most ten pages of 40 per poll; the next poll goes on from there), and returns them
 * oldest first. The first poll, without a cursor, starts with the newest page.
 * Replies are posted with {@code in_reply_to_id}, {@code visibility} ({@code public} for public
 * replies, {@code unlisted} where the status answered is unlisted, {@code direct} for private ones)
 * and the message's {@code Idempotency-Key}; a message with no status to answer is refused, since a
 * status reaches a customer only by mentioning them. A 429 waits until {@code X-RateLimit-Reset}.
 * Mastodon keeps an idempotency key for an hour: a message whose outcome stayed unknown (a timeout
 * or lost connection after the request was written) is sent again under its key only within 55
 * minutes of that attempt. Later, it fails for good, naming why, so that it waits in the dead-letter
 * list rather than being posted twice; re-driven after a look at the thread, it is sent.
 *
 * <p>A reply carries up to four files (Mastodon's {@code max_media_attachments}), with
 * or without text: photos as images, videos, and audio and voice messages as audio; a video or audio
 * file only on its own, as Mastodon posts it. Documents, which Mastodon cannot show, are refused, as
 * are other kinds. The bytes come from the {@link AttachmentSource} (by default the reference, fetched
 * over {@code https} or {@code http}), all files before the instance is asked anything, at most
 * {@link Builder#maxAttachmentBytes} each. Each is uploaded ({@code POST /api/v2/media}, {@code
 * multipart/form-data} with its media type and its {@link Attachment#description() description}, the
 * alt text Mastodon shows, if it has one; one longer than Mastodon's 1,500 characters, or {@link
 * Builder#maxDescriptionLength}, is refused); one the
 * instance still processes (202) is asked after ({@code GET /api/v1/media/:id}, 206 while processing)
 * a few times within the {@link Builder#timeout}; then the status is posted with their {@code
 * media_ids}. Media still processing after that make a retryable failure (asked again after 30 s),
 * and the next attempt asks after the same media rather than fetching and uploading the files again. A file the source cannot give now, an upload answered 429 or 5xx or timed out, or a
 * file still processing at the end is a retryable failure; a file the source never can give, or one
 * the instance refuses (422), a permanent one. Nothing is posted then, and reasons name files by
 * their position, never by their reference.
 *
 * @since 0.1.0
 */
public final class MastodonAdapter implements ChannelAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(MastodonAdapter.class);
  private static final Pattern STATUS_ID = Pattern.compile("[A-Za-z0-9_-]{1,100}");
  private static final int MAX_PAGES = 10;
  private static final int PAGE_SIZE = 40;
  /** Mastodon's default limit of a status. */
  private static final int MAX_LENGTH = 500;
  /** A link runs to the next space (any Unicode white space, as the no-break space) or angle bracket. */
  private static final Pattern LINK = Pattern.compile("https?://[^\\p{IsWhite_Space}<>]+", Pattern.CASE_INSENSITIVE);
  /**
   * A mention of a remote account: the domain part is not counted. As Mastodon's {@code MENTION_RE},
   * a username may have '.' and '-' inside ({@code @jan.de-vries@host}), and an '@' right after '='
   * or '/' starts no mention. Written without a repeated group, which java.util.regex matches by
   * recursion, one stack frame set per repetition: a long "@a.b.c…" would overflow the stack.
   */
  private static final Pattern MENTION = Pattern.compile("(?<![\\w@=/])(@\\w(?:[\\w.-]*\\w)?)@[\\w.-]+\\w");
  /** How many statuses' authors the adapter remembers from parsed mentions, for replies. */
  private static final int KNOWN_AUTHORS = 10_000;
  /** How long after an attempt a retry still falls within Mastodon's hour of keeping its idempotency key. */
  private static final Duration KEY_KEPT = Duration.ofMinutes(55);
  /** Replies whose media are remembered while the instance processes them. */
  private static final int KNOWN_PROCESSING = 1_000;
  /** How many replies whose outcome is unknown the adapter remembers, to keep to the key's hour. */
  private static final int KNOWN_UNKNOWN_OUTCOMES = 10_000;
  /** How long uploaded media are used again: well within the day after which Mastodon deletes them unattached. */
  private static final Duration UNATTACHED_KEPT = Duration.ofHours(12);
  /** When to ask again after media still processing: a video takes a while to transcode. */
  private static final Duration STILL_PROCESSING_WAIT = Duration.ofSeconds(30);
  /** Mastodon's limit of files in one status ({@code configuration.statuses.max_media_attachments}). */
  private static final int MAX_MEDIA = 4;
  /** Mastodon's limit of a media description, in characters (code points). */
  private static final int DEFAULT_MAX_DESCRIPTION = 1500;
  /**
   * How long the files of one reply may take to fetch: well under the dispatcher's lease of 60 s,
   * with room for the uploads and the status.
   */
  private static final Duration FETCH_TIME = Duration.ofSeconds(30);
  /** Mastodon's default limit of a video or audio file ({@code video_size_limit}), the largest it takes. */
  private static final long DEFAULT_MAX_ATTACHMENT_BYTES = 99L * 1024 * 1024;
  /** How often the adapter asks, within one timeout, whether the instance has processed uploaded media. */
  private static final int PROCESSING_POLLS = 5;
  /** The kind of media Mastodon makes of each kind of file it sends. */
  private static final Map<String, String> MEDIA_KIND =
      Map.of("photo", "image", "video", "video", "audio", "audio", "voice", "audio");
  /** A file name that goes into a multipart header as it is: ASCII, no quotes, with an extension. */
  private static final Pattern PLAIN_FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 ._-]{0,99}\\.[A-Za-z0-9]{1,8}");

  private final AdapterCore core;
  private final WireJson json;
  private final Clock clock;
  private final String baseUrl;
  private final String accessToken;
  private final FileFetch fileFetch;
  private final long maxAttachmentBytes;
  private final int maxDescription;
  /** The wait before each question whether uploaded media are processed. */
  private final Duration processingPause;
  /** Status id → its author's {@code acct} and its visibility, from parsed mentions; most recently used last. */
  private final Map<String, Answered> authors = AdapterCore.recentlyUsed(KNOWN_AUTHORS);

  /** Idempotency key → when a send under it ended with its outcome unknown, first; most recently used last. */
  private final Map<String, Instant> unknownSince = AdapterCore.recentlyUsed(KNOWN_UNKNOWN_OUTCOMES);

  /** The id of the account the token acts for, once asked. */
  private volatile @Nullable String ownAccountId;

  /** What a reply needs to know of the status it answers: whom to mention, and how far it was shared. */
  private record Answered(String acct, String visibility) {}

  /** The media of replies whose last attempt left them processing. */
  private final PendingMedia pendingMedia;

  private MastodonAdapter(Builder b) {
    this.core = new AdapterCore(ChannelId.MASTODON, b.clock, b.timeout, true);
    this.json = core.json;
    this.clock = b.clock;
    this.baseUrl = Objects.requireNonNull(b.baseUrl, "baseUrl");
    URI.create(baseUrl).normalize(); // refuses a malformed base URL when the adapter is built
    this.accessToken = Objects.requireNonNull(b.accessToken, "accessToken");
    // all of a status's files are held in memory until it is posted
    this.fileFetch = new FileFetch(b.attachmentSource != null ? b.attachmentSource : AttachmentSource.web(b.timeout),
        b.maxAttachmentBytes, Math.min(b.maxAttachmentBytes * MAX_MEDIA, FileFetch.MAX_BYTES), FETCH_TIME);
    this.maxAttachmentBytes = b.maxAttachmentBytes;
    this.maxDescription = b.maxDescription;
    this.pendingMedia = new PendingMedia(b.clock, UNATTACHED_KEPT, KNOWN_PROCESSING);
    this.processingPause = b.processingPause != null ? b.processingPause : b.timeout.dividedBy(PROCESSING_POLLS);
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
    return ChannelId.MASTODON;
  }

  @Override
  public ChannelCapabilities capabilities(ChannelId channel) {
    if (!channel.equals(ChannelId.MASTODON)) {
      throw new IllegalArgumentException("channel must be mastodon, was " + channel);
    }
    // a status reaches a customer only as a reply that mentions them: no conversation without a status
    // to answer; posting is limited to 300 statuses in 3 hours per account (Mastodon's :statuses limit)
    return new ChannelCapabilities(true, true, false, null, MAX_LENGTH, false, true,
        new ChannelCapabilities.RateLimit(300, Duration.ofHours(3)), true);
  }

  /**
   * Mastodon's count: characters as a reader sees them (grapheme clusters), a link as 23 (up to a
   * space or angle bracket, without the chars Mastodon does not end a link with), and a mention of another instance's account
   * ({@code @anna@example.social}) as its local part only.
   */
  @Override
  public int textLength(ChannelId channel, String text) {
    StringBuilder linksCounted = new StringBuilder(text.length());
    Matcher links = LINK.matcher(text);
    int from = 0;
    while (links.find()) {
      int end = Links.mastodonEnd(text, links.start(), links.end());
      linksCounted.append(text, from, links.start()).append("x".repeat(23));
      from = end;
    }
    linksCounted.append(text, from, text.length());
    return TextClusters.count(MENTION.matcher(linksCounted).replaceAll("$1"));
  }

  /**
   * Refuses, beyond what a channel without files refuses: a reply that the mention of the customer
   * it answers, which the adapter puts in front of a text that lacks it, makes longer than 500
   * characters (known here once the status answered was heard; otherwise found at send, when the
   * adapter looks its author up); more than four files; a
   * document, which Mastodon cannot show, or another kind outside photo, video, audio and voice; a
   * video or audio file beside other files, which Mastodon posts only on its own; a file declared
   * larger than {@link Builder#maxAttachmentBytes}; a description longer than {@link
   * Builder#maxDescriptionLength} (1,500 characters, Mastodon's limit); and one the {@link
   * AttachmentSource} says it can never give (for the default source, a reference that is not an
   * {@code http} or {@code https} URL). Reasons name kinds and positions, never a reference, which
   * may carry a signed URL's key.
   *
   * @param message a message about to be queued
   * @return why it cannot be sent, or null if it can
   */
  @Override
  public @Nullable String refusal(OutboundMessage message) {
    String refused = ChannelAdapter.super.refusal(message);
    if (refused == null) {
      refused = lengthWithMention(message);
    }
    List<Attachment> files = message.attachments();
    if (refused != null || files.isEmpty()) {
      return refused;
    }
    if (files.size() > MAX_MEDIA) {
      return "Mastodon carries at most " + MAX_MEDIA + " files in a status, this message has " + files.size();
    }
    for (int i = 0; i < files.size(); i++) {
      Attachment file = files.get(i);
      if (file.type().equals("document")) {
        return "attachment " + (i + 1) + ": Mastodon sends no documents, only images, video and audio";
      }
      if (!MEDIA_KIND.containsKey(file.type())) {
        return "attachment " + (i + 1) + ": Mastodon sends no attachment of kind " + file.type();
      }
      if (file.sizeBytes() != null && file.sizeBytes() > maxAttachmentBytes) {
        return "attachment " + (i + 1) + " has more than " + maxAttachmentBytes + " bytes";
      }
      String description = file.description();
      if (description != null && description.codePointCount(0, description.length()) > maxDescription) {
        return "attachment " + (i + 1) + ": the instance takes a description of at most " + maxDescription
            + " characters, this one has " + description.codePointCount(0, description.length());
      }
      String unfit = fileFetch.refusal(file);
      if (unfit != null) {
        return "attachment " + (i + 1) + ": " + unfit;
      }
    }
    return playedAlone(files.size(), i -> playable(files.get(i).type(), files.get(i).mimeType()));
  }

  /** Why the reply, with the mention it is sent with, is too long, if its answered status was heard. */
  private @Nullable String lengthWithMention(OutboundMessage message) {
    String replyTo = message.inReplyTo() != null ? message.inReplyTo() : message.threadId();
    if (replyTo == null) {
      return null;
    }
    Answered answered;
    synchronized (authors) {
      answered = authors.get(replyTo);
    }
    if (answered == null) {
      return null;
    }
    int length = textLength(ChannelId.MASTODON, withMention(answered.acct(), message.text()));
    return length <= MAX_LENGTH ? null : "the reply with the mention it needs has " + length
        + " characters, more than the limit of " + MAX_LENGTH;
  }

  /** Why Mastodon would not post these files together, or null: a video or audio file goes alone. */
  private static @Nullable String playedAlone(int count, IntPredicate playable) {
    for (int i = 0; count > 1 && i < count; i++) {
      if (playable.test(i)) {
        return "attachment " + (i + 1)
            + ": Mastodon posts a video or audio file only on its own, not with other files";
      }
    }
    return null;
  }

  /** Whether Mastodon makes a video or audio of a file: by its kind, or by a media type it has. */
  private static boolean playable(String kind, @Nullable String mediaType) {
    String type = mediaType == null ? "" : mediaType.toLowerCase(Locale.ROOT);
    return !"image".equals(MEDIA_KIND.get(kind)) || type.startsWith("video/") || type.startsWith("audio/");
  }

  /** Forgets which statuses the account wrote (the adapter keeps them to mention their authors). */
  @Override
  public void forget(ChannelId channel, String handle) {
    synchronized (authors) {
      authors.values().removeIf(answered -> answered.acct().equalsIgnoreCase(handle));
    }
  }

  @Override
  public ParsedDelivery parse(InboundDelivery delivery) {
    return core.parse(delivery, this::parseVerified);
  }

  @Override
  public PollResult poll(@Nullable String cursor) {
    // a caller's mistake, checked before the poll: everything inside it is the platform's answer
    if (cursor != null && !STATUS_ID.matcher(cursor).matches()) {
      throw new IllegalArgumentException("cursor must be a notification id");
    }
    return core.poll(() -> pollOpen(cursor));
  }

  @Override
  public SendResult send(OutboundMessage message) {
    SendResult result = core.send(message, m -> Channels.refusal(this, m), () -> sendUnderKey(message));
    synchronized (unknownSince) {
      if (result instanceof SendResult.OutcomeUnknown) {
        unknownSince.putIfAbsent(message.idempotencyKey(), clock.instant());
      } else if (!(result instanceof SendResult.RetryableFailure)) {
        // sent, or failed for good: a re-drive of the dead letter is sent
        unknownSince.remove(message.idempotencyKey());
      }
    }
    return result;
  }

  /** Sends, unless an attempt whose outcome is unknown is older than the instance keeps its key. */
  private SendResult sendUnderKey(OutboundMessage message) throws IOException, InterruptedException {
    Instant since;
    synchronized (unknownSince) {
      since = unknownSince.get(message.idempotencyKey());
    }
    if (since != null && clock.instant().isAfter(since.plus(KEY_KEPT))) {
      return SendResult.permanent("an earlier attempt may have been posted and the instance keeps its idempotency key"
          + " for an hour only, which has passed: look at the thread before re-driving");
    }
    return sendOpen(message);
  }

  @Override
  public void close() {
    core.close();
  }

  private ParsedDelivery parseVerified(InboundDelivery delivery) {
    JsonNode root = json.parse(delivery.bodyStream());
    List<Interaction> interactions = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    List<Deletion> deletions = new ArrayList<>();
    if (root.isArray()) {
      for (JsonNode notification : root) {
        readNotification(notification, interactions, skipped);
      }
    } else if (root.isObject() && root.has("event") && root.has("payload")) {
      String event = json.text(root, "event");
      if (event.equals("delete")) {
        // the payload is the id of the status deleted; the stream gives no time, so it is when the
        // delivery came
        String statusId = json.text(root, "payload").strip();
        if (!STATUS_ID.matcher(statusId).matches()) {
          throw json.reject(Reason.MALFORMED, "a delete event's payload must be a status id");
        }
        deletions.add(new Deletion(InteractionId.of(ChannelId.MASTODON, statusId), delivery.receivedAt()));
      } else if (event.equals("status.update")) {
        readStatusUpdate(json.parse(json.text(root, "payload").getBytes(StandardCharsets.UTF_8)), interactions,
            skipped);
      } else if (!event.equals("notification")) {
        skipped.add("streaming event " + (event.length() > 30 ? event.substring(0, 30) : event) + " ignored");
      } else {
        String payload = json.text(root, "payload");
        readNotification(json.parse(payload.getBytes(StandardCharsets.UTF_8)), interactions, skipped);
      }
    } else {
      readNotification(root, interactions, skipped);
    }
    return new ParsedDelivery(interactions, skipped, deletions);
  }

  private void readNotification(JsonNode notification, List<Interaction> out, List<String> skipped) {
    if (!notification.isObject()) {
      throw json.reject(Reason.MALFORMED, "a notification must be a JSON object");
    }
    String id = json.id(notification, "id");
    String type = json.text(notification, "type");
    if (!type.equals("mention")) {
      skipped.add("notification " + id + ": type " + (type.length() > 30 ? type.substring(0, 30) : type) + " ignored");
      return;
    }
    json.object(notification, "account");
    out.add(readStatus(json.object(notification, "status")));
  }

  /**
   * A {@code status.update} of the user stream: a status edited, its payload the status as it now
   * reads. The stream tells of every edited status in the account's home timeline; one is a
   * customer's message if it was heard as a mention here, or mentions the account (once its id is
   * known), and is then the edit of that message. Others are skipped with a note.
   */
  private void readStatusUpdate(JsonNode status, List<Interaction> out, List<String> skipped) {
    if (!status.isObject()) {
      throw json.reject(Reason.MALFORMED, "a status.update event's payload must be a status");
    }
    String id = json.id(status, "id");
    boolean heard;
    synchronized (authors) {
      heard = authors.containsKey(id);
    }
    if (!heard && !mentionsOwnAccount(status)) {
      skipped.add("status.update " + id + ": not a status that mentions the account, ignored");
      return;
    }
    String own = ownAccountId;
    if (own != null && own.equals(json.optionalId(json.object(status, "account"), "id"))) {
      // the account's own post, which may name its own handle: never a customer's message
      skipped.add("status.update " + id + ": the account's own status, ignored");
      return;
    }
    Interaction edited = readStatus(status);
    // an edit the stream tells is an edit, whether or not the payload carries edited_at
    out.add(edited.edited() ? edited : edited.toBuilder().edited(true).build());
  }

  private boolean mentionsOwnAccount(JsonNode status) {
    String own = ownAccountId;
    if (own == null || own.isEmpty()) {
      return false;
    }
    JsonNode mentions = status.path("mentions");
    for (JsonNode mention : mentions) {
      if (own.equals(json.optionalId(mention, "id"))) {
        return true;
      }
    }
    return false;
  }

  private Interaction readStatus(JsonNode status) {
    String id = json.id(status, "id");
    JsonNode account = json.object(status, "account");
    String acct = json.text(account, "acct");
    String displayName = json.optionalText(account, "display_name");
    String visibility = json.text(status, "visibility");
    synchronized (authors) {
      authors.put(id, new Answered(acct, visibility));
    }
    Visibility vis = switch (visibility) {
      case "public", "unlisted" -> Visibility.PUBLIC;
      case "private", "direct" -> Visibility.PRIVATE;
      default -> throw json.reject(Reason.MALFORMED, "'visibility' has an unknown value");
    };
    String inReplyTo = json.optionalId(status, "in_reply_to_id");
    String text = HtmlText.toText(json.text(status, "content"));
    String spoiler = json.optionalText(status, "spoiler_text");
    if (spoiler != null && !spoiler.isBlank()) {
      text = text.isEmpty() ? spoiler.strip() : spoiler.strip() + "\n\n" + text;
    }
    InteractionKind kind = visibility.equals("direct") ? InteractionKind.DIRECT
        : inReplyTo != null ? InteractionKind.REPLY : InteractionKind.MENTION;
    Interaction.Builder builder = Interaction.inbound(ChannelId.MASTODON, id)
        .thread(inReplyTo != null ? inReplyTo : id)
        .author(acct, displayName == null || displayName.isBlank() ? null : displayName)
        .text(text)
        .occurredAt(json.timestamp(status, "created_at"))
        .visibility(vis)
        .kind(kind)
        .inReplyTo(inReplyTo)
        .edited(status.hasNonNull("edited_at"));
    String language = json.optionalText(status, "language");
    if (language != null && !language.isBlank()) {
      builder.language(language);
    }
    for (JsonNode media : json.array(status, "media_attachments")) {
      String url = json.optionalText(media, "url");
      if (url != null && !url.isBlank()) {
        builder.addAttachment(new Attachment(json.text(media, "type"), url, null, null,
            WireJson.description(media, "description")));
      }
    }
    return builder.build();
  }

  private PollResult pollOpen(@Nullable String cursor) throws IOException, InterruptedException {
    // min_id pages forward from the cursor, the oldest first: a backlog longer than one poll's pages is
    // picked up by the next poll, where walking back from the newest (since_id) would skip its middle
    List<JsonNode> notifications = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    String after = cursor;
    boolean more = false;
    Duration retryAfter = null;
    for (int page = 0; page < MAX_PAGES; page++) {
      // include_filtered: since Mastodon 4.3 the account's notification policy holds back, by default,
      // private mentions from accounts it does not follow (a customer's first direct message)
      URI uri = AdapterCore.uri(baseUrl, "/api/v1/notifications?types%5B%5D=mention&include_filtered=true&limit="
          + PAGE_SIZE
          + (after == null ? "" : "&min_id=" + after));
      HttpResponse<byte[]> response = core.exchange(HttpRequest.newBuilder(uri)
          .header("Authorization", "Bearer " + accessToken).GET());
      if (response.statusCode() != 200) {
        int status = response.statusCode();
        Duration wait = status == 429 ? rateLimitWait(response) : core.retryAfterHeader(response);
        if (page > 0 && (status == 429 || status >= 500)) {
          // pages are read forward from the cursor: the ones read are kept, the cursor moves past
          // them, and the next poll goes on from there once the server's wait is over
          skipped.add("notifications: HTTP " + status + " on page " + (page + 1) + ", the next poll goes on there");
          retryAfter = wait;
          break;
        }
        throw new PollFailedException(ChannelId.MASTODON, "HTTP " + status, wait, null);
      }
      JsonNode body = json.parse(response.body());
      if (!body.isArray()) {
        throw json.reject(Reason.MALFORMED, "notifications must be a JSON array");
      }
      String newestOfPage = after;
      for (JsonNode notification : body) {
        String id = notificationId(notification);
        if (id == null) {
          // it could be no next poll's cursor, and polling would stop there
          skipped.add("a notification without a Mastodon id skipped");
          continue;
        }
        notifications.add(notification);
        if (newestOfPage == null || sortKey(id).compareTo(sortKey(newestOfPage)) > 0) {
          newestOfPage = id;
        }
      }
      // the first poll starts from the newest page; a page that is not full is the last one
      if (after == null || body.size() < PAGE_SIZE) {
        break;
      }
      // the last allowed page was full: the next poll goes on from its newest
      more = page == MAX_PAGES - 1;
      after = newestOfPage;
    }
    notifications.sort(Comparator.comparing((JsonNode n) -> sortKey(json.id(n, "id"))));
    List<Interaction> interactions = new ArrayList<>();
    String newest = cursor;
    for (JsonNode notification : notifications) {
      String id = json.id(notification, "id");
      // one notification the mapping refuses must not hold back the ones after it: the cursor moves on
      AdapterCore.readOrSkip("notification " + id, skipped, () -> readNotification(notification, interactions, skipped));
      if (newest == null || sortKey(id).compareTo(sortKey(newest)) > 0) {
        newest = id;
      }
    }
    return new PollResult(interactions, skipped, newest, more, List.of(), retryAfter);
  }

  /** A notification's id if it is one a poll can go on from, else null. */
  private @Nullable String notificationId(JsonNode notification) {
    try {
      String id = notification.isObject() ? json.optionalId(notification, "id") : null;
      return id != null && STATUS_ID.matcher(id).matches() ? id : null;
    } catch (DeliveryRejectedException notAnId) {
      return null;
    }
  }

  private static String sortKey(String id) {
    // Mastodon ids are decimal strings of growing length: compare by length, then digits
    return String.format("%04d", Math.min(id.length(), 9999)) + id;
  }

  private SendResult sendOpen(OutboundMessage message) throws IOException, InterruptedException {
    ObjectNode body = WireJson.MAPPER.createObjectNode();
    String text = message.text();
    String replyTo = message.inReplyTo() != null ? message.inReplyTo() : message.threadId();
    if (replyTo == null) {
      // a status mentioning nobody reaches nobody (direct) or no one in particular (public)
      return SendResult.permanent("Mastodon reaches a customer only with a reply to a status; there is none to answer");
    }
    if (!STATUS_ID.matcher(replyTo).matches()) {
      return SendResult.permanent("inReplyTo is not a Mastodon status id");
    }
    body.put("in_reply_to_id", replyTo);
    // media uploaded by an earlier attempt that the instance was still processing are asked after,
    // not fetched and uploaded again
    List<String> uploaded = pendingMedia.of(message);
    List<AttachmentFile> files = List.of();
    if (uploaded == null) {
      FileFetch.Fetched fetched = fileFetch.fetchAll(message);
      if (fetched.failure() != null) {
        return fetched.failure();
      }
      List<AttachmentFile> had = fetched.files();
      // the declared kinds passed the refusal; a file may still turn out a video beside others
      String mixed = playedAlone(had.size(), i -> playable(message.attachments().get(i).type(), had.get(i).mediaType()));
      if (mixed != null) {
        return SendResult.permanent(mixed);
      }
      files = had;
    }
    // a direct status reaches only the accounts it mentions, and a public reply notifies only them:
    // without its author's handle, the answer would reach nobody
    Answered answered;
    synchronized (authors) {
      answered = authors.get(replyTo);
    }
    String acct = answered == null ? null : answered.acct();
    String answeredVisibility = answered == null ? null : answered.visibility();
    if (acct == null) {
      HttpResponse<byte[]> lookedUp = core.exchange(HttpRequest.newBuilder(
              AdapterCore.uri(baseUrl, "/api/v1/statuses/" + replyTo))
          .header("Authorization", "Bearer " + accessToken)
          .GET());
      if (lookedUp.statusCode() == 404) {
        return SendResult.permanent("the status answered no longer exists, so a reply would reach nobody");
      }
      if (lookedUp.statusCode() != 200) {
        return failure(lookedUp, "");
      }
      String authorId;
      try {
        JsonNode status = json.parse(lookedUp.body());
        JsonNode account = json.object(status, "account");
        acct = json.text(account, "acct");
        authorId = json.id(account, "id");
        answeredVisibility = json.optionalText(status, "visibility");
      } catch (DeliveryRejectedException e) {
        return SendResult.permanent("the status answered has no readable author");
      }
      // a thread is the status a customer answered, often the brand's own post: a reply to it would
      // mention the brand and reach no customer
      Object own = ownAccountId();
      if (own instanceof SendResult failed) {
        return failed;
      }
      if (authorId.equals(own)) {
        return SendResult.permanent("the status answered is this account's own, so a reply would reach no customer");
      }
    }
    text = withMention(acct, text);
    if (textLength(ChannelId.MASTODON, text) > MAX_LENGTH) {
      // the check before queueing measured the text without the mention, which only the answered status names
      return SendResult.permanent("the reply with the mention it needs is longer than " + MAX_LENGTH + " characters");
    }
    body.put("status", text);
    // a public answer to an unlisted status stays unlisted, as Mastodon's own composer answers it: the
    // customer kept the status off the public timelines, and the answer names them
    body.put("visibility", message.visibility() != Visibility.PUBLIC ? "direct"
        : "unlisted".equals(answeredVisibility) ? "unlisted" : "public");
    List<String> mediaIds = new ArrayList<>();
    SendResult notUploaded;
    if (uploaded == null) {
      notUploaded = uploadFiles(message, files, mediaIds);
    } else {
      mediaIds.addAll(uploaded);
      List<Integer> all = new ArrayList<>();
      IntStream.range(0, uploaded.size()).forEach(all::add);
      notUploaded = awaitProcessing(message, mediaIds, all);
    }
    if (notUploaded != null) {
      return notUploaded;
    }
    if (!mediaIds.isEmpty()) {
      ArrayNode ids = body.putArray("media_ids");
      mediaIds.forEach(ids::add);
    }
    HttpResponse<byte[]> response = core.exchange(HttpRequest.newBuilder(AdapterCore.uri(baseUrl, "/api/v1/statuses"))
        .header("Authorization", "Bearer " + accessToken)
        .header("Content-Type", "application/json")
        .header("Idempotency-Key", URLEncoder.encode(message.idempotencyKey(), StandardCharsets.UTF_8))
        .POST(HttpRequest.BodyPublishers.ofByteArray(WireJson.MAPPER.writeValueAsBytes(body))));
    int status = response.statusCode();
    if (status == 200) {
      pendingMedia.sent(message);
      try {
        return SendResult.sent(json.id(json.parse(response.body()), "id"), clock.instant());
      } catch (DeliveryRejectedException e) {
        return SendResult.permanent("status posted without an id in the answer");
      }
    }
    return failure(response, status == 422 ? "validation failed" : "");
  }

  /**
   * Uploads the files and waits until the instance has processed them. No status is posted yet, so
   * a failure here, a timeout too, leaves the customer with nothing and sending again is safe.
   *
   * @param message the reply
   * @param files its files, in order
   * @param mediaIds receives the media ids, in the order of the files
   * @return null if every file is ready to be attached, else the failure to report
   */
  private @Nullable SendResult uploadFiles(OutboundMessage message, List<AttachmentFile> files, List<String> mediaIds) {
    if (files.isEmpty()) {
      return null;
    }
    List<Integer> processing = new ArrayList<>();
    try {
      for (int i = 0; i < files.size(); i++) {
        HttpResponse<byte[]> response =
            core.exchange(upload(files.get(i), i + 1, message.attachments().get(i).description()));
        int status = response.statusCode();
        if (status != 200 && status != 202) {
          return failure(response, "attachment " + (i + 1)
              + (status == 422 ? ": the instance refused the file as unsupported or invalid" : ": upload failed"));
        }
        String id = mediaId(response);
        if (id == null) {
          return SendResult.permanent("attachment " + (i + 1)
              + ": the instance answered the upload without a media id");
        }
        mediaIds.add(id);
        if (status == 202) {
          processing.add(i);
        }
      }
      LOG.debug("mastodon reply {}: media {} uploaded, {} processing", message.id(), mediaIds, processing.size());
      return awaitProcessing(message, mediaIds, processing);
    } catch (IOException e) {
      return SendResult.retryable("attachment upload failed (" + e.getClass().getSimpleName() + ")", null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return SendResult.retryable("interrupted while uploading attachments", null);
    }
  }

  /**
   * A {@code POST /api/v2/media} of one file as {@code multipart/form-data}, its media type on the
   * part, and its description, if it has one, as the field {@code description}.
   */
  private HttpRequest.Builder upload(AttachmentFile file, int position, @Nullable String description) {
    byte[] content = file.content();
    Multipart body = new Multipart()
        .file("file", uploadName(file, position), file.mediaType(), content, 0, content.length);
    if (description != null) {
      body.field("description", description);
    }
    return HttpRequest.newBuilder(AdapterCore.uri(baseUrl, "/api/v2/media"))
        .header("Authorization", "Bearer " + accessToken)
        .header("Content-Type", body.contentType())
        .POST(body.publisher());
  }

  /**
   * The name a file is uploaded under (Mastodon shows it nowhere, but takes a part as a file only
   * with one): its own if it is plain ASCII, else {@code attachment-N} with an extension for its
   * media type.
   */
  static String uploadName(AttachmentFile file, int position) {
    return file.fileName().filter(name -> PLAIN_FILE_NAME.matcher(name).matches())
        .orElseGet(() -> file.nameByPosition(position));
  }

  /** The id of an uploaded MediaAttachment, if it is one that can go into a path; else null. */
  private @Nullable String mediaId(HttpResponse<byte[]> response) {
    try {
      String id = json.id(json.parse(response.body()), "id");
      return STATUS_ID.matcher(id).matches() ? id : null;
    } catch (DeliveryRejectedException e) {
      return null;
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
    for (int poll = 0; poll < PROCESSING_POLLS && !processing.isEmpty(); poll++) {
      Thread.sleep(processingPause.toMillis());
      for (Iterator<Integer> it = processing.iterator(); it.hasNext(); ) {
        int i = it.next();
        HttpResponse<byte[]> response = core.exchange(HttpRequest.newBuilder(
                AdapterCore.uri(baseUrl, "/api/v1/media/" + mediaIds.get(i)))
            .header("Authorization", "Bearer " + accessToken)
            .GET());
        int status = response.statusCode();
        if (status == 200) {
          it.remove();
        } else if (status != 206) {
          return failure(response, "attachment " + (i + 1)
              + (status == 422 ? ": the instance could not process the file" : ": asking whether it is processed"));
        }
      }
    }
    if (processing.isEmpty()) {
      return null;
    }
    // the media uploaded stay on the instance unattached, seen by no one, until the next attempt asks
    // after them again (Mastodon deletes unattached media after a day)
    LOG.debug("mastodon reply {}: media {} still processing", message.id(), mediaIds);
    pendingMedia.keep(message, mediaIds);
    return SendResult.retryable("attachment " + (processing.get(0) + 1) + " is still being processed by the instance",
        STILL_PROCESSING_WAIT);
  }

  /** A failed answer as a send result: a 429 waits until {@code X-RateLimit-Reset}, others for {@code Retry-After}. */
  private SendResult failure(HttpResponse<byte[]> response, String what) {
    int status = response.statusCode();
    return AdapterCore.failure(status, status == 429 ? rateLimitWait(response) : core.retryAfterHeader(response), what);
  }

  /**
   * The id of the account the token acts for, asked once ({@code verify_credentials}); or the failure
   * to send with if the server cannot say now; or the empty string if the token may not ask (its
   * scopes lack {@code read:accounts}), and nothing can be compared.
   */
  private Object ownAccountId() throws IOException, InterruptedException {
    String known = ownAccountId;
    if (known != null) {
      return known;
    }
    HttpResponse<byte[]> response = core.exchange(HttpRequest.newBuilder(
        AdapterCore.uri(baseUrl, "/api/v1/accounts/verify_credentials")).header("Authorization", "Bearer " + accessToken)
        .GET());
    int status = response.statusCode();
    if (status == 401 || status == 403) {
      return "";
    }
    if (status != 200) {
      return failure(response, "asking for the account's own id");
    }
    try {
      known = json.id(json.parse(response.body()), "id");
    } catch (DeliveryRejectedException e) {
      return "";
    }
    ownAccountId = known;
    return known;
  }

  /** The text, led by {@code @acct} unless it mentions the account already; the mention alone for no text. */
  static String withMention(String acct, String text) {
    String mention = "@" + acct;
    for (int at = 0; at + mention.length() <= text.length(); at++) {
      // as Mastodon reads mentions: not right after a letter, digit, '_', '=' or '/' (as in a URL or an address)
      if (text.regionMatches(true, at, mention, 0, mention.length())
          && (at == 0 || !mentionCannotFollow(text.charAt(at - 1)))
          && !continuesHandle(text, at + mention.length())) {
        return text;
      }
    }
    return text.isEmpty() ? mention : mention + " " + text;
  }

  private static boolean mentionCannotFollow(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '=' || c == '/';
  }

  /** Whether the char at {@code i} still belongs to a handle (so the match there was a longer one). */
  private static boolean continuesHandle(String text, int i) {
    if (i >= text.length()) {
      return false;
    }
    char c = text.charAt(i);
    if (Character.isLetterOrDigit(c) || c == '_' || c == '@') {
      return true;
    }
    // a dot or a hyphen continues a domain only if more of it follows ("@anna@host.de." ends at "de")
    return (c == '.' || c == '-') && i + 1 < text.length() && Character.isLetterOrDigit(text.charAt(i + 1));
  }

  private @Nullable Duration rateLimitWait(HttpResponse<byte[]> response) {
    Optional<String> reset = response.headers().firstValue("x-ratelimit-reset");
    if (reset.isPresent()) {
      try {
        return core.untilNow(OffsetDateTime.parse(reset.get().strip()).toInstant());
      } catch (DateTimeParseException e) {
        return core.retryAfterHeader(response);
      }
    }
    return core.retryAfterHeader(response);
  }

  /**
   * Builder of {@link MastodonAdapter}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private @Nullable String baseUrl;
    private @Nullable String accessToken;
    private Clock clock = Clock.systemUTC();
    private Duration timeout = Duration.ofSeconds(10);
    private @Nullable AttachmentSource attachmentSource;
    private long maxAttachmentBytes = DEFAULT_MAX_ATTACHMENT_BYTES;
    private int maxDescription = DEFAULT_MAX_DESCRIPTION;
    private @Nullable Duration processingPause;

    private Builder() {}

    /**
     * Sets the instance's base URL, e.g. {@code https://norden.social}.
     *
     * @param value an http or https URL
     * @return this builder
     */
    public Builder baseUrl(String value) {
      AdapterCore.httpUrl(value, "baseUrl");
      baseUrl = value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
      return this;
    }

    /**
     * Sets the access token (scopes {@code read:notifications}, {@code write:statuses} and, for
     * replies with files, {@code write:media}).
     *
     * @param value the token
     * @return this builder
     */
    public Builder accessToken(String value) {
      accessToken = AdapterCore.token(value, "accessToken");
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
     * Sets the timeout of one request, an upload included (a large video needs a longer one), and of
     * connecting to and each wait for data from the file servers of the default {@link
     * #attachmentSource}. The adapter waits about as long again for uploaded media the instance still
     * processes.
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
     * Sets how many bytes one file of a reply may have; default 99 MiB, Mastodon's default limit of a
     * video or audio file and so the largest file an instance takes unless its admin raised it. An
     * image over the instance's own limit (16 MiB by default) is refused by the instance (422), a
     * permanent failure.
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

    /**
     * Sets how many characters a file's description may have; default 1,500, Mastodon's limit. Servers
     * that speak Mastodon's API may take fewer (GoToSocial's {@code media-description-max-chars}): set
     * theirs, so that a longer description is refused before queueing rather than by the server.
     *
     * @param value a positive number of characters (code points)
     * @return this builder
     * @throws IllegalArgumentException if the value is not positive
     * @since 0.1.0
     */
    public Builder maxDescriptionLength(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("maxDescriptionLength must be positive, was " + value);
      }
      maxDescription = value;
      return this;
    }

    /** Sets the pause before each question whether uploaded media are processed; a fifth of the timeout by default. */
    Builder processingPause(Duration value) {
      processingPause = AdapterCore.notNegative(value, "processingPause");
      return this;
    }

    /**
     * Builds the adapter.
     *
     * @return the adapter
     * @throws IllegalStateException if base URL or token is missing
     */
    public MastodonAdapter build() {
      if (baseUrl == null || accessToken == null) {
        throw new IllegalStateException("baseUrl and accessToken are required");
      }
      return new MastodonAdapter(this);
    }
  }

  @Override
  public String toString() {
    return "MastodonAdapter[" + baseUrl + "]";
  }
}
