package io.scrm.channels.email;

import io.scrm.channels.ChannelAdapter;
import io.scrm.channels.ChannelCapabilities;
import io.scrm.channels.DeliveryRejectedException;
import io.scrm.channels.DeliveryRejectedException.Reason;
import io.scrm.channels.InboundDelivery;
import io.scrm.channels.ParsedDelivery;
import io.scrm.channels.SendResult;
import io.scrm.channels.internal.AdapterCore;
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
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UnsupportedEncodingException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
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
 * the {@code Message-ID} without angle brackets; the thread is the first {@code References} id, else
 * the {@code In-Reply-To} id, else the message's own id. The handle is the lower-cased sender
 * address.
 *
 * <p>Replies go out over SMTP with {@code In-Reply-To} and {@code References} set, a {@code Re:}
 * subject and a {@code Message-ID} made from the message's idempotency key, so that a repeated send
 * is recognizable as the same message. The recipient is the {@code Reply-To} (else {@code From}) of
 * the answered message, or what the configured {@link ReplyAddresses} says (for example {@link
 * ReplyAddresses#fromInteractions}, the sender the interaction store keeps). SMTP 4xx answers are
 * retryable, 5xx permanent.
 *
 * @since 0.1.0
 */
public final class EmailAdapter implements ChannelAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(EmailAdapter.class);
  private static final Pattern BRACKETED = Pattern.compile("<([^<>\\s]{1,500})>");
  private static final Pattern WAIT = Pattern.compile("(?i)(\\d{1,6})\\s*(seconds?|secs?|s\\b|minutes?|mins?)");
  private static final Pattern ATTRIBUTION = Pattern.compile(
      "(?i)^(am|on|le|el)\\s.{4,}(schrieb|wrote|a écrit|escribió).{0,120}:\\s*$");
  private static final Pattern SEPARATOR = Pattern.compile(
      "(?i)^-{2,}\\s*(original message|ursprüngliche nachricht|weitergeleitete nachricht|forwarded message)\\s*-{2,}.*$");
  private static final Pattern OUTLOOK_HEADER = Pattern.compile("(?i)^(von|from):\\s.+$");
  private static final Pattern OUTLOOK_NEXT = Pattern.compile("(?i)^(gesendet|sent|datum|date|an|to):\\s.*$");
  private static final int MAX_DEPTH = 8;
  private static final int MAX_KNOWN = 50_000;

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
        for (String answered : new String[] {message.inReplyTo(), message.threadId()}) {
          Optional<Interaction> mail = InteractionId.ofReference(message.channel(), answered)
              .flatMap(interactions::find)
              .filter(m -> m.direction() == Direction.INBOUND);
          if (mail.isPresent()) {
            return Optional.of(mail.get().authorHandle());
          }
        }
        return Optional.empty();
      };
    }
  }

  private record Known(String sender, String replyAddress, @Nullable String subject, List<String> references) {}

  private final AdapterCore core;
  private final Clock clock;
  private final Session parseSession;
  private final Session smtpSession;
  private final InternetAddress from;
  private final @Nullable String user;
  private final @Nullable String password;
  private final ReplyAddresses replyAddresses;
  private final Map<String, Known> known = new LinkedHashMap<>(16, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Known> eldest) {
      return size() > MAX_KNOWN;
    }
  };

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
    return new ChannelCapabilities(true, false, true, null, 100_000, false, false,
        ChannelCapabilities.RateLimit.perSecond(5), true);
  }

  /** Forgets the mails the address sent: where to reply, their subjects and references. */
  @Override
  public void forget(ChannelId channel, String handle) {
    synchronized (known) {
      known.values().removeIf(k -> k.sender().equalsIgnoreCase(handle) || k.replyAddress().equalsIgnoreCase(handle));
    }
  }

  @Override
  public ParsedDelivery parse(InboundDelivery delivery) {
    return core.parse(delivery, this::parseVerified);
  }

  @Override
  public SendResult send(OutboundMessage message) {
    return core.send(message, () -> sendOpen(message));
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
      mail = new MimeMessage(parseSession, delivery.bodyStream());
    } catch (MessagingException e) {
      throw reject(Reason.MALFORMED, "not an RFC 5322 message");
    }
    try {
      return ParsedDelivery.of(List.of(read(mail)));
    } catch (MessagingException e) {
      throw reject(Reason.MALFORMED, "MIME structure could not be read (" + e.getClass().getSimpleName() + ")");
    } catch (IOException e) {
      throw reject(Reason.MALFORMED, "body could not be decoded (" + e.getClass().getSimpleName() + ")");
    }
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
    String subject = mail.getSubject();
    String inReplyTo = firstId(mail.getHeader("In-Reply-To", " "));
    List<String> references = ids(mail.getHeader("References", " "));
    String thread = !references.isEmpty() ? references.get(0) : inReplyTo != null ? inReplyTo : messageId;

    List<Attachment> attachments = new ArrayList<>();
    String body = bodyText(mail, attachments, 0);
    String text = trimQuoted(body == null ? "" : body);
    if (text.isBlank() && subject != null) {
      text = subject.strip();
    }
    if (text.length() > Interaction.MAX_TEXT_LENGTH) {
      // a mail may be longer than an interaction holds: keep its start, never half a surrogate pair
      int cut = Interaction.MAX_TEXT_LENGTH - 1;
      text = text.substring(0, Character.isHighSurrogate(text.charAt(cut - 1)) ? cut - 1 : cut) + "…";
    }
    InternetAddress replyTo = firstAddress(mail.getReplyTo(), "Reply-To");
    String handle = sender.getAddress().toLowerCase(Locale.ROOT);
    String personal = sender.getPersonal();

    List<String> chain = new ArrayList<>(references);
    if (inReplyTo != null && !chain.contains(inReplyTo)) {
      chain.add(inReplyTo);
    }
    chain.add(messageId);
    Known record = new Known(handle, replyTo != null ? replyTo.getAddress() : sender.getAddress(), subject,
        List.copyOf(chain.subList(Math.max(0, chain.size() - 20), chain.size())));
    synchronized (known) {
      // the first mail with an id wins, as in the engine's de-duplication: a later mail that reuses the
      // id (by mistake or to hijack the thread) must not redirect replies meant for the first sender
      known.putIfAbsent(messageId, record);
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

  private @Nullable InternetAddress firstAddress(Address @Nullable [] addresses, String field) {
    if (addresses == null || addresses.length == 0) {
      return null;
    }
    if (!(addresses[0] instanceof InternetAddress address) || address.getAddress() == null
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
    String disposition = part.getDisposition();
    String fileName = part.getFileName();
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
      String first = null;
      for (int i = 0; i < multipart.getCount(); i++) {
        BodyPart child = multipart.getBodyPart(i);
        if (first != null && child.getFileName() != null && !child.isMimeType("multipart/*")) {
          // after the body, a named part is a file even when shown inline (Apple Mail sends files so)
          attachments.add(fileOf(child));
          continue;
        }
        String candidate = bodyText(child, attachments, depth + 1);
        if (first == null && candidate != null) {
          first = candidate;
        }
      }
      return first;
    }
    if (part.isMimeType("message/rfc822")) {
      attachments.add(new Attachment("message", "forwarded message", "message/rfc822", null));
      return null;
    }
    if (!part.isMimeType("text/*")) {
      attachments.add(new Attachment("file", "unnamed", baseType(part), null));
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
    if (plain != null) {
      String text = text(plain);
      if (!text.isBlank()) {
        return text;
      }
    }
    if (html != null) {
      return HtmlText.toText(text(html));
    }
    return nested == null ? null : bodyText(nested, attachments, depth + 1);
  }

  private static Attachment fileOf(Part part) throws MessagingException {
    String fileName = part.getFileName();
    return new Attachment(part.isMimeType("image/*") ? "image" : "file",
        fileName == null || fileName.isBlank() ? "unnamed" : fileName, baseType(part), null);
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

  private static String text(Part part) throws MessagingException, IOException {
    Object content;
    try {
      content = part.getContent();
    } catch (UnsupportedEncodingException unknownCharset) {
      // e.g. "unknown-8bit" (RFC 1428): UTF-8 if the bytes are, else Latin-1, which maps every byte
      try (InputStream in = part.getInputStream()) {
        byte[] bytes = in.readAllBytes();
        try {
          return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException notUtf8) {
          return new String(bytes, StandardCharsets.ISO_8859_1);
        }
      }
    }
    if (content instanceof String s) {
      return s;
    }
    if (content instanceof InputStream in) {
      try (in) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    }
    return "";
  }

  /**
   * Removes a quoted earlier message and the signature from a reply's text.
   *
   * @param body the text as written
   * @return the new text only
   */
  static String trimQuoted(String body) {
    String[] lines = body.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
    int end = lines.length;
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      String joined = i + 1 < lines.length ? line + " " + lines[i + 1].strip() : line;
      if (lines[i].equals("-- ") || SEPARATOR.matcher(line).matches() || ATTRIBUTION.matcher(line).matches()
          || (!ATTRIBUTION.matcher(line).matches() && (line.startsWith("Am ") || line.startsWith("On "))
              && ATTRIBUTION.matcher(joined).matches())
          || (OUTLOOK_HEADER.matcher(line).matches() && i + 1 < lines.length
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
    if (bare.length() > 500 || bare.chars().anyMatch(c -> c <= ' ')) {
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

  private SendResult sendOpen(OutboundMessage message) {
    if (message.visibility() != Visibility.PRIVATE) {
      return SendResult.permanent("e-mail is private");
    }
    Known original = null;
    synchronized (known) {
      if (message.inReplyTo() != null) {
        original = known.get(message.inReplyTo());
      }
      if (original == null && message.threadId() != null) {
        original = known.get(message.threadId());
      }
    }
    String to = original != null ? original.replyAddress() : replyAddresses.addressFor(message).orElse(null);
    if (to == null) {
      return SendResult.permanent("no e-mail address is known for this reply");
    }
    String messageId = messageIdFor(message.idempotencyKey());
    try {
      MimeMessage mail = new MimeMessage(smtpSession) {
        @Override
        protected void updateMessageID() throws MessagingException {
          setHeader("Message-ID", "<" + messageId + ">");
        }
      };
      mail.setFrom(from);
      mail.setRecipient(Message.RecipientType.TO, new InternetAddress(to, true));
      String subject = original == null ? null : original.subject();
      mail.setSubject(replySubject(subject), "UTF-8");
      mail.setSentDate(Date.from(clock.instant()));
      List<String> references = new ArrayList<>();
      if (original != null) {
        references.addAll(original.references());
      } else if (message.threadId() != null) {
        references.add(message.threadId());
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
        mail.setHeader("References", String.join(" ", references.stream().map(r -> "<" + r + ">").toList()));
      }
      mail.setText(message.text(), "UTF-8");
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
      return smtpFailure(e);
    }
  }

  private static SendResult smtpFailure(MessagingException failure) {
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
    private Clock clock = Clock.systemUTC();
    private Duration timeout = Duration.ofSeconds(30);

    private Builder() {}

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
     * Sets the sender address of replies.
     *
     * @param value such as {@code Glasfaser Nord <service@glasfaser-nord.de>}
     * @return this builder
     */
    public Builder from(String value) {
      Objects.requireNonNull(value, "from");
      try {
        InternetAddress address = new InternetAddress(value, true);
        if (address.getAddress().indexOf('@') < 1) {
          throw new IllegalArgumentException("from must be a mail address with a domain");
        }
        from = address;
      } catch (AddressException e) {
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
     * Sets the timeout of connecting, reading and writing.
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
