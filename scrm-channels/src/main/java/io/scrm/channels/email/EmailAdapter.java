package io.scrm.channels.email;

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
import io.scrm.channels.internal.HtmlText;
import io.scrm.core.model.Attachment;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.Direction;
import io.scrm.core.model.Interaction;
import io.scrm.core.model.InteractionId;
import io.scrm.core.model.InteractionKind;
import io.scrm.core.model.OutboundMessage;
import io.scrm.core.model.Visibility;
import io.scrm.core.store.InteractionStore;
import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.BodyPart;
import jakarta.mail.FetchProfile;
import jakarta.mail.Folder;
import jakarta.mail.FolderClosedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.StoreClosedException;
import jakarta.mail.Transport;
import jakarta.mail.UIDFolder;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimePart;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.internet.ParseException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UnsupportedEncodingException;
import java.net.IDN;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The e-mail adapter. Thread-safe; apart from its settings it keeps a bounded record of the reply
 * address, subject and references of each message it parsed, so that a reply can be addressed and
 * threaded.
 *
 * <p>Inbound deliveries are raw RFC 5322 messages, parsed with Jakarta Mail: encoded-word subjects
 * and names are decoded, bodies in any charset Java knows are read, {@code multipart/alternative}
 * gives its {@code text/plain} part, or its HTML part converted to text; named parts become
 * attachments (by file name). A quoted earlier message below the new text (an "Am … schrieb …:" or
 * "On … wrote:" line, an "Original Message" separator, or trailing "&gt;" lines) and the signature
 * after "-- " are trimmed. A message without body text gets its subject as text. The external id is
 * the {@code Message-ID} without angle brackets; the thread is the root message (the first
 * {@code References} id, else the {@code In-Reply-To} id, else the message's own id) and the sender:
 * {@code root senderKey}, where the key is 12 hex digits of the address's SHA-256, so that customers
 * answering one notice, or a colleague replying to all, are each a conversation of their own; the
 * thread id does not show the address (one who has the address can match it, so it stays
 * pseudonymous data). The handle is the lower-cased sender address. Delivery status notifications
 * (bounces) and read receipts ({@code multipart/report}) are skipped with a note.
 *
 * <p>Replies go out over SMTP with {@code In-Reply-To} and {@code References} set, a {@code Re:}
 * subject and a {@code Message-ID} made from the message's idempotency key, so that a mail re-driven
 * from the dead letters is recognizable as the same message. SMTP itself takes no idempotency key (a
 * server may queue a mail whose final dot it never answered), so the capabilities say none: a send
 * whose outcome is unknown becomes a dead letter for a person to check, never a second mail. The
 * recipients are the {@code Reply-To} addresses (else {@code From}) of the answered message, or
 * what the configured {@link ReplyAddresses} says (for example {@link
 * ReplyAddresses#fromInteractions}, the sender the interaction store keeps). SMTP 4xx answers are
 * retryable, 5xx permanent; no answer once the whole message was written is an unknown outcome.
 *
 * <p>A reply's files (up to {@value OutboundMessage#MAX_ATTACHMENTS}, of any kind in {@link
 * Attachment#SENDABLE_TYPES}, with or without text) go out as RFC 2046 {@code multipart/mixed}: the
 * text part first, then one base64 part per file with {@code Content-Disposition: attachment} and its
 * file name (RFC 2183), and its {@link Attachment#description() description}, if it has one, as
 * {@code Content-Description} (RFC 2045; a received file's is read as its description). Their bytes
 * come from the {@link AttachmentSource} (by default the reference, fetched over {@code https} or
 * {@code http}), all of them before the SMTP connection opens, so that
 * a file that cannot be had never leaves a mail half sent; together they may have at most 25 MiB
 * ({@link Builder#maxAttachmentBytes}), fetched within 30 s ({@link Builder#maxAttachmentTime}).
 * A file the source cannot give now (a 5xx, a timeout) is a
 * retryable failure, one it never can (a 404, too large) a permanent one; either names the file by
 * its position, never by its reference.
 *
 * @since 0.1.0
 */
public final class EmailAdapter implements ChannelAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(EmailAdapter.class);
  /** The longest message id taken: a thread is a root id, a space and 12 hex digits, and fits an interaction's. */
  private static final int MAX_ID = Interaction.MAX_THREAD_LENGTH - 13;
  private static final Pattern BRACKETED = Pattern.compile("<([^<>\\s]{1," + MAX_ID + "})>");
  /** A message id without its angle brackets, as {@link #BRACKETED} reads it: no space, no line break. */
  private static final Pattern MESSAGE_ID = Pattern.compile("[^<>\\s]{1," + MAX_ID + "}");
  private static final Pattern WAIT = Pattern.compile("(?i)(\\d{1,6})\\s*(seconds?|secs?|s\\b|minutes?|mins?)");
  /** "Am 14.03.2026 um 09:12 schrieb …:", "On Sat, Mar 14, 2026 at 9:12 AM … wrote:": always with a date. */
  private static final Pattern ATTRIBUTION = Pattern.compile(
      "(?i)^(am|on|le|el)\\s(?=.*\\d).{4,}(schrieb|wrote|a écrit|escribió).{0,120}:\\s*$");
  /** The separator above a quoted message; a forwarded one ("Weitergeleitete Nachricht") is kept. */
  private static final Pattern SEPARATOR = Pattern.compile(
      "(?i)^-{2,}\\s*(original message|ursprüngliche nachricht)\\s*-{2,}.*$");
  /** The subject of a forward, whose quoted headers ("Von: …") lead what the customer forwards. */
  private static final Pattern FORWARD_SUBJECT = Pattern.compile("(?i)^\\s*(wg|fwd?|weitergeleitet)\\s*:.*");
  private static final Pattern OUTLOOK_HEADER = Pattern.compile("(?i)^(von|from):\\s.+$");
  private static final Pattern OUTLOOK_NEXT = Pattern.compile("(?i)^(gesendet|sent|datum|date|an|to):\\s.*$");
  private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
  private static final Pattern ENCODED_WORD = Pattern.compile("=\\?([^?\\s]+)\\?([QqBb])\\?([^?\\s]*)\\?=");
  private static final int MAX_DEPTH = 8;
  /** Between a thread's root message id and its sender's key; message ids hold no spaces. */
  private static final char THREAD_SENDER_SEPARATOR = ' ';
  private static final int MAX_KNOWN = 50_000;
  /** Mails one poll reads at most. */
  private static final int MAX_MAILS_PER_POLL = 100;
  /** Mails larger than this are skipped by a poll (attachments are kept as references only anyway). */
  private static final int MAX_MAIL_BYTES = 32 * 1024 * 1024;
  /** What the files of one reply may have together by default: the limit of common mail providers. */
  private static final long DEFAULT_MAX_ATTACHMENT_BYTES = 25L * 1024 * 1024;
  /**
   * How long the files of one reply may take to fetch by default: well under the dispatcher's lease
   * of 60 s, with room left for the SMTP exchange, so that no other instance takes the reply over
   * and sends it a second time while this one still fetches.
   */
  private static final Duration DEFAULT_MAX_ATTACHMENT_TIME = Duration.ofSeconds(30);

  /**
   * Tells where a reply goes when the adapter did not parse the answered message itself (after a
   * restart, say). Implementations must be thread-safe.
   *
   * @since 0.1.0
   */
  @FunctionalInterface
  public interface ReplyAddresses {
    /**
     * Returns the address to send a reply to.
     *
     * @param message the reply
     * @return the address, or empty if unknown
     */
    Optional<String> addressFor(OutboundMessage message);

    /**
     * Addresses a reply to the sender of the message it answers (else of its thread's first message)
     * as the interaction store keeps it: the handle, the lower-cased {@code From} address. A {@code
     * Reply-To} of that message is known only to the adapter instance that parsed it, which answers
     * first. This lets an adapter started after a restart answer mail it never saw.
     *
     * @param interactions the engine's interaction store ({@code crm.stores().interactions()})
     * @return the lookup
     */
    static ReplyAddresses fromInteractions(InteractionStore interactions) {
      Objects.requireNonNull(interactions, "interactions");
      return message -> {
        String thread = message.threadId();
        Optional<Interaction> answered = InteractionId.ofReference(message.channel(), message.inReplyTo())
            .flatMap(interactions::find)
            .filter(m -> m.direction() == Direction.INBOUND);
        if (answered.isPresent()) {
          return Optional.of(answered.get().authorHandle());
        }
        if (thread == null) {
          return Optional.empty();
        }
        // the thread is one sender's: its latest mail, else its root if that sender wrote it
        List<Interaction> ofThread = interactions.findByThread(message.channel(), thread);
        for (int i = ofThread.size() - 1; i >= 0; i--) {
          if (ofThread.get(i).direction() == Direction.INBOUND) {
            return Optional.of(ofThread.get(i).authorHandle());
          }
        }
        return InteractionId.ofReference(message.channel(), rootOf(thread))
            .flatMap(interactions::find)
            .filter(m -> m.direction() == Direction.INBOUND && sentBy(thread, m.authorHandle()))
            .map(Interaction::authorHandle);
      };
    }
  }

  /** What a reply needs of a parsed mail: where it goes (every {@code Reply-To} address, else {@code From}). */
  private record Known(String sender, List<String> replyAddresses, @Nullable String subject, List<String> references) {}

  private final AdapterCore core;
  private final Clock clock;
  private final Session parseSession;
  private final Session smtpSession;
  private final InternetAddress from;
  private final @Nullable String user;
  private final @Nullable String password;
  private final ReplyAddresses replyAddresses;
  private final FileFetch fileFetch;
  private final long maxAttachmentBytes;
  private final @Nullable Imap imap;
  /**
   * Returns the id of the message a thread id names: the thread's root, without the sender's key.
   *
   * @param thread a thread id of this adapter ({@code root senderKey}), or a bare message id
   * @return the root message's id
   */
  static String rootOf(String thread) {
    int space = thread.indexOf(THREAD_SENDER_SEPARATOR);
    return space < 0 ? thread : thread.substring(0, space);
  }

  /** Whether a thread id is the thread of a sender: a bare message id (of an older version) is anyone's. */
  static boolean sentBy(String thread, String handle) {
    int space = thread.indexOf(THREAD_SENDER_SEPARATOR);
    return space < 0 || thread.substring(space + 1).equals(senderKey(handle.toLowerCase(Locale.ROOT)));
  }

  /** The sender part of a thread id: not the address itself but 12 hex digits of its hash (pseudonymous, not anonymous). */
  static String senderKey(String handle) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(handle.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private final Map<String, Known> known = AdapterCore.recentlyUsed(MAX_KNOWN);
  /** The latest mail of each thread ({@code root senderKey}); guarded by {@link #known}. */
  private final Map<String, Known> latestOfThread = AdapterCore.recentlyUsed(MAX_KNOWN);

  private EmailAdapter(Builder b) {
    this.core = new AdapterCore(ChannelId.EMAIL, b.clock, b.timeout, false);
    this.clock = b.clock;
    Properties parse = new Properties();
    parse.setProperty("mail.mime.address.strict", "false");
    parse.setProperty("mail.mime.decodetext.strict", "false");
    parse.setProperty("mail.mime.allowutf8", "true");
    this.parseSession = Session.getInstance(parse);
    Properties smtp = new Properties();
    smtp.setProperty("mail.transport.protocol", "smtp");
    smtp.setProperty("mail.smtp.host", Objects.requireNonNull(b.smtpHost, "smtpHost"));
    smtp.setProperty("mail.smtp.port", Integer.toString(b.smtpPort));
    String millis = Long.toString(b.timeout.toMillis());
    smtp.setProperty("mail.smtp.connectiontimeout", millis);
    smtp.setProperty("mail.smtp.timeout", millis);
    smtp.setProperty("mail.smtp.writetimeout", millis);
    smtp.setProperty("mail.smtp.starttls.enable", Boolean.toString(b.startTls));
    smtp.setProperty("mail.smtp.auth", Boolean.toString(b.user != null));
    smtp.setProperty("mail.mime.allowutf8", "false");
    this.smtpSession = Session.getInstance(smtp);
    this.from = Objects.requireNonNull(b.from, "from");
    this.user = b.user;
    this.password = b.password;
    this.replyAddresses = b.replyAddresses;
    this.fileFetch = new FileFetch(b.attachmentSource != null ? b.attachmentSource : AttachmentSource.web(b.timeout),
        b.maxAttachmentBytes, b.maxAttachmentBytes, b.maxAttachmentTime);
    this.maxAttachmentBytes = b.maxAttachmentBytes;
    this.imap = b.imapHost == null ? null : new Imap(b, millis);
  }

  /** Where and how polls read the mailbox. */
  private static final class Imap {
    final Session session;
    final String protocol;
    final String host;
    final int port;
    final String user;
    final String secret;
    final String folder;

    Imap(Builder b, String millis) {
      protocol = b.imapTls ? "imaps" : "imap";
      Properties props = new Properties();
      props.setProperty("mail." + protocol + ".connectiontimeout", millis);
      props.setProperty("mail." + protocol + ".timeout", millis);
      props.setProperty("mail." + protocol + ".writetimeout", millis);
      // reading a mail must not mark it as seen, also where a server ignores the read-only open
      props.setProperty("mail." + protocol + ".peek", "true");
      // one FETCH per mail: a server's NO for one mail then reads as its refusal, not as a lost connection
      props.setProperty("mail." + protocol + ".partialfetch", "false");
      session = Session.getInstance(props);
      host = Objects.requireNonNull(b.imapHost);
      port = b.imapPort;
      user = Objects.requireNonNull(b.imapUser, "imap user");
      secret = Objects.requireNonNull(b.imapSecret, "imap password");
      folder = b.imapFolder;
    }
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
    return ChannelId.EMAIL;
  }

  @Override
  public ChannelCapabilities capabilities(ChannelId channel) {
    if (!channel.equals(ChannelId.EMAIL)) {
      throw new IllegalArgumentException("channel must be email, was " + channel);
    }
    return new ChannelCapabilities(true, false, true, null, 100_000, false, true,
        ChannelCapabilities.RateLimit.perSecond(5), false);
  }

  /**
   * Refuses a file of a kind outside {@link Attachment#SENDABLE_TYPES}, one the {@link
   * AttachmentSource} says it can never give (for the default source, a reference that is not an
   * {@code http} or {@code https} URL, or a declared media type that is not {@code type/subtype}),
   * and files whose declared sizes together exceed {@link Builder#maxAttachmentBytes}; refuses an
   * {@code inReplyTo} or a thread whose root is not a message id (a line break there would add header
   * fields). E-mail takes
   * up to {@value OutboundMessage#MAX_ATTACHMENTS} files of the other kinds, with or without text.
   */
  @Override
  public @Nullable String refusal(OutboundMessage message) {
    String refused = ChannelAdapter.super.refusal(message);
    if (refused == null) {
      refused = referenceRefusal(message);
    }
    if (refused != null) {
      return refused;
    }
    List<Attachment> files = message.attachments();
    long declared = 0;
    for (int i = 0; i < files.size(); i++) {
      Attachment file = files.get(i);
      if (!Attachment.SENDABLE_TYPES.contains(file.type())) {
        return "attachment " + (i + 1) + ": e-mail sends no attachment of kind " + file.type();
      }
      String unfit = fileFetch.refusal(file);
      if (unfit != null) {
        return "attachment " + (i + 1) + ": " + unfit;
      }
      declared += file.sizeBytes() == null ? 0 : file.sizeBytes();
    }
    if (declared > maxAttachmentBytes) {
      return "the attachments have more than " + maxAttachmentBytes + " bytes together";
    }
    return null;
  }

  /** Forgets the mails the address sent: where to reply, their subjects and references. */
  @Override
  public void forget(ChannelId channel, String handle) {
    synchronized (known) {
      String forgotten = canonical(handle);
      known.values().removeIf(k -> canonical(k.sender()).equals(forgotten)
          || k.replyAddresses().stream().anyMatch(address -> canonical(address).equals(forgotten)));
      latestOfThread.values().removeIf(k -> canonical(k.sender()).equals(forgotten)
          || k.replyAddresses().stream().anyMatch(address -> canonical(address).equals(forgotten)));
    }
  }

  @Override
  public ParsedDelivery parse(InboundDelivery delivery) {
    return core.parse(delivery, this::parseVerified);
  }

  /**
   * Reads the mails that arrived in the IMAP folder since the cursor, oldest first, at most {@value
   * #MAX_MAILS_PER_POLL} a poll ({@link PollResult#more()} says when more are waiting). The folder is
   * opened read-only: nothing is marked, moved or deleted. The cursor is {@code uidValidity:lastUid}.
   * A first poll reads the newest {@value #MAX_MAILS_PER_POLL} mails and notes how many older ones it
   * left, and so does a poll after the server renewed the folder's UIDVALIDITY (de-duplication by
   * {@code Message-ID} drops the ones read before). A mail the mapping refuses, one the server will
   * not hand out and one larger than 32 MiB are skipped with a note naming its UID, and the cursor
   * moves past them; a lost connection fails the poll.
   *
   * @param cursor null for the first poll, else the last poll's next cursor
   * @return the mails' interactions and the next cursor
   * @throws UnsupportedOperationException if no IMAP server was configured ({@link Builder#imap})
   * @throws IllegalArgumentException if the cursor is not {@code uidValidity:lastUid}
   * @throws PollFailedException if the server could not be reached or read
   */
  @Override
  public PollResult poll(@Nullable String cursor) {
    Imap server = imap;
    if (server == null) {
      throw new UnsupportedOperationException("channel email is not polled: no IMAP server is configured");
    }
    long[] position = cursor == null ? null : imapCursor(cursor);
    return core.poll(() -> pollOpen(server, position, cursor));
  }

  private static long[] imapCursor(String cursor) {
    int colon = cursor.indexOf(':');
    try {
      long validity = Long.parseLong(cursor.substring(0, Math.max(colon, 0)));
      long last = Long.parseLong(cursor.substring(colon + 1));
      if (validity >= 0 && last >= 0) {
        return new long[] {validity, last};
      }
    } catch (NumberFormatException | IndexOutOfBoundsException e) {
      // refused below
    }
    throw new IllegalArgumentException("cursor must be uidValidity:lastUid");
  }

  private PollResult pollOpen(Imap server, long @Nullable [] position, @Nullable String cursor) {
    try (Store store = server.session.getStore(server.protocol)) {
      store.connect(server.host, server.port, server.user, server.secret);
      Folder folder = store.getFolder(server.folder);
      folder.open(Folder.READ_ONLY);
      try {
        UIDFolder uids = (UIDFolder) folder;
        long validity = uids.getUIDValidity();
        boolean resumed = position != null && position[0] == validity;
        long after = resumed ? position[1] : 0;
        int count = folder.getMessageCount();
        List<String> skipped = new ArrayList<>();
        int first;
        if (resumed) {
          first = firstAfter(folder, uids, after, count);
        } else {
          // a first poll, or a folder the server renewed: the newest mails only, as a first poll elsewhere
          first = Math.max(1, count - MAX_MAILS_PER_POLL + 1);
          if (first > 1) {
            skipped.add("mailbox: " + (first - 1) + " older mails not read on the first poll");
          }
        }
        int last = Math.min(count, first + MAX_MAILS_PER_POLL - 1);
        Message[] window = first > last ? new Message[0] : folder.getMessages(first, last);
        FetchProfile profile = new FetchProfile();
        profile.add(UIDFolder.FetchProfileItem.UID);
        profile.add(FetchProfile.Item.SIZE);
        folder.fetch(window, profile);
        List<Interaction> interactions = new ArrayList<>();
        long lastUid = after;
        for (Message m : window) {
          long uid = knownUid(uids, m);
          if (uid <= after) {
            continue;
          }
          readMail(m, uid, interactions, skipped);
          lastUid = Math.max(lastUid, uid);
        }
        String next = resumed && lastUid == after ? cursor : validity + ":" + lastUid;
        return new PollResult(interactions, skipped, next, last < count);
      } finally {
        if (folder.isOpen()) {
          folder.close(false);
        }
      }
    } catch (MessagingException e) {
      // the server's text may quote addresses or subjects: name the kind only
      throw new PollFailedException(ChannelId.EMAIL, "IMAP " + e.getClass().getSimpleName(), null, null);
    }
  }

  /** The sequence number of the first mail whose UID is after {@code after}, or {@code count + 1}. */
  private static int firstAfter(Folder folder, UIDFolder uids, long after, int count) throws MessagingException {
    // UIDs rise with sequence numbers: a binary search asks the server for about log2(count) UIDs
    int low = 1;
    int high = count + 1;
    while (low < high) {
      int middle = (low + high) >>> 1;
      if (knownUid(uids, folder.getMessage(middle)) > after) {
        high = middle;
      } else {
        low = middle + 1;
      }
    }
    return low;
  }

  /** A mail's UID; a server that does not give one (a mail expunged meanwhile) fails the poll, to be read again. */
  private static long knownUid(UIDFolder uids, Message m) throws MessagingException {
    long uid = uids.getUID(m);
    if (uid < 0) {
      throw new MessagingException("a mail without a UID");
    }
    return uid;
  }

  /** Whether a failure to fetch a mail means the connection is gone, not that the server refused this mail. */
  private static boolean connectionLost(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof FolderClosedException || t instanceof StoreClosedException || t instanceof SocketException
          || t instanceof SocketTimeoutException || t instanceof EOFException) {
        return true;
      }
    }
    return false;
  }

  /**
   * Reads one polled mail into {@code interactions}, or notes why not. A mail the server will not
   * hand out, one removed meanwhile, or one too large is skipped with a note naming its UID; a lost
   * connection fails the poll.
   */
  private void readMail(Message m, long uid, List<Interaction> interactions, List<String> skipped)
      throws MessagingException {
    String note = "mail uid " + uid;
    byte[] raw;
    try {
      if (m.getSize() > MAX_MAIL_BYTES) {
        skipped.add(note + " skipped: larger than " + MAX_MAIL_BYTES / (1024 * 1024) + " MiB");
        return;
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(m.getSize(), 1024));
      m.writeTo(out);
      raw = out.toByteArray();
    } catch (FolderClosedException | StoreClosedException lost) {
      throw lost;
    } catch (MessagingException | IOException e) {
      if (connectionLost(e)) {
        throw new FolderClosedException(null, "connection lost while reading " + note);
      }
      // a server that refuses this one mail (or an expunge meanwhile) must not hold back the ones after it
      skipped.add(note + " could not be fetched (" + e.getClass().getSimpleName() + ")");
      return;
    }
    AdapterCore.readOrSkip(note, skipped, () -> {
      ParsedDelivery parsed = parseVerified(InboundDelivery.of(raw, Map.of(), clock.instant()));
      interactions.addAll(parsed.interactions());
      skipped.addAll(parsed.skipped());
    });
  }

  @Override
  public SendResult send(OutboundMessage message) {
    return core.send(message, m -> Channels.refusal(this, m), () -> sendOpen(message));
  }

  @Override
  public void close() {
    core.close();
  }

  private DeliveryRejectedException reject(Reason reason, String detail) {
    return new DeliveryRejectedException(ChannelId.EMAIL, reason, detail);
  }

  private ParsedDelivery parseVerified(InboundDelivery delivery) {
    MimeMessage mail;
    try {
      mail = new MimeMessage(parseSession, new ByteArrayInputStream(utf8Headers(delivery.body())));
    } catch (MessagingException e) {
      throw reject(Reason.MALFORMED, "not an RFC 5322 message");
    }
    try {
      String receipt = receiptKind(mail);
      if (receipt != null) {
        // a bounce or read receipt is no customer message (it may quote one): skip it, naming its kind only
        return new ParsedDelivery(List.of(), List.of("mail skipped: " + receipt));
      }
      if (nullReversePath(mail)) {
        // RFC 5321 4.5.5: delivery notifications are sent with a null reverse-path, also as plain text
        return new ParsedDelivery(List.of(), List.of("mail skipped: delivery notification (null return path)"));
      }
      String automatic = mail.getHeader("Auto-Submitted", null);
      // RFC 3834: "no", or a keyword of a machine; a comment may stand before it
      String keyword = automatic == null ? ""
          : automatic.replaceAll("\\([^)]*\\)", "").trim().toLowerCase(Locale.ROOT);
      if (!keyword.isEmpty() && !keyword.startsWith("no")) {
        // RFC 3834: an out-of-office answer or another machine's mail is no customer message
        return new ParsedDelivery(List.of(), List.of("mail skipped: sent automatically (Auto-Submitted)"));
      }
      if (sentByThisAccount(mail)) {
        // a copy of the company's own mail (Cc to itself, a server that files sent mail in the inbox)
        return new ParsedDelivery(List.of(), List.of("mail skipped: sent by this account"));
      }
      return ParsedDelivery.of(List.of(read(mail)));
    } catch (MessagingException e) {
      throw reject(Reason.MALFORMED, "MIME structure could not be read (" + e.getClass().getSimpleName() + ")");
    } catch (IOException e) {
      throw reject(Reason.MALFORMED, "body could not be decoded (" + e.getClass().getSimpleName() + ")");
    }
  }

  /**
   * The mail with its header block in UTF-8: headers are 7-bit or (RFC 6532) UTF-8, but older mailers
   * write names and subjects in 8-bit windows-1252, which read as UTF-8 would lose their umlauts.
   */
  private static byte[] utf8Headers(byte[] mail) {
    int end = headerEnd(mail);
    if (isUtf8(mail, end)) {
      return mail;
    }
    byte[] converted = new String(mail, 0, end, WINDOWS_1252).getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[converted.length + mail.length - end];
    System.arraycopy(converted, 0, out, 0, converted.length);
    System.arraycopy(mail, end, out, converted.length, mail.length - end);
    return out;
  }

  /** Whether the first {@code length} bytes are well-formed UTF-8. */
  private static boolean isUtf8(byte[] bytes, int length) {
    try {
      StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, 0, length));
      return true;
    } catch (CharacterCodingException notUtf8) {
      return false;
    }
  }

  /** Where the header block ends: after its blank line, or at the end of the mail. */
  private static int headerEnd(byte[] mail) {
    for (int i = 0; i + 1 < mail.length; i++) {
      if (mail[i] == '\n' && (mail[i + 1] == '\n' || mail[i + 1] == '\r' && i + 2 < mail.length && mail[i + 2] == '\n')) {
        return i + 1;
      }
    }
    return mail.length;
  }

  /**
   * The subject with its encoded words (RFC 2047) decoded wherever they stand: Jakarta Mail decodes
   * one glued to other text ({@code AW:=?UTF-8?Q?…?=}) only under a JVM-wide system property. Adjacent
   * words of one charset are decoded as one: mailers split a character's bytes across two words
   * ({@code =?UTF-8?Q?St=C3?= =?UTF-8?Q?=B6rung?=}), which RFC 2047 forbids and readers accept.
   */
  private static @Nullable String subject(MimeMessage mail) throws MessagingException {
    String raw = mail.getHeader("Subject", null);
    if (raw == null) {
      return null;
    }
    return decodeWords(MimeUtility.unfold(raw));
  }

  /**
   * A display name with its encoded words decoded as a subject's are: Jakarta Mail decodes each word
   * on its own, so a character whose bytes a mailer split across two words comes out as U+FFFD.
   */
  private static @Nullable String personalOf(InternetAddress address) {
    String personal = address.getPersonal();
    if (personal == null || personal.indexOf('\uFFFD') < 0) {
      return personal;
    }
    // as written: the encoded phrase before the address (toString() keeps the encoded form it parsed)
    String written = address.toString();
    int lt = written.lastIndexOf('<');
    String phrase = lt <= 0 ? "" : written.substring(0, lt).strip();
    if (phrase.length() >= 2 && phrase.startsWith("\"") && phrase.endsWith("\"")) {
      phrase = phrase.substring(1, phrase.length() - 1);
    }
    String decoded = phrase.contains("=?") ? decodeWords(phrase) : null;
    return decoded == null || decoded.indexOf('\uFFFD') >= 0 ? personal : decoded;
  }

  /** Text with its encoded words decoded, adjacent words of one charset together (see {@link #subject}). */
  private static String decodeWords(String unfolded) {
    Matcher words = ENCODED_WORD.matcher(unfolded);
    StringBuilder out = new StringBuilder(unfolded.length());
    EncodedRun run = new EncodedRun();
    int from = 0;
    int lastWordEnd = -1;
    boolean lastDecoded = false;
    while (words.find()) {
      String between = unfolded.substring(from, words.start());
      EncodedRun.Word word = EncodedRun.word(words.group(1), words.group(2), words.group(3));
      // white space between two encoded words is not part of the text (RFC 2047 6.2)
      if (!(lastWordEnd == from && between.isBlank() && lastDecoded && word != null)) {
        run.flushInto(out);
        out.append(between);
      }
      if (word == null) {
        out.append(words.group()); // an unknown charset or a broken word: kept as written
      } else if (!run.add(word)) {
        run.flushInto(out);
        run.add(word);
      }
      lastDecoded = word != null;
      from = words.end();
      lastWordEnd = from;
    }
    run.flushInto(out);
    return out.append(unfolded.substring(from)).toString();
  }

  /** The bytes of adjacent encoded words of one charset, decoded together. */
  private static final class EncodedRun {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private @Nullable Charset charset;

    /** A decoded word: its charset and bytes. */
    record Word(Charset charset, byte[] bytes) {}

    /** The word decoded to its bytes, or null for an unknown charset or a broken encoding. */
    static @Nullable Word word(String charsetName, String encoding, String text) {
      Charset charset;
      try {
        // RFC 2231 5: a language may follow the charset after '*'
        int star = charsetName.indexOf('*');
        charset = Charset.forName(MimeUtility.javaCharset(star < 0 ? charsetName : charsetName.substring(0, star)));
      } catch (IllegalArgumentException unknown) {
        return null;
      }
      byte[] decoded = encoding.equalsIgnoreCase("B") ? base64(text) : quoted(text);
      return decoded == null ? null : new Word(charset, decoded);
    }

    /** Adds a word to the run; false if it is of another charset than the run's. */
    boolean add(Word word) {
      if (charset != null && !charset.equals(word.charset())) {
        return false;
      }
      charset = word.charset();
      bytes.writeBytes(word.bytes());
      return true;
    }

    void flushInto(StringBuilder out) {
      if (charset != null) {
        out.append(new String(bytes.toByteArray(), charset));
        bytes.reset();
        charset = null;
      }
    }

    private static byte @Nullable [] base64(String text) {
      try {
        return Base64.getMimeDecoder().decode(text);
      } catch (IllegalArgumentException broken) {
        return null;
      }
    }

    /** RFC 2047 4.2: '_' is a space, "=XX" a byte in hex, any other char itself. */
    private static byte @Nullable [] quoted(String text) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (c == '_') {
          out.write(' ');
        } else if (c == '=') {
          int hi = i + 2 < text.length() ? Character.digit(text.charAt(i + 1), 16) : -1;
          int lo = hi < 0 ? -1 : Character.digit(text.charAt(i + 2), 16);
          if (lo < 0) {
            return null;
          }
          out.write(hi << 4 | lo);
          i += 2;
        } else if (c > 0x7E) {
          return null;
        } else {
          out.write(c);
        }
      }
      return out.toByteArray();
    }
  }

  private boolean sentByThisAccount(MimeMessage mail) throws MessagingException {
    Address[] senders;
    try {
      senders = mail.getFrom();
    } catch (AddressException unreadable) {
      return false;
    }
    if (senders == null) {
      return false;
    }
    boolean ours = false;
    for (Address sender : senders) {
      if (sender instanceof InternetAddress a && from.getAddress().equalsIgnoreCase(a.getAddress())) {
        ours = true;
      }
    }
    if (!ours) {
      return false;
    }
    // a contact form sends as the company with the customer in Reply-To: that is the customer's mail
    Address[] replyTo;
    try {
      replyTo = mail.getHeader("Reply-To") == null ? null : mail.getReplyTo();
    } catch (AddressException unreadable) {
      return true;
    }
    if (replyTo != null) {
      for (Address address : replyTo) {
        if (address instanceof InternetAddress a && !from.getAddress().equalsIgnoreCase(a.getAddress())) {
          return false;
        }
      }
    }
    return true;
  }

  /** Whether the mail came with a null reverse-path ({@code Return-Path: <>}) or from a mailer daemon. */
  private static boolean nullReversePath(MimeMessage mail) throws MessagingException {
    String returnPath = mail.getHeader("Return-Path", null);
    if (returnPath != null && returnPath.replaceAll("\\([^)]*\\)", "").replaceAll("\\s", "").equals("<>")) {
      return true;
    }
    String from = mail.getHeader("From", null);
    return from != null && from.toLowerCase(Locale.ROOT).matches("(?s).*\\bmailer-daemon@.*");
  }

  /** The kind of an RFC 6522 report (RFC 3464 delivery status, RFC 8098 read receipt), or null. */
  private static @Nullable String receiptKind(MimeMessage mail) throws MessagingException {
    if (!mail.isMimeType("multipart/report")) {
      return null;
    }
    String type;
    try {
      type = new ContentType(mail.getContentType()).getParameter("report-type");
    } catch (ParseException e) {
      return null;
    }
    if ("delivery-status".equalsIgnoreCase(type)) {
      return "delivery status notification";
    }
    return "disposition-notification".equalsIgnoreCase(type) ? "read receipt" : null;
  }

  private Interaction read(MimeMessage mail) throws MessagingException, IOException {
    String messageId = firstId(mail.getHeader("Message-ID", " "));
    if (messageId == null) {
      throw reject(Reason.MISSING_FIELD, "'Message-ID' is missing");
    }
    InternetAddress sender = firstAddress(mail.getFrom(), "From");
    if (sender == null) {
      throw reject(Reason.MISSING_FIELD, "'From' is missing");
    }
    Date date = mail.getSentDate();
    if (date == null) {
      throw reject(Reason.MISSING_FIELD, "'Date' is missing or unreadable");
    }
    String subject = subject(mail);
    // RFC 5322 4.5.4: an obsolete In-Reply-To may hold phrases only; it names no message then
    List<String> parents = ids(mail.getHeader("In-Reply-To", " "));
    String inReplyTo = parents.isEmpty() ? null : parents.get(0);
    List<String> references = ids(mail.getHeader("References", " "));
    String root = !references.isEmpty() ? references.get(0) : inReplyTo != null ? inReplyTo : messageId;

    List<Attachment> attachments = new ArrayList<>();
    String body = bodyText(mail, attachments, 0);
    boolean forwarded = subject != null && FORWARD_SUBJECT.matcher(subject).matches();
    String text = trimQuoted(body == null ? "" : body, forwarded);
    if (text.isBlank() && subject != null) {
      text = subject.strip();
    }
    if (text.length() > Interaction.MAX_TEXT_LENGTH) {
      // a mail may be longer than an interaction holds: keep its start, never half a surrogate pair
      int cut = Interaction.MAX_TEXT_LENGTH - 1;
      text = text.substring(0, Character.isHighSurrogate(text.charAt(cut - 1)) ? cut - 1 : cut) + "…";
    }
    // RFC 5322 3.6.2: replies go to every Reply-To address; one that is no address ("noreply", a
    // group) must not cost the mail: then they go to From
    List<String> replyTo = new ArrayList<>();
    @Nullable InternetAddress customer = null;
    try {
      Address[] listed = members(mail.getReplyTo());
      for (int i = 0; listed != null && i < listed.length && i < 10; i++) {
        InternetAddress address = firstAddress(new Address[] {listed[i]}, "Reply-To");
        if (address != null && !replyTo.contains(address.getAddress())) {
          replyTo.add(address.getAddress());
          if (customer == null && !address.getAddress().equalsIgnoreCase(from.getAddress())) {
            customer = address;
          }
        }
      }
    } catch (DeliveryRejectedException | AddressException unusable) {
      replyTo.clear();
      customer = null;
    }
    if (customer != null && sender.getAddress().equalsIgnoreCase(from.getAddress())) {
      // a contact form sends as the company with the customer in Reply-To: the customer wrote it
      sender = customer;
    }
    String handle = canonical(sender.getAddress());
    String personal = personalOf(sender);
    // each sender's mails under one root are a thread of their own: the answers of many customers to
    // one notice, or a colleague's reply-all, must not join the first one's case
    String thread = root + THREAD_SENDER_SEPARATOR + senderKey(handle);

    List<String> chain = new ArrayList<>(references);
    if (inReplyTo != null && !chain.contains(inReplyTo)) {
      chain.add(inReplyTo);
    }
    chain.add(messageId);
    if (chain.size() > 20) {
      // shorten as RFC 5537 3.4.4 says: keep the first id (the thread root, which replies are threaded by)
      // and the latest ones
      List<String> shortened = new ArrayList<>(20);
      shortened.add(chain.get(0));
      shortened.addAll(chain.subList(chain.size() - 19, chain.size()));
      chain = shortened;
    }
    Known record = new Known(handle, replyTo.isEmpty() ? List.of(sender.getAddress()) : List.copyOf(replyTo), subject,
        List.copyOf(chain));
    synchronized (known) {
      // the first mail with an id wins, as in the engine's de-duplication: a later mail that reuses the
      // id (by mistake or to hijack the thread) must not redirect replies meant for the first sender
      known.putIfAbsent(messageId, record);
      latestOfThread.put(thread, record);
    }

    Interaction.Builder builder = Interaction.inbound(ChannelId.EMAIL, messageId)
        .thread(thread)
        .author(handle, personal == null || personal.isBlank() ? null : personal.strip())
        .text(text)
        .occurredAt(date.toInstant())
        .visibility(Visibility.PRIVATE)
        .kind(inReplyTo != null ? InteractionKind.REPLY : InteractionKind.DIRECT)
        .inReplyTo(inReplyTo);
    attachments.forEach(builder::addAttachment);
    return builder.build();
  }

  /** The addresses with each group (RFC 5322 3.4) replaced by its members. */
  private static Address @Nullable [] members(Address @Nullable [] addresses) throws AddressException {
    if (addresses == null) {
      return null;
    }
    List<Address> out = new ArrayList<>();
    for (Address a : addresses) {
      if (a instanceof InternetAddress group && group.isGroup()) {
        out.addAll(List.of(group.getGroup(false)));
      } else {
        out.add(a);
      }
    }
    return out.toArray(Address[]::new);
  }

  private @Nullable InternetAddress firstAddress(Address @Nullable [] addresses, String field) {
    if (addresses == null || addresses.length == 0) {
      return null;
    }
    if (addresses[0] instanceof InternetAddress group && group.isGroup()) {
      // RFC 6854: a group in From; its first member is the sender (an empty group is no address)
      InternetAddress[] members;
      try {
        members = group.getGroup(false);
      } catch (AddressException unreadable) {
        members = null;
      }
      return firstAddress(members == null || members.length == 0 ? new Address[] {group} : members, field);
    }
    if (!(addresses[0] instanceof InternetAddress address) || address.isGroup() || address.getAddress() == null
        || address.getAddress().indexOf('@') < 1 || address.getAddress().length() > 320) {
      throw reject(Reason.MALFORMED, "'" + field + "' is not a mail address");
    }
    return address;
  }

  private @Nullable String bodyText(Part part, List<Attachment> attachments, int depth)
      throws MessagingException, IOException {
    if (depth > MAX_DEPTH) {
      throw reject(Reason.MALFORMED, "MIME parts are nested too deeply");
    }
    String disposition = dispositionOf(part);
    String fileName = fileNameOf(part);
    // a named part is a file, except a text shown inline (RFC 2183: the name is only a suggestion)
    boolean inlineText = Part.INLINE.equalsIgnoreCase(disposition)
        && (part.isMimeType("text/plain") || part.isMimeType("text/html"));
    if (Part.ATTACHMENT.equalsIgnoreCase(disposition)
        || (fileName != null && !inlineText && !part.isMimeType("multipart/*"))) {
      attachments.add(fileOf(part));
      return null;
    }
    if (part.isMimeType("text/plain")) {
      return text(part);
    }
    if (part.isMimeType("text/html")) {
      return HtmlText.toText(text(part));
    }
    if (part.isMimeType("multipart/*")) {
      Object content = part.getContent();
      if (!(content instanceof Multipart multipart)) {
        throw reject(Reason.MALFORMED, "multipart body without parts");
      }
      if (part.isMimeType("multipart/alternative")) {
        return alternative(multipart, attachments, depth);
      }
      // the texts in order: a photo placed amid the text (Apple Mail, iOS) splits it into parts
      StringBuilder texts = null;
      for (int i = 0; i < multipart.getCount(); i++) {
        BodyPart child = multipart.getBodyPart(i);
        if (texts != null && fileNameOf(child) != null && !child.isMimeType("multipart/*")) {
          // after the body, a named part is a file even when shown inline (Apple Mail sends files so)
          attachments.add(fileOf(child));
          continue;
        }
        String candidate = bodyText(child, attachments, depth + 1);
        if (candidate != null && !candidate.isBlank()) {
          texts = texts == null ? new StringBuilder(candidate.strip()) : texts.append("\n\n").append(candidate.strip());
        }
      }
      return texts == null ? null : texts.toString();
    }
    if (part.isMimeType("message/rfc822")) {
      attachments.add(new Attachment("message", "forwarded message", "message/rfc822", null));
      return null;
    }
    if (!part.isMimeType("text/*")) {
      attachments.add(fileOf(part));
    }
    return null;
  }

  private @Nullable String alternative(Multipart multipart, List<Attachment> attachments, int depth)
      throws MessagingException, IOException {
    BodyPart plain = null;
    BodyPart html = null;
    BodyPart nested = null;
    for (int i = 0; i < multipart.getCount(); i++) {
      BodyPart candidate = multipart.getBodyPart(i);
      if (plain == null && candidate.isMimeType("text/plain")) {
        plain = candidate;
      } else if (html == null && candidate.isMimeType("text/html")) {
        html = candidate;
      } else if (nested == null && candidate.isMimeType("multipart/*")) {
        nested = candidate;
      }
    }
    String text = null;
    if (plain != null) {
      text = text(plain);
    }
    if ((text == null || text.isBlank()) && html != null) {
      text = HtmlText.toText(text(html));
    }
    if (text == null || text.isBlank()) {
      return nested == null ? null : bodyText(nested, attachments, depth + 1);
    }
    if (nested != null) {
      // a branch not read may still carry files (Apple Mail puts them amid its HTML)
      filesOf(nested, attachments, depth + 1);
    }
    return text;
  }

  /**
   * Adds the files of a part not read for its text: named or non-text parts, except the resources
   * of an HTML body (a {@code Content-ID}, such as a signature's logo), which the text left out too.
   */
  private void filesOf(Part part, List<Attachment> attachments, int depth) throws MessagingException, IOException {
    if (depth > MAX_DEPTH) {
      throw reject(Reason.MALFORMED, "MIME parts are nested too deeply");
    }
    if (part.isMimeType("multipart/*")) {
      if (part.getContent() instanceof Multipart multipart) {
        for (int i = 0; i < multipart.getCount(); i++) {
          filesOf(multipart.getBodyPart(i), attachments, depth + 1);
        }
      }
      return;
    }
    boolean resource = part instanceof MimePart mime && mime.getContentID() != null;
    if (!resource && (fileNameOf(part) != null || !part.isMimeType("text/*"))) {
      attachments.add(fileOf(part));
    }
  }

  private static final Pattern LOOSE_FILE_NAME = Pattern.compile("(?i);\\s*filename\\s*=\\s*\"?([^\";]+)");

  /** The part's disposition; a malformed Content-Disposition gives its first word, never the mail's rejection. */
  private static @Nullable String dispositionOf(Part part) throws MessagingException {
    try {
      return part.getDisposition();
    } catch (ParseException malformed) {
      String raw = part instanceof MimePart mime ? mime.getHeader("Content-Disposition", null) : null;
      if (raw == null) {
        return null;
      }
      String first = raw.split("[;\\s]", 2)[0].strip();
      return first.isEmpty() ? null : first;
    }
  }

  /** The part's file name; from a malformed Content-Disposition as written up to the next ';'. */
  private static @Nullable String fileNameOf(Part part) throws MessagingException {
    try {
      return part.getFileName();
    } catch (ParseException malformed) {
      String raw = part instanceof MimePart mime ? mime.getHeader("Content-Disposition", null) : null;
      Matcher m = LOOSE_FILE_NAME.matcher(raw == null ? "" : MimeUtility.unfold(raw));
      return m.find() && !m.group(1).isBlank() ? m.group(1).strip() : null;
    }
  }

  private static Attachment fileOf(Part part) throws MessagingException {
    String fileName = fileNameOf(part);
    if (fileName != null && fileName.contains("=?")) {
      // encoded words in a file name (RFC 2231 is the standard, but Outlook and others send RFC 2047);
      // Jakarta Mail decodes them only under a JVM-wide system property
      try {
        fileName = MimeUtility.decodeText(fileName);
      } catch (UnsupportedEncodingException unknownCharset) {
        // keep the name as written
      }
    }
    return new Attachment(part.isMimeType("image/*") ? "image" : "file",
        fileName == null || fileName.isBlank() ? "unnamed" : fileName, baseType(part), null, descriptionOf(part));
  }

  /**
   * A part's {@code Content-Description} (RFC 2045 8), its encoded words decoded, if it has one that
   * is not blank and fits {@link Attachment#MAX_DESCRIPTION}; else null. A description that cannot be
   * read is left out, never the file.
   */
  private static @Nullable String descriptionOf(Part part) {
    String description;
    try {
      description = part.getDescription();
    } catch (MessagingException unreadable) {
      return null;
    }
    if (description == null) {
      return null;
    }
    description = description.strip();
    return description.isEmpty() || description.length() > Attachment.MAX_DESCRIPTION ? null : description;
  }

  private static String baseType(Part part) throws MessagingException {
    String type = part.getContentType();
    if (type == null) {
      return "application/octet-stream";
    }
    int semi = type.indexOf(';');
    String base = (semi < 0 ? type : type.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
    return base.isEmpty() || base.length() > 100 ? "application/octet-stream" : base;
  }

  /**
   * The text of a text part, decoded as mail is written rather than as it is labelled: without a
   * charset (or labelled US-ASCII) UTF-8 if the bytes are, else windows-1252; labelled ISO-8859-1,
   * windows-1252, which mailers send under that label (it has € and „“ where Latin-1 has control
   * codes), as browsers read it too; an unknown charset like an absent one. {@code format=flowed}
   * text (RFC 3676) has its soft line breaks joined.
   */
  private static String text(Part part) throws MessagingException, IOException {
    byte[] bytes;
    try (InputStream in = decodedOrAsWritten(part)) {
      bytes = in.readAllBytes();
    }
    ContentType type;
    try {
      type = new ContentType(part.getContentType() == null ? "text/plain" : part.getContentType());
    } catch (ParseException unreadable) {
      type = new ContentType("text", "plain", null);
    }
    String text = decode(bytes, type.getParameter("charset"));
    if ("flowed".equalsIgnoreCase(type.getParameter("format"))) {
      text = unflow(text, "yes".equalsIgnoreCase(type.getParameter("delsp")));
    }
    return text;
  }

  /**
   * The part's body decoded from its transfer encoding; under an encoding no mailer should write
   * ({@code 8-bit}, {@code x-unknown}) the body as written, as 8bit, rather than the whole mail
   * refused (RFC 2045 6.4 lets a reader keep such a part instead of showing it).
   */
  private static InputStream decodedOrAsWritten(Part part) throws MessagingException, IOException {
    try {
      return part.getInputStream();
    } catch (MessagingException | IOException unknownEncoding) {
      if (part instanceof MimeBodyPart body) {
        return body.getRawInputStream();
      }
      if (part instanceof MimeMessage message) {
        return message.getRawInputStream();
      }
      throw unknownEncoding;
    }
  }

  private static String decode(byte[] bytes, @Nullable String label) {
    Charset charset = null;
    if (label != null) {
      try {
        charset = Charset.forName(MimeUtility.javaCharset(label.strip()));
      } catch (IllegalArgumentException unknown) {
        charset = null;
      }
    }
    if (charset == null || charset.equals(StandardCharsets.US_ASCII)) {
      return new String(bytes, isUtf8(bytes, bytes.length) ? StandardCharsets.UTF_8 : WINDOWS_1252);
    }
    return new String(bytes, charset.equals(StandardCharsets.ISO_8859_1) ? WINDOWS_1252 : charset);
  }

  /**
   * Joins the soft line breaks of {@code format=flowed} text (RFC 3676): a line that ends with a
   * space goes on in the next one (without that space if {@code delsp=yes}); a space that begins a
   * line was added for transport and is dropped. Quoted lines and the signature line stay as they are.
   */
  static String unflow(String text, boolean delSp) {
    String[] lines = text.replace("\r\n", "\n").split("\n", -1);
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.startsWith(" ")) {
        line = line.substring(1);
      }
      boolean soft = line.endsWith(" ") && !line.equals("-- ") && !line.startsWith(">") && i + 1 < lines.length;
      out.append(soft && delSp ? line.substring(0, line.length() - 1) : line);
      if (!soft && i + 1 < lines.length) {
        out.append('\n');
      }
    }
    return out.toString();
  }

  /**
   * Removes a quoted earlier message and the signature from a reply's text.
   *
   * @param body the text as written
   * @return the new text only
   */
  static String trimQuoted(String body) {
    return trimQuoted(body, false);
  }

  /**
   * Removes a quoted earlier message and the signature from a reply's text; in a forward the quoted
   * headers of the forwarded message stay, since they lead what the customer forwards.
   *
   * @param body the text as written
   * @param forwarded whether the mail forwards another
   * @return the new text only
   */
  static String trimQuoted(String body, boolean forwarded) {
    String[] lines = body.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
    int end = lines.length;
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      String joined = i + 1 < lines.length ? line + " " + lines[i + 1].strip() : line;
      if (lines[i].equals("-- ") || SEPARATOR.matcher(line).matches() || ATTRIBUTION.matcher(line).matches()
          || (!ATTRIBUTION.matcher(line).matches() && (line.startsWith("Am ") || line.startsWith("On "))
              && ATTRIBUTION.matcher(joined).matches())
          || (!forwarded && OUTLOOK_HEADER.matcher(line).matches() && i + 1 < lines.length
              && OUTLOOK_NEXT.matcher(lines[i + 1].strip()).matches())) {
        end = i;
        break;
      }
    }
    // trailing quoted lines without an attribution
    while (end > 0 && (lines[end - 1].strip().isEmpty() || lines[end - 1].startsWith(">"))) {
      end--;
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < end; i++) {
      if (i > 0) {
        out.append('\n');
      }
      out.append(stripTrailing(lines[i]));
    }
    return out.toString().strip();
  }

  private static String stripTrailing(String line) {
    return line.stripTrailing();
  }

  private @Nullable String firstId(@Nullable String header) {
    List<String> all = ids(header);
    if (!all.isEmpty()) {
      return all.get(0);
    }
    if (header == null || header.isBlank()) {
      return null;
    }
    String bare = header.strip();
    if (bare.length() > MAX_ID + 2 && bare.startsWith("<") && bare.endsWith(">")) {
      throw reject(Reason.MALFORMED, "a message id has more than " + MAX_ID + " characters");
    }
    if (bare.length() > MAX_ID || bare.chars().anyMatch(c -> c <= ' ' || c == '<' || c == '>')) {
      throw reject(Reason.MALFORMED, "a message id is not readable");
    }
    return bare;
  }

  private static List<String> ids(@Nullable String header) {
    List<String> out = new ArrayList<>();
    if (header == null) {
      return out;
    }
    Matcher m = BRACKETED.matcher(header);
    while (m.find() && out.size() < 100) {
      out.add(m.group(1));
    }
    return out;
  }

  /**
   * Refuses an answered message or a thread root that is not a message id: they go into In-Reply-To
   * and References as they are, and a CR LF there would start header fields of its own.
   */
  private static @Nullable String referenceRefusal(OutboundMessage message) {
    if (message.inReplyTo() != null && !MESSAGE_ID.matcher(message.inReplyTo()).matches()) {
      return "inReplyTo is not a message id";
    }
    if (message.threadId() != null && !MESSAGE_ID.matcher(rootOf(message.threadId())).matches()) {
      return "the thread's root is not a message id";
    }
    return null;
  }

  private SendResult sendOpen(OutboundMessage message) {
    if (message.visibility() != Visibility.PRIVATE) {
      return SendResult.permanent("e-mail is private");
    }
    String reference = referenceRefusal(message);
    if (reference != null) {
      return SendResult.permanent(reference);
    }
    Known original = null;
    synchronized (known) {
      if (message.inReplyTo() != null) {
        original = known.get(message.inReplyTo());
      }
      if (original == null && message.threadId() != null) {
        // the thread is one sender's: its latest mail, else its root only if that sender wrote it
        original = latestOfThread.get(message.threadId());
        Known root = original == null ? known.get(rootOf(message.threadId())) : null;
        if (root != null && sentBy(message.threadId(), root.sender())) {
          original = root;
        }
      }
    }
    List<String> to = original != null ? original.replyAddresses()
        : replyAddresses.addressFor(message).map(List::of).orElse(null);
    if (to == null) {
      return SendResult.permanent("no e-mail address is known for this reply");
    }
    FileFetch.Fetched fetched = fileFetch.fetchAll(message);
    if (fetched.failure() != null) {
      return fetched.failure();
    }
    String messageId = messageIdFor(message.idempotencyKey());
    // set once the whole message went out after DATA: from then on the server may have it
    AtomicBoolean transmitted = new AtomicBoolean();
    try {
      MimeMessage mail = new MimeMessage(smtpSession) {
        @Override
        protected void updateMessageID() throws MessagingException {
          setHeader("Message-ID", "<" + messageId + ">");
        }

        @Override
        public void writeTo(OutputStream os, String[] ignoreList) throws IOException, MessagingException {
          super.writeTo(os, ignoreList);
          transmitted.set(true);
        }
      };
      mail.setFrom(from);
      InternetAddress[] recipients = new InternetAddress[to.size()];
      for (int i = 0; i < recipients.length; i++) {
        recipients[i] = new InternetAddress(asciiAddress(to.get(i)), true);
      }
      mail.setRecipients(Message.RecipientType.TO, recipients);
      String subject = original == null ? null : original.subject();
      mail.setSubject(replySubject(subject), "UTF-8");
      mail.setSentDate(Date.from(clock.instant()));
      List<String> references = new ArrayList<>();
      if (original != null) {
        references.addAll(original.references());
      } else if (message.threadId() != null) {
        references.add(rootOf(message.threadId()));
      }
      String answered = message.inReplyTo() != null ? message.inReplyTo()
          : references.isEmpty() ? null : references.get(references.size() - 1);
      if (answered != null) {
        if (!references.contains(answered)) {
          references.add(answered);
        }
        mail.setHeader("In-Reply-To", "<" + answered + ">");
      }
      if (!references.isEmpty()) {
        // folded between the ids (RFC 5322 2.2.3): a long thread's ids would exceed the 998 octets of a line
        mail.setHeader("References", MimeUtility.fold("References: ".length(),
            String.join(" ", references.stream().map(r -> "<" + r + ">").toList())));
      }
      ReplyBody.setOn(mail, message.text(), fetched.files(), message.attachments());
      mail.saveChanges();
      try (Transport transport = smtpSession.getTransport("smtp")) {
        transport.connect(user, password);
        transport.sendMessage(mail, mail.getAllRecipients());
      }
      LOG.debug("email reply {} accepted by the SMTP server", message.id());
      return SendResult.sent(messageId, clock.instant());
    } catch (AddressException e) {
      return SendResult.permanent("the recipient address is invalid");
    } catch (AuthenticationFailedException e) {
      return SendResult.permanent("SMTP authentication failed");
    } catch (MessagingException e) {
      return smtpFailure(e, transmitted.get());
    }
  }

  /**
   * An address as one handle however its domain is written: lower case, the domain in Unicode
   * (U-labels, RFC 5890), so that {@code kunde@müller.de} and {@code kunde@xn--mller-kva.de} are one
   * sender. A domain that is no IDNA name stays as written.
   */
  static String canonical(String address) {
    String lower = address.toLowerCase(Locale.ROOT);
    int at = lower.lastIndexOf('@');
    if (at < 0 || lower.indexOf("xn--", at) < 0) {
      return lower;
    }
    return lower.substring(0, at + 1) + IDN.toUnicode(lower.substring(at + 1), IDN.ALLOW_UNASSIGNED)
        .toLowerCase(Locale.ROOT);
  }

  /**
   * The address with its domain as A-labels (RFC 5890): without SMTPUTF8 (RFC 6531) the envelope and
   * the header carry ASCII only. A local part beyond ASCII cannot go out so and is refused.
   */
  static String asciiAddress(String address) throws AddressException {
    int at = address.lastIndexOf('@');
    String local = address.substring(0, Math.max(at, 0));
    if (at < 1 || !local.chars().allMatch(c -> c < 0x80)) {
      throw new AddressException("not an ASCII mailbox");
    }
    try {
      return local + "@" + IDN.toASCII(address.substring(at + 1), IDN.ALLOW_UNASSIGNED);
    } catch (IllegalArgumentException notIdna) {
      throw new AddressException("not a domain");
    }
  }

  private static SendResult smtpFailure(MessagingException failure, boolean transmitted) {
    Throwable t = failure;
    int code = -1;
    String reply = "";
    boolean timeout = false;
    for (int i = 0; t != null && i < 10; i++) {
      if (t instanceof SMTPSendFailedException e) {
        code = e.getReturnCode();
        reply = String.valueOf(e.getMessage());
      } else if (t instanceof SMTPAddressFailedException e) {
        code = e.getReturnCode();
        reply = String.valueOf(e.getMessage());
      } else if (t instanceof SMTPSenderFailedException e) {
        code = e.getReturnCode();
        reply = String.valueOf(e.getMessage());
      } else if (t instanceof SocketTimeoutException) {
        timeout = true;
      }
      if (code > 0) {
        break;
      }
      Throwable next = t instanceof MessagingException m && m.getNextException() != null ? m.getNextException()
          : t.getCause();
      t = next == t ? null : next;
    }
    if (code >= 400 && code < 500) {
      return SendResult.retryable("SMTP " + code, waitFrom(reply));
    }
    if (code >= 500) {
      return SendResult.permanent("SMTP " + code);
    }
    if (code < 0 && transmitted) {
      // no answer to the final dot: the server may have queued the message, a retry may deliver it twice
      return SendResult.outcomeUnknown(timeout ? "SMTP server timed out after the message was sent"
          : "SMTP connection lost after the message was sent");
    }
    if (timeout) {
      return SendResult.retryable("SMTP server timed out", null);
    }
    if (failure instanceof SendFailedException) {
      return SendResult.permanent("SMTP server refused the message");
    }
    return SendResult.retryable("SMTP connection failed (" + failure.getClass().getSimpleName() + ")", null);
  }

  private static @Nullable Duration waitFrom(String reply) {
    // SMTP has no Retry-After; many servers say how long in words ("try again in 60 seconds")
    Matcher m = WAIT.matcher(reply);
    if (!m.find()) {
      return null;
    }
    long amount = Long.parseLong(m.group(1));
    return m.group(2).toLowerCase(Locale.ROOT).startsWith("m") ? Duration.ofMinutes(amount) : Duration.ofSeconds(amount);
  }

  private static String replySubject(@Nullable String subject) {
    if (subject == null || subject.isBlank()) {
      return "Re: Ihre Nachricht";
    }
    String s = subject.strip();
    String lower = s.toLowerCase(Locale.ROOT);
    return lower.startsWith("re:") || lower.startsWith("aw:") ? s : "Re: " + s;
  }

  private String messageIdFor(String key) {
    String domain = from.getAddress().substring(from.getAddress().indexOf('@') + 1);
    String safe = key.replaceAll("[^A-Za-z0-9._-]", "_");
    if (!safe.equals(key)) {
      safe = safe + "." + HexFormat.of().toHexDigits(key.hashCode());
    }
    return safe + ".scrm@" + domain;
  }

  /**
   * Builder of {@link EmailAdapter}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private @Nullable String smtpHost;
    private int smtpPort = 587;
    private boolean startTls = true;
    private @Nullable String user;
    private @Nullable String password;
    private @Nullable InternetAddress from;
    private ReplyAddresses replyAddresses = message -> Optional.empty();
    private @Nullable AttachmentSource attachmentSource;
    private long maxAttachmentBytes = DEFAULT_MAX_ATTACHMENT_BYTES;
    private Duration maxAttachmentTime = DEFAULT_MAX_ATTACHMENT_TIME;
    private Clock clock = Clock.systemUTC();
    private Duration timeout = Duration.ofSeconds(30);
    private @Nullable String imapHost;
    private int imapPort = 993;
    private boolean imapTls = true;
    private @Nullable String imapUser;
    private @Nullable String imapSecret;
    private String imapFolder = "INBOX";

    private Builder() {}

    /**
     * Lets {@link EmailAdapter#poll} read a mailbox over IMAP: implicit TLS ({@code imaps}) unless
     * {@link #imapTls} says otherwise, the folder {@code INBOX} unless {@link #imapFolder} names
     * another.
     *
     * @param host the IMAP server
     * @param port its port, usually 993
     * @param userName the mailbox's login
     * @param secret its password or app password
     * @return this builder
     * @throws IllegalArgumentException if the host or user is blank or the port out of range
     */
    public Builder imap(String host, int port, String userName, String secret) {
      Objects.requireNonNull(host, "imapHost");
      Objects.requireNonNull(userName, "imapUser");
      Objects.requireNonNull(secret, "imapPassword");
      if (host.isBlank() || userName.isBlank()) {
        throw new IllegalArgumentException("imap host and user must not be blank");
      }
      if (port < 1 || port > 65_535) {
        throw new IllegalArgumentException("imapPort must be 1 to 65535, was " + port);
      }
      imapHost = host;
      imapPort = port;
      imapUser = userName;
      imapSecret = secret;
      return this;
    }

    /**
     * Sets whether the IMAP connection uses implicit TLS ({@code imaps}); default true. Plain IMAP
     * is for a server on the same host or in tests.
     *
     * @param value true for TLS
     * @return this builder
     */
    public Builder imapTls(boolean value) {
      imapTls = value;
      return this;
    }

    /**
     * Sets the IMAP folder polls read; default {@code INBOX}.
     *
     * @param value the folder's name
     * @return this builder
     * @throws IllegalArgumentException if the name is blank
     */
    public Builder imapFolder(String value) {
      Objects.requireNonNull(value, "imapFolder");
      if (value.isBlank()) {
        throw new IllegalArgumentException("imapFolder must not be blank");
      }
      imapFolder = value;
      return this;
    }

    /**
     * Sets the SMTP server.
     *
     * @param value the host name
     * @return this builder
     */
    public Builder smtpHost(String value) {
      Objects.requireNonNull(value, "smtpHost");
      if (value.isBlank()) {
        throw new IllegalArgumentException("smtpHost must not be blank");
      }
      smtpHost = value;
      return this;
    }

    /**
     * Sets the SMTP port.
     *
     * @param value 1 to 65535
     * @return this builder
     */
    public Builder smtpPort(int value) {
      if (value < 1 || value > 65_535) {
        throw new IllegalArgumentException("smtpPort must be 1 to 65535, was " + value);
      }
      smtpPort = value;
      return this;
    }

    /**
     * Sets whether STARTTLS is used when the server offers it.
     *
     * @param value true to use STARTTLS
     * @return this builder
     */
    public Builder startTls(boolean value) {
      startTls = value;
      return this;
    }

    /**
     * Sets the SMTP login.
     *
     * @param userName the user
     * @param secret the password
     * @return this builder
     */
    public Builder credentials(String userName, String secret) {
      Objects.requireNonNull(userName, "user");
      Objects.requireNonNull(secret, "password");
      if (userName.isBlank()) {
        throw new IllegalArgumentException("user must not be blank");
      }
      user = userName;
      password = secret;
      return this;
    }

    /**
     * Sets the sender address of replies. It goes out as ASCII, as headers and the envelope must
     * without SMTPUTF8: a name with other characters as encoded words (RFC 2047), an
     * internationalized domain in its ASCII form (IDNA, RFC 5890).
     *
     * @param value such as {@code Stadtwerke Müllheim <service@stadtwerke-müllheim.de>}
     * @return this builder
     * @throws IllegalArgumentException if it is no mail address with a domain, or its local part is
     *     not ASCII
     */
    public Builder from(String value) {
      Objects.requireNonNull(value, "from");
      try {
        InternetAddress address = new InternetAddress(value, true);
        if (address.getAddress().indexOf('@') < 1) {
          throw new IllegalArgumentException("from must be a mail address with a domain");
        }
        String ascii;
        try {
          ascii = asciiAddress(address.getAddress());
        } catch (AddressException notAscii) {
          throw new IllegalArgumentException("from must have an ASCII local part and a valid domain", notAscii);
        }
        from = new InternetAddress(ascii, address.getPersonal(), StandardCharsets.UTF_8.name());
      } catch (AddressException | UnsupportedEncodingException e) {
        throw new IllegalArgumentException("from must be a mail address", e);
      }
      return this;
    }

    /**
     * Sets where replies go when the answered message was not parsed by this adapter.
     *
     * @param value the lookup
     * @return this builder
     */
    public Builder replyAddresses(ReplyAddresses value) {
      replyAddresses = Objects.requireNonNull(value, "replyAddresses");
      return this;
    }

    /**
     * Sets where the bytes of a reply's files come from; by default {@link AttachmentSource#web(
     * Duration) AttachmentSource.web} with this builder's {@link #timeout}, which fetches {@code
     * https://} and {@code http://} references from any address. Give {@link AttachmentSource#web(
     * Duration, java.util.function.Predicate)} to allow only your file servers, or a source of your
     * own for files that live elsewhere. The texts of a source given here never reach a reason or a
     * log: a refusal reads "refused by the attachment source", a failure "unavailable".
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
     * Sets how many bytes the files of one reply may have together; default 25 MiB, the limit of
     * common mail providers. Base64 makes the mail about a third larger; an SMTP server's own limit
     * ({@code 552}) is a permanent failure.
     *
     * @param value a positive number of bytes, at most 1 GiB (the files are held in memory until the
     *     mail is sent)
     * @return this builder
     * @throws IllegalArgumentException if the value is not positive or over 1 GiB
     * @since 0.1.0
     */
    public Builder maxAttachmentBytes(long value) {
      maxAttachmentBytes = FileFetch.maxBytes(value, "maxAttachmentBytes");
      return this;
    }

    /**
     * Sets how long the files of one reply may take to fetch together; default 30 s. Keep it well
     * under the dispatcher's {@linkplain io.scrm.channels.OutboxDispatcherConfig#lease() lease} (60 s by
     * default): a reply still being fetched when the lease runs out may be taken over and sent by
     * another dispatcher. Files not fetched in time are a retryable failure; nothing was sent.
     *
     * @param value a positive duration
     * @return this builder
     * @throws IllegalArgumentException if the value is not positive
     * @since 0.1.0
     */
    public Builder maxAttachmentTime(Duration value) {
      maxAttachmentTime = AdapterCore.positive(value, "maxAttachmentTime");
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
     * Sets the timeout of connecting, reading and writing, to the SMTP and IMAP servers and to the
     * file servers of the default {@link #attachmentSource}.
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
     * @throws IllegalStateException if SMTP host or sender is missing
     */
    public EmailAdapter build() {
      if (smtpHost == null || from == null) {
        throw new IllegalStateException("smtpHost and from are required");
      }
      return new EmailAdapter(this);
    }
  }

  @Override
  public String toString() {
    return "EmailAdapter[" + smtpSession.getProperty("mail.smtp.host") + "]";
  }
}
