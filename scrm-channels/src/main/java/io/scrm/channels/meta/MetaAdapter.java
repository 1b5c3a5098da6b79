package io.scrm.channels.meta;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scrm.channels.ChannelAdapter;
import io.scrm.channels.ChannelCapabilities;
import io.scrm.channels.Channels;
import io.scrm.channels.Deletion;
import io.scrm.channels.DeliveryRejectedException.Reason;
import io.scrm.channels.InboundDelivery;
import io.scrm.channels.ParsedDelivery;
import io.scrm.channels.SendResult;
import io.scrm.channels.internal.AdapterCore;
import io.scrm.channels.internal.GeoUri;
import io.scrm.channels.internal.Secrets;
import io.scrm.channels.internal.WireJson;
import io.scrm.core.SocialCrm;
import io.scrm.core.model.Attachment;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.Interaction;
import io.scrm.core.model.InteractionId;
import io.scrm.core.model.InteractionKind;
import io.scrm.core.model.OutboundMessage;
import io.scrm.core.model.Visibility;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
 * The Meta adapter for a Facebook page: Messenger conversations ({@code messenger}, private) and
 * comments on the page's posts ({@code facebook}, public). Immutable after {@link Builder#build()}
 * apart from the bounded record of each customer's last message time; thread-safe.
 *
 * <p>Webhook bodies are verified with {@code X-Hub-Signature-256}, an HMAC-SHA256 of the raw body
 * bytes under the app secret, compared in constant time. Of {@code entry[].messaging[]},
 * {@code message}, {@code message_edit} and {@code postback} events are customer messages; echoes of
 * the page's own messages, delivery and read receipts and other events are skipped with a note. Of
 * {@code entry[].changes[]}, {@code feed} changes with {@code item: comment} and verb {@code add} or
 * {@code edited} are customer comments, and those with a post item ({@code status}, {@code post},
 * {@code photo}, {@code video}, {@code share}) customers' posts on the page, unless the page wrote
 * them itself; verb {@code remove} (its author or a moderator deleted it) is the comment's or post's
 * {@link Deletion}, at the time it is heard; a comment's {@code photo} or {@code video} (an
 * address) becomes an attachment. A comment without {@code from} (Meta leaves it out for apps
 * without access to its author) is kept, tagged {@code author-unknown}, with an author of its own.
 * Messages on the {@code standby} channel (another app owns the conversation) are read like {@code
 * messaging} ones and tagged {@code standby}.
 *
 * <p>A Messenger thread is the customer's page-scoped id (PSID); the Send API is called with
 * {@code messaging_type: RESPONSE}, which Meta only accepts within 24 hours of the customer's last
 * message (the engine's send check refuses a reply outside that window before it is queued, measured
 * with the customer's last message in the shared store); Meta refuses a reply outside the window, and
 * a reply to a conversation another app owns (messages heard on standby) until it passes control,
 * unless {@link Builder#takeThreadControl()} lets the adapter take control first. The adapter refuses
 * no reply on its own record of the customer's last message: another instance of the host may have
 * heard a newer one. With {@link Builder#humanAgentTag()} a service reply between 24 hours and 7 days
 * of the last message this adapter saw goes out with the {@code HUMAN_AGENT} tag (other purposes
 * never do); any other service reply goes out as a response and, if Meta answers that the 24 hours
 * are over, once more with the tag. A top-level
 * comment is a thread of its own (a post gathers many people's comments, each their own
 * conversation), and one person's replies under a comment are the thread {@code commentId/authorId},
 * joined to the comment's case when its author replies (the engine joins the case holding the
 * answered message); a customer's post is its own thread too. Replies go to
 * {@code /{comment-or-post-id}/comments}.
 *
 * <p>Files go out by reference: an {@code https} URL Meta fetches, or an id of digits Meta gave
 * before. A Messenger message carries either text or one file ({@code message.attachment} of type
 * {@code image}, {@code video}, {@code audio} or {@code file}; an id is one from the Attachment
 * Upload API); a comment reply carries one photo ({@code attachment_url}, or {@code attachment_id}
 * for a photo the page uploaded unpublished), with or without text. What else a message carries is
 * {@linkplain #refusal(OutboundMessage) refused} before it is queued. Neither takes a file's
 * {@link io.scrm.core.model.Attachment#description() description} (alt text): it is left off.
 *
 * @since 0.1.0
 */
public final class MetaAdapter implements ChannelAdapter {
  /** The Graph API's public endpoint. */
  public static final String DEFAULT_BASE_URL = "https://graph.facebook.com";
  /** The Graph API version used unless configured otherwise. */
  public static final String DEFAULT_API_VERSION = "v21.0";
  /** The header Meta signs webhook bodies in. */
  public static final String SIGNATURE_HEADER = "X-Hub-Signature-256";
  /** How long after the customer's last message a standard reply is allowed. */
  public static final Duration REPLY_WINDOW = Duration.ofHours(24);
  /** How long after the customer's last message a person's reply is allowed with the {@code HUMAN_AGENT} tag. */
  public static final Duration HUMAN_AGENT_WINDOW = Duration.ofDays(7);

  private static final Pattern GRAPH_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,200}");
  /** A file Meta already holds: an attachment id (Messenger) or an unpublished photo's id (comments). */
  private static final Pattern MEDIA_ID = Pattern.compile("[0-9]{1,30}");
  /** The Send API's attachment type of each kind of file. */
  private static final Map<String, String> MESSENGER_TYPES = Map.of(
      "photo", "image", "video", "video", "audio", "audio", "voice", "audio", "document", "file");
  /** The one kind of file a comment reply carries. */
  private static final String COMMENT_PHOTO = "photo";
  /**
   * Throttling: the platform limits (4 app, 17 user, 32 page, 613 custom) and the business use case
   * limits of the Pages API (80001, which page access tokens fall under) and the Messenger Platform (80006).
   */
  private static final Set<Integer> RATE_LIMIT_CODES = Set.of(4, 17, 32, 613, 80001, 80006);
  /** Unknown (1) and service (2) errors, and the Send API's "temporary send message failure" (1200). */
  private static final Set<Integer> TRANSIENT_CODES = Set.of(1, 2, 1200);
  private static final Logger LOG = LoggerFactory.getLogger(MetaAdapter.class);
  private static final int MAX_TRACKED = 100_000;
  /** The feed items that are posts on the page, which customers can write too. */
  private static final Set<String> POST_ITEMS = Set.of("status", "post", "photo", "video", "share");
  /** Between a comment's id and a replier's id in the thread of that person's replies under it. */
  private static final char REPLIER_SEPARATOR = '/';
  /** The handle of a comment's author Meta did not name, before the comment's id. */
  private static final String UNKNOWN_AUTHOR = "unknown-author:";

  private final AdapterCore core;
  private final WireJson json;
  private final Clock clock;
  private final String graphUrl;
  private final String pageAccessToken;
  private final @Nullable String appSecret;
  private final @Nullable String verifyToken;
  private final boolean humanAgentTag;
  private final boolean takeThreadControl;
  /** The PSIDs whose conversation another app owns, as the last event about it told; a set. */
  private final Map<String, Boolean> ownedElsewhere = AdapterCore.recentlyUsed(MAX_TRACKED);
  private final Map<String, Instant> lastCustomerMessage = AdapterCore.recentlyUsed(MAX_TRACKED);

  private MetaAdapter(Builder b) {
    this.core = new AdapterCore(ChannelId.MESSENGER, b.clock, b.timeout, true);
    this.json = core.json;
    this.clock = b.clock;
    this.graphUrl = (b.baseUrl.endsWith("/") ? b.baseUrl.substring(0, b.baseUrl.length() - 1) : b.baseUrl)
        + "/" + b.apiVersion;
    this.pageAccessToken = Objects.requireNonNull(b.pageAccessToken, "pageAccessToken");
    this.appSecret = b.appSecret;
    this.verifyToken = b.verifyToken;
    this.humanAgentTag = b.humanAgentTag;
    this.takeThreadControl = b.takeThreadControl;
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
    return ChannelId.MESSENGER;
  }

  @Override
  public Set<ChannelId> channels() {
    return Set.of(ChannelId.MESSENGER, ChannelId.FACEBOOK);
  }

  @Override
  public ChannelCapabilities capabilities(ChannelId channel) {
    if (channel.equals(ChannelId.MESSENGER)) {
      return new ChannelCapabilities(true, false, false, humanAgentTag ? HUMAN_AGENT_WINDOW : REPLY_WINDOW, 2000,
          false, true,
          ChannelCapabilities.RateLimit.perSecond(250), false);
    }
    if (channel.equals(ChannelId.FACEBOOK)) {
      return new ChannelCapabilities(false, true, false, null, 8000, false, true,
          ChannelCapabilities.RateLimit.perSecond(10), false);
    }
    throw new IllegalArgumentException("channel must be messenger or facebook, was " + channel);
  }

  /**
   * With {@link Builder#humanAgentTag()}, 7 days for a service reply on Messenger and 24 hours for
   * any other message; otherwise the channel's window.
   */
  @Override
  public @Nullable Duration replyWindow(OutboundMessage message) {
    if (message.channel().equals(ChannelId.MESSENGER) && humanAgentTag) {
      return SocialCrm.SERVICE_REPLY.equals(message.purpose()) ? HUMAN_AGENT_WINDOW : REPLY_WINDOW;
    }
    return capabilities(message.channel()).replyWindow();
  }

  /**
   * Refuses, on Messenger, a file beside text (Meta takes one or the other: send the text as its own
   * message), more than one file, and a kind outside {@link Attachment#SENDABLE_TYPES}; on comment
   * replies anything but one photo; on both a reference that is neither an {@code https} URL nor an
   * id of digits. A reason names the kind of file, never its address (a signed URL carries a token).
   */
  @Override
  public @Nullable String refusal(OutboundMessage message) {
    String refused = ChannelAdapter.super.refusal(message);
    if (refused != null || message.attachments().isEmpty()) {
      return refused;
    }
    return message.channel().equals(ChannelId.FACEBOOK) ? commentRefusal(message) : messengerRefusal(message);
  }

  private static @Nullable String messengerRefusal(OutboundMessage message) {
    List<Attachment> files = message.attachments();
    if (files.size() > 1) {
      return "Messenger sends one attachment per message, this one has " + files.size();
    }
    if (!message.text().isBlank()) {
      return "Messenger sends text or an attachment, not both: send the text as its own message";
    }
    Attachment file = files.get(0);
    if (!MESSENGER_TYPES.containsKey(file.type())) {
      return "Messenger sends no attachment of kind " + file.type();
    }
    return referenceRefusal(file);
  }

  private static @Nullable String commentRefusal(OutboundMessage message) {
    List<Attachment> files = message.attachments();
    if (files.size() > 1) {
      return "a page comment reply carries one photo, this one has " + files.size() + " attachments";
    }
    Attachment file = files.get(0);
    if (!file.type().equals(COMMENT_PHOTO)) {
      return "a page comment reply carries a photo only, no attachment of kind " + file.type();
    }
    return referenceRefusal(file);
  }

  private static boolean https(String reference) {
    URI uri = AdapterCore.webAddress(reference);
    return uri != null && "https".equalsIgnoreCase(uri.getScheme());
  }

  /** Meta fetches files from https URLs only; anything else must be an id Meta gave. */
  private static @Nullable String referenceRefusal(Attachment file) {
    String reference = file.reference();
    if (MEDIA_ID.matcher(reference).matches() || https(reference)) {
      return null;
    }
    return "the " + file.type() + " must be an https URL or a Meta attachment id (digits)";
  }

  /**
   * Answers Meta's subscription handshake (the GET request with {@code hub.mode},
   * {@code hub.verify_token} and {@code hub.challenge}).
   *
   * @param query the request's query parameters, decoded
   * @return the challenge to answer with status 200, or empty to answer 403
   */
  public Optional<String> verifySubscription(Map<String, String> query) {
    Objects.requireNonNull(query, "query");
    core.ensureOpen();
    String mode = query.get("hub.mode");
    String token = query.get("hub.verify_token");
    String challenge = query.get("hub.challenge");
    if (verifyToken == null || !"subscribe".equals(mode) || token == null || challenge == null
        || !Secrets.sameSecret(verifyToken, token)) {
      return Optional.empty();
    }
    return Optional.of(challenge);
  }

  @Override
  public ParsedDelivery parse(InboundDelivery delivery) {
    return core.parse(delivery, this::parseVerified);
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
    byte[] body = delivery.body();
    if (appSecret != null) {
      String header = delivery.header(SIGNATURE_HEADER).orElse("");
      if (!header.startsWith("sha256=") || !Secrets.hmacMatches(appSecret, body, header.substring(7))) {
        throw json.reject(Reason.BAD_SIGNATURE, SIGNATURE_HEADER + " is missing or does not match the body");
      }
    }
    JsonNode root = json.parse(body);
    if (!root.isObject()) {
      throw json.reject(Reason.MALFORMED, "a webhook body must be a JSON object");
    }
    String object = json.text(root, "object");
    List<Interaction> interactions = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    List<Deletion> deletions = new ArrayList<>();
    if (!object.equals("page")) {
      skipped.add("object type " + (object.length() > 20 ? object.substring(0, 20) : object) + " ignored");
      return new ParsedDelivery(interactions, skipped);
    }
    JsonNode entries = root.get("entry");
    if (entries == null || !entries.isArray()) {
      throw json.reject(Reason.MISSING_FIELD, "'entry' is missing or not an array");
    }
    for (JsonNode entry : entries) {
      if (!entry.isObject()) {
        throw json.reject(Reason.MALFORMED, "an entry must be an object");
      }
      String pageId = json.id(entry, "id");
      JsonNode messaging = json.array(entry, "messaging");
      for (int i = 0; i < messaging.size(); i++) {
        JsonNode event = messaging.get(i);
        // one event the mapping refuses must not keep the batch out: Meta would send it again and again
        AdapterCore.readOrSkip("page " + pageId + " messaging " + i, skipped,
            () -> readMessaging(event, pageId, false, interactions, skipped));
      }
      // while another app owns the conversation (handover protocol) the customer's messages come on
      // the standby channel: they are heard all the same, tagged so
      JsonNode standby = json.array(entry, "standby");
      for (int i = 0; i < standby.size(); i++) {
        JsonNode event = standby.get(i);
        AdapterCore.readOrSkip("page " + pageId + " standby " + i, skipped,
            () -> readStanding(event, pageId, interactions, skipped));
      }
      JsonNode changes = json.array(entry, "changes");
      for (int i = 0; i < changes.size(); i++) {
        JsonNode change = changes.get(i);
        AdapterCore.readOrSkip("page " + pageId + " change " + i, skipped,
            () -> readChange(change, pageId, interactions, skipped, deletions, delivery.receivedAt()));
      }
    }
    return new ParsedDelivery(interactions, skipped, deletions);
  }

  /** Reads one event of {@code messaging}, or of {@code standby} (another app owns the conversation). */
  private void readMessaging(JsonNode event, String pageId, boolean standby, List<Interaction> out,
      List<String> skipped) {
    if (!event.isObject()) {
      throw json.reject(Reason.MALFORMED, "a messaging event must be an object");
    }
    String sender = json.id(json.object(event, "sender"), "id");
    // the handover protocol's events: who owns the conversation now
    if (json.optionalObject(event, "pass_thread_control") != null) {
      ownedElsewhere(sender, false);
      skipped.add("pass_thread_control for " + sender + ": this app owns the conversation");
      return;
    }
    if (json.optionalObject(event, "take_thread_control") != null) {
      ownedElsewhere(sender, true);
      skipped.add("take_thread_control for " + sender + ": another app owns the conversation");
      return;
    }
    json.id(json.object(event, "recipient"), "id");
    // receipts come without a timestamp; customer events always carry one
    Instant at = event.has("delivery") || event.has("read") ? Instant.EPOCH : json.epochMillis(event, "timestamp");
    JsonNode message = json.optionalObject(event, "message");
    JsonNode edit = json.optionalObject(event, "message_edit");
    JsonNode postback = json.optionalObject(event, "postback");
    if (message != null) {
      String mid = json.id(message, "mid");
      JsonNode echo = message.get("is_echo");
      if ((echo != null && echo.asBoolean(false)) || sender.equals(pageId)) {
        skipped.add("message " + mid + ": echo of the page's own message");
        return;
      }
      Interaction.Builder builder = customer(ChannelId.MESSENGER, mid, sender, at)
          .text(Objects.requireNonNullElse(json.optionalText(message, "text"), ""));
      JsonNode replyTo = json.optionalObject(message, "reply_to");
      if (replyTo != null) {
        builder.inReplyTo(json.id(replyTo, "mid")).kind(InteractionKind.REPLY);
      }
      for (JsonNode attachment : json.array(message, "attachments")) {
        String type = json.text(attachment, "type");
        JsonNode payload = json.optionalObject(attachment, "payload");
        JsonNode coordinates = payload == null ? null : json.optionalObject(payload, "coordinates");
        String url = payload == null ? null : json.optionalText(payload, "url");
        if (type.equals("location") && coordinates != null) {
          // a shared location: where the customer is (a fault's address), as a geo URI (RFC 5870)
          builder.addAttachment(new Attachment("location", geoUri(coordinates), null, null));
        } else if (url != null && !url.isBlank()) {
          builder.addAttachment(new Attachment(type, url, null, null));
        } else {
          skipped.add("message " + mid + ": attachment of type " + (type.length() > 30 ? type.substring(0, 30) : type)
              + " without a file, not kept");
        }
      }
      JsonNode quickReply = json.optionalObject(message, "quick_reply");
      if (quickReply != null) {
        builder.addTag("quick-reply");
      }
      remember(sender, at);
      ownedElsewhere(sender, standby);
      out.add(builder.build());
    } else if (edit != null) {
      String mid = json.id(edit, "mid");
      remember(sender, at);
      ownedElsewhere(sender, standby);
      out.add(customer(ChannelId.MESSENGER, mid, sender, at)
          .text(Objects.requireNonNullElse(json.optionalText(edit, "text"), "")).edited(true).build());
    } else if (postback != null) {
      String mid = json.optionalId(postback, "mid");
      String id = mid != null ? mid : "postback:" + sender + ":" + at.toEpochMilli();
      remember(sender, at);
      ownedElsewhere(sender, standby);
      out.add(customer(ChannelId.MESSENGER, id, sender, at)
          .text(Objects.requireNonNullElse(json.optionalText(postback, "title"), "")).addTag("postback").build());
    } else if (event.has("delivery")) {
      skipped.add("delivery receipt from " + sender);
    } else if (event.has("read")) {
      skipped.add("read receipt from " + sender);
    } else {
      skipped.add("messaging event from " + sender + " of an unhandled type");
    }
  }

  private void readStanding(JsonNode event, String pageId, List<Interaction> out, List<String> skipped) {
    int before = out.size();
    readMessaging(event, pageId, true, out, skipped);
    for (int i = before; i < out.size(); i++) {
      out.set(i, out.get(i).toBuilder().addTag("standby").build());
    }
  }

  private Interaction.Builder customer(ChannelId channel, String externalId, String sender, Instant at) {
    return Interaction.inbound(channel, externalId).thread(sender).author(sender, null).occurredAt(at)
        .visibility(Visibility.PRIVATE).kind(InteractionKind.DIRECT);
  }

  private void readChange(JsonNode change, String pageId, List<Interaction> out, List<String> skipped,
      List<Deletion> deletions, Instant heardAt) {
    if (!change.isObject()) {
      throw json.reject(Reason.MALFORMED, "a change must be an object");
    }
    String field = json.text(change, "field");
    JsonNode value = json.object(change, "value");
    String item = json.optionalText(value, "item");
    boolean comment = "comment".equals(item);
    // an immutable set refuses to be asked for null: a change without an item is one to skip
    if (!field.equals("feed") || !comment && (item == null || !POST_ITEMS.contains(item))) {
      skipped.add("change " + shortName(field) + "/" + shortName(item) + " ignored");
      return;
    }
    String postId = json.id(value, "post_id");
    String id = comment ? json.id(value, "comment_id") : postId;
    String note = (comment ? "comment " : "post ") + id;
    String verb = json.text(value, "verb");
    if (verb.equals("remove")) {
      // its author or a moderator of the page deleted it: the stored message is marked, whoever wrote
      // it, at the time it is heard, when the delivery came (the change's created_time may be the item's own)
      deletions.add(new Deletion(InteractionId.of(ChannelId.FACEBOOK, id), heardAt));
      return;
    }
    if (!verb.equals("add") && !verb.equals("edited")) {
      skipped.add(note + ": verb " + shortName(verb) + " ignored");
      return;
    }
    // Meta leaves "from" out where the app may not see who wrote it (an app without advanced access):
    // the comment is kept, its author one of its own, known by the comment alone
    JsonNode from = json.optionalObject(value, "from");
    String authorId = from == null ? UNKNOWN_AUTHOR + id : json.id(from, "id");
    if (authorId.equals(pageId)) {
      skipped.add(note + ": written by the page itself");
      return;
    }
    String parentId = comment ? json.optionalId(value, "parent_id") : null;
    boolean reply = parentId != null && !parentId.equals(postId);
    // a page post gathers the comments of many people: each top-level comment is a conversation of its
    // own, and so are one person's replies under a comment (someone answering a customer's comment must
    // not join the customer's case); a post on the page is one too
    Interaction.Builder builder = Interaction.inbound(ChannelId.FACEBOOK, id)
        .thread(reply ? parentId + REPLIER_SEPARATOR + authorId : id)
        .author(authorId, from == null ? null : blankToNull(json.optionalText(from, "name")))
        .text(Objects.requireNonNullElse(json.optionalText(value, "message"), ""))
        .occurredAt(json.epochSeconds(value, "created_time"))
        .visibility(Visibility.PUBLIC)
        .kind(reply ? InteractionKind.REPLY : comment ? InteractionKind.COMMENT : InteractionKind.MENTION)
        .inReplyTo(!comment ? null : parentId == null ? postId : parentId)
        .edited(verb.equals("edited"));
    if (comment) {
      // a comment's photo or video comes as its address, often without any text; a member of another
      // shape is left alone rather than costing the comment
      for (String media : List.of("photo", "video")) {
        JsonNode url = value.get(media);
        if (url != null && url.isTextual() && !url.textValue().isBlank()) {
          builder.addAttachment(new Attachment(media, url.textValue(), null, null));
        }
      }
    }
    if (from == null) {
      builder.addTag("author-unknown");
    }
    out.add(builder.build());
  }

  private static String shortName(@Nullable String name) {
    if (name == null) {
      return "none";
    }
    return name.length() > 30 ? name.substring(0, 30) : name;
  }

  private static @Nullable String blankToNull(@Nullable String s) {
    return s == null || s.isBlank() ? null : s;
  }

  /** Forgets a Messenger customer's last message time and who owns the conversation. */
  @Override
  public void forget(ChannelId channel, String handle) {
    if (channel.equals(ChannelId.MESSENGER)) {
      synchronized (lastCustomerMessage) {
        lastCustomerMessage.remove(handle);
      }
      synchronized (ownedElsewhere) {
        ownedElsewhere.remove(handle);
      }
    }
  }

  /** Records whether another app owns a customer's conversation. */
  private void ownedElsewhere(String psid, boolean elsewhere) {
    if (!takeThreadControl) {
      return;
    }
    synchronized (ownedElsewhere) {
      if (elsewhere) {
        ownedElsewhere.put(psid, Boolean.TRUE);
      } else {
        ownedElsewhere.remove(psid);
      }
    }
  }

  private boolean ownedElsewhere(String psid) {
    synchronized (ownedElsewhere) {
      return ownedElsewhere.containsKey(psid);
    }
  }

  private void remember(String psid, Instant at) {
    synchronized (lastCustomerMessage) {
      Instant known = lastCustomerMessage.get(psid);
      if (known == null || at.isAfter(known)) {
        lastCustomerMessage.put(psid, at);
      }
    }
  }

  private SendResult sendOpen(OutboundMessage message) throws IOException, InterruptedException {
    // a channel this adapter does not serve was refused before (ChannelAdapter.refusal)
    if (message.channel().equals(ChannelId.FACEBOOK)) {
      return sendComment(message);
    }
    if (message.visibility() != Visibility.PRIVATE) {
      return SendResult.permanent("Messenger messages are private");
    }
    String psid = message.threadId();
    if (psid == null || !GRAPH_ID.matcher(psid).matches()) {
      return SendResult.permanent("Messenger replies need the customer's PSID as thread id");
    }
    Instant last;
    synchronized (lastCustomerMessage) {
      last = lastCustomerMessage.get(psid);
    }
    Instant now = clock.instant();
    boolean standard = last == null || !now.isAfter(last.plus(REPLY_WINDOW));
    // the tag is for a person's answers only: never for marketing or notices (Meta forbids promotion)
    boolean taggable = humanAgentTag && SocialCrm.SERVICE_REPLY.equals(message.purpose());
    // this instance's record is no proof the window is closed: another instance of the host may have
    // heard a newer message (the send check measured the window with the shared store); Meta decides
    boolean tagged = !standard && taggable && !now.isAfter(last.plus(HUMAN_AGENT_WINDOW));
    if (takeThreadControl && ownedElsewhere(psid)) {
      SendResult refused = takeControl(psid, message);
      if (refused != null) {
        return refused;
      }
    }
    HttpResponse<byte[]> response = post("/me/messages", messengerBody(psid, message, tagged));
    if (!tagged && taggable && windowClosed(response)) {
      // this instance knows no message of the customer within 7 days (another instance heard it, or a
      // restart came between): Meta says the 24 hours are over, and sent nothing; the tag may allow it
      LOG.debug("meta send of {}: outside 24 hours, sending with the human agent tag", message.id());
      response = post("/me/messages", messengerBody(psid, message, true));
    }
    if (response.statusCode() == 200) {
      return sentId(response, "message_id");
    }
    return graphFailure(response);
  }

  /**
   * Takes control of a conversation another app owns, as the page's primary receiver may; returns
   * null once this app owns it, or why the reply cannot go out. Nothing is sent to the customer here,
   * so a lost answer is a retry, never a duplicate.
   */
  private @Nullable SendResult takeControl(String psid, OutboundMessage message) throws InterruptedException {
    ObjectNode body = WireJson.MAPPER.createObjectNode();
    body.putObject("recipient").put("id", psid);
    body.put("metadata", "reply " + message.id());
    HttpResponse<byte[]> response;
    try {
      response = post("/me/take_thread_control", body);
    } catch (IOException e) {
      return SendResult.retryable("taking control of the conversation failed (" + e.getClass().getSimpleName() + ")",
          null);
    }
    if (response.statusCode() == 200) {
      LOG.debug("meta send of {}: took control of the conversation", message.id());
      ownedElsewhere(psid, false);
      return null;
    }
    SendResult failed = graphFailure(response);
    if (failed instanceof SendResult.RetryableFailure retry) {
      return SendResult.retryable("taking control of the conversation: " + retry.reason(), retry.retryAfter());
    }
    String reason = failed instanceof SendResult.PermanentFailure permanent ? permanent.reason() : failed.toString();
    return SendResult.permanent("taking control of the conversation: " + reason);
  }

  private static ObjectNode messengerBody(String psid, OutboundMessage message, boolean humanAgent) {
    ObjectNode body = WireJson.MAPPER.createObjectNode();
    body.putObject("recipient").put("id", psid);
    if (humanAgent) {
      // a person's answer after the standard window: allowed for 7 days with the tag (an App Review permission)
      body.put("messaging_type", "MESSAGE_TAG");
      body.put("tag", "HUMAN_AGENT");
    } else {
      body.put("messaging_type", "RESPONSE");
    }
    ObjectNode content = body.putObject("message");
    if (message.attachments().isEmpty()) {
      content.put("text", message.text());
    } else {
      content.set("attachment", messengerAttachment(message.attachments().get(0)));
    }
    return body;
  }

  /** The Send API's {@code message.attachment} of a file the refusal let through. */
  private static ObjectNode messengerAttachment(Attachment file) {
    ObjectNode attachment = WireJson.MAPPER.createObjectNode();
    attachment.put("type", MESSENGER_TYPES.get(file.type()));
    ObjectNode payload = attachment.putObject("payload");
    if (MEDIA_ID.matcher(file.reference()).matches()) {
      payload.put("attachment_id", file.reference());
    } else {
      payload.put("url", file.reference());
      // the attachment id Meta would return for reuse is not kept, and a file sent to one customer
      // is not to be offered to others
      payload.put("is_reusable", false);
    }
    return attachment;
  }

  /** Whether a Send API answer is error 10/2018278: the message falls outside the allowed window. */
  private static boolean windowClosed(HttpResponse<byte[]> response) {
    if (response.statusCode() == 200) {
      return false;
    }
    try {
      JsonNode error = WireJson.MAPPER.readTree(response.body()).path("error");
      return error.path("code").asInt(-1) == 10 && error.path("error_subcode").asInt(-1) == 2018278;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private SendResult sendComment(OutboundMessage message) throws IOException, InterruptedException {
    if (message.visibility() != Visibility.PUBLIC) {
      return SendResult.permanent("page comment replies are public");
    }
    String target = message.inReplyTo() != null ? message.inReplyTo() : message.threadId();
    if (target != null && message.inReplyTo() == null && target.indexOf(REPLIER_SEPARATOR) > 0) {
      // the thread of someone's replies under a comment: the answer goes under that comment
      target = target.substring(0, target.indexOf(REPLIER_SEPARATOR));
    }
    if (target == null || !GRAPH_ID.matcher(target).matches()) {
      return SendResult.permanent("a comment reply needs the comment or post id");
    }
    HttpResponse<byte[]> response = post("/" + URLEncoder.encode(target, StandardCharsets.UTF_8) + "/comments",
        commentBody(message));
    if (response.statusCode() == 200) {
      return sentId(response, "id");
    }
    return graphFailure(response);
  }

  /** A comment's text, and its photo by address ({@code attachment_url}) or by id ({@code attachment_id}). */
  private static ObjectNode commentBody(OutboundMessage message) {
    ObjectNode body = WireJson.MAPPER.createObjectNode();
    if (message.attachments().isEmpty() || !message.text().isBlank()) {
      body.put("message", message.text());
    }
    if (!message.attachments().isEmpty()) {
      String reference = message.attachments().get(0).reference();
      body.put(MEDIA_ID.matcher(reference).matches() ? "attachment_id" : "attachment_url", reference);
    }
    return body;
  }

  private HttpResponse<byte[]> post(String path, ObjectNode body) throws IOException, InterruptedException {
    return core.exchange(HttpRequest.newBuilder(AdapterCore.uri(graphUrl, path))
        .header("Content-Type", "application/json")
        .header("Authorization", "Bearer " + pageAccessToken)
        .POST(HttpRequest.BodyPublishers.ofByteArray(WireJson.MAPPER.writeValueAsBytes(body))));
  }

  private SendResult sentId(HttpResponse<byte[]> response, String field) {
    try {
      return SendResult.sent(json.id(json.parse(response.body()), field), clock.instant());
    } catch (RuntimeException e) {
      return SendResult.permanent("Graph API answered 200 without '" + field + "'");
    }
  }

  private SendResult graphFailure(HttpResponse<byte[]> response) {
    int status = response.statusCode();
    int code = -1;
    int subcode = -1;
    try {
      JsonNode error = WireJson.MAPPER.readTree(response.body()).path("error");
      code = error.path("code").asInt(-1);
      subcode = error.path("error_subcode").asInt(-1);
    } catch (IOException | RuntimeException e) {
      code = -1;
    }
    String what = "Graph API error " + code + (subcode > 0 ? "/" + subcode : "");
    if (code == 10 && subcode == 2018278) {
      return SendResult.permanent("outside the 24-hour messaging window (" + what + ")");
    }
    if (RATE_LIMIT_CODES.contains(code) || status == 429) {
      return SendResult.retryable("rate limited: " + what, wait(response));
    }
    if (TRANSIENT_CODES.contains(code) || status >= 500) {
      return SendResult.retryable(what, core.retryAfterHeader(response));
    }
    return AdapterCore.failure(status, null, what);
  }

  private @Nullable Duration wait(HttpResponse<byte[]> response) {
    Duration header = core.retryAfterHeader(response);
    if (header != null) {
      return header;
    }
    // X-Business-Use-Case-Usage: {"<id>":[{"type":"messenger",...,"estimated_time_to_regain_access":<minutes>}]}
    Optional<String> usage = response.headers().firstValue("x-business-use-case-usage");
    if (usage.isPresent()) {
      try {
        long minutes = -1;
        for (JsonNode list : WireJson.MAPPER.readTree(usage.get())) {
          for (JsonNode item : list) {
            minutes = Math.max(minutes, item.path("estimated_time_to_regain_access").asLong(-1));
          }
        }
        if (minutes >= 0) {
          return Duration.ofMinutes(minutes);
        }
      } catch (IOException | RuntimeException e) {
        return null;
      }
    }
    return null;
  }

  /**
   * Builder of {@link MetaAdapter}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private String baseUrl = DEFAULT_BASE_URL;
    private String apiVersion = DEFAULT_API_VERSION;
    private @Nullable String pageAccessToken;
    private @Nullable String appSecret;
    private @Nullable String verifyToken;
    private boolean unsigned;
    private boolean humanAgentTag;
    private boolean takeThreadControl;
    private Clock clock = Clock.systemUTC();
    private Duration timeout = Duration.ofSeconds(10);

    private Builder() {}

    /**
     * Sets the Graph API base URL (a local mock server in tests).
     *
     * @param value an http or https URL
     * @return this builder
     */
    public Builder baseUrl(String value) {
      baseUrl = AdapterCore.httpUrl(value, "baseUrl");
      return this;
    }

    /**
     * Sets the Graph API version.
     *
     * @param value such as {@code v21.0}
     * @return this builder
     */
    public Builder apiVersion(String value) {
      Objects.requireNonNull(value, "apiVersion");
      if (!value.matches("v[0-9]{1,3}\\.[0-9]{1,2}")) {
        throw new IllegalArgumentException("apiVersion must look like v21.0");
      }
      apiVersion = value;
      return this;
    }

    /**
     * Sets the page access token used for sending.
     *
     * @param value the token
     * @return this builder
     */
    public Builder pageAccessToken(String value) {
      pageAccessToken = AdapterCore.token(value, "pageAccessToken");
      return this;
    }

    /**
     * Sets the app secret that signs webhook bodies.
     *
     * @param value the secret
     * @return this builder
     */
    public Builder appSecret(String value) {
      Objects.requireNonNull(value, "appSecret");
      if (value.isBlank()) {
        throw new IllegalArgumentException("appSecret must not be blank");
      }
      appSecret = value;
      return this;
    }

    /**
     * Accepts unsigned webhook bodies: only for replaying stored bodies whose signature was checked
     * on arrival (as {@code scrm normalize} does for plain JSON files).
     *
     * @return this builder
     */
    public Builder acceptUnsignedBodies() {
      unsigned = true;
      return this;
    }

    /**
     * Lets people answer Messenger customers for 7 days after their last message instead of 24
     * hours: a reply past 24 hours goes out with {@code messaging_type: MESSAGE_TAG} and
     * {@code tag: HUMAN_AGENT}. Meta grants this tag through App Review, and only for messages a
     * person writes; turn it on only if the host's Messenger replies past 24 hours are written by
     * agents, not sent automatically.
     *
     * @return this builder
     * @since 0.1.0
     */
    public Builder humanAgentTag() {
      humanAgentTag = true;
      return this;
    }

    /**
     * Takes control of a Messenger conversation another app owns before replying in it, for an app
     * that is the page's primary receiver in Meta's handover protocol (a chatbot or another inbox
     * owning some conversations). The adapter learns who owns a conversation from the webhook: a
     * customer message on the {@code standby} channel or a {@code take_thread_control} event means
     * another app does, one on {@code messaging} or a {@code pass_thread_control} event that this
     * app does. Before a reply to a conversation another app owns it calls
     * {@code POST /me/take_thread_control}; if Meta refuses (this app is not the primary receiver),
     * the reply fails with that reason and is not sent. Without this, such replies are refused by Meta.
     *
     * @return this builder
     * @since 0.1.0
     */
    public Builder takeThreadControl() {
      takeThreadControl = true;
      return this;
    }

    /**
     * Sets the verify token of the subscription handshake.
     *
     * @param value the token configured in the app dashboard
     * @return this builder
     */
    public Builder verifyToken(String value) {
      Objects.requireNonNull(value, "verifyToken");
      if (value.isBlank()) {
        throw new IllegalArgumentException("verifyToken must not be blank");
      }
      verifyToken = value;
      return this;
    }

    /**
     * Sets the clock (the 24-hour window is measured with it).
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
     * @throws IllegalStateException if the token is missing, or the app secret is missing and
     *     unsigned bodies were not accepted explicitly
     */
    public MetaAdapter build() {
      if (pageAccessToken == null) {
        throw new IllegalStateException("pageAccessToken is required");
      }
      if (appSecret == null && !unsigned) {
        throw new IllegalStateException("appSecret is required (or acceptUnsignedBodies() for replays)");
      }
      if (appSecret != null && unsigned) {
        throw new IllegalStateException("appSecret and acceptUnsignedBodies() exclude each other");
      }
      return new MetaAdapter(this);
    }
  }

  @Override
  public String toString() {
    return "MetaAdapter[" + graphUrl + "]";
  }

  /** {@code geo:lat,long} of a shared location's coordinates, each checked. */
  private String geoUri(JsonNode coordinates) {
    return GeoUri.of(coordinate(coordinates, "lat", 90), coordinate(coordinates, "long", 180));
  }

  private BigDecimal coordinate(JsonNode coordinates, String field, int limit) {
    JsonNode value = coordinates.get(field);
    if (value == null || value.isNull()) {
      throw json.reject(Reason.MISSING_FIELD, "'" + field + "' of a location is missing");
    }
    if (!value.isNumber() || GeoUri.problem(value.decimalValue(), limit) != null) {
      throw json.reject(Reason.MALFORMED, "'" + field + "' of a location is not a coordinate");
    }
    return value.decimalValue();
  }
}
