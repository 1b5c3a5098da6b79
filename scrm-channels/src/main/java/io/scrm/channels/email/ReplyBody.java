package io.scrm.channels.email;

import io.scrm.channels.AttachmentFile;
import io.scrm.core.model.Attachment;
import jakarta.activation.DataHandler;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The body of a reply: its text alone as {@code text/plain; charset=UTF-8}, or, with files, an RFC
 * 2046 {@code multipart/mixed} of the text part and one part per file, each base64-encoded (RFC 2045
 * 6.8) with {@code Content-Disposition: attachment} and its file name (RFC 2183), and the
 * attachment's description, if it has one, as {@code Content-Description} (RFC 2045 8; as RFC 2047
 * encoded words unless it is plain ASCII in short words).
 */
final class ReplyBody {
  private static final Pattern LINE_BREAKS = Pattern.compile("\\s*\\R\\s*");
  private static final String HEADER_NAME = "Content-Description: ";
  /**
   * The bytes of text an encoded word carries: 40 base64 characters, 52 with {@code =?UTF-8?B?} and
   * {@code ?=}, so that even the first, after the field's name, stays within RFC 2047's lines of 76.
   */
  private static final int WORD_BYTES = 30;
  /** Printable ASCII words of at most 50 characters between single spaces: each fits a line after the name. */
  private static final Pattern PLAIN_FIELD = Pattern.compile("[!-~]{1,50}(?: [!-~]{1,50})*");

  private ReplyBody() {}

  /**
   * Sets a reply's body.
   *
   * @param mail the reply
   * @param text its text, possibly empty when it carries files
   * @param files its files, in the order of the message's attachments
   * @param attachments the message's attachments, for their descriptions
   * @throws MessagingException if Jakarta Mail refuses a part
   */
  static void setOn(MimeMessage mail, String text, List<AttachmentFile> files, List<Attachment> attachments)
      throws MessagingException {
    if (files.isEmpty()) {
      mail.setText(text, "UTF-8");
      return;
    }
    // the text part comes first even when it is empty: RFC 2046 5.1.3 would let the files stand
    // alone, but mail clients write their body part first however short it is, readers show the
    // first text part as the body, and spam filters score a message without a text part
    // (SpamAssassin's MIME_NO_TEXT)
    MimeMultipart mixed = new MimeMultipart("mixed");
    MimeBodyPart textPart = new MimeBodyPart();
    textPart.setText(text, "UTF-8");
    mixed.addBodyPart(textPart);
    for (int i = 0; i < files.size(); i++) {
      mixed.addBodyPart(filePart(files.get(i), i + 1, attachments.get(i).description()));
    }
    mail.setContent(mixed);
  }

  private static MimeBodyPart filePart(AttachmentFile file, int position, @Nullable String description)
      throws MessagingException {
    MimeBodyPart part = new MimeBodyPart();
    part.setDataHandler(new DataHandler(new ByteArrayDataSource(file.content(), partType(file.mediaType()))));
    part.setDisposition(Part.ATTACHMENT);
    // a name beyond ASCII goes out as an RFC 2231 parameter, which Jakarta Mail writes by default
    part.setFileName(fileNameOf(file, position));
    if (description != null) {
      part.setHeader("Content-Description", MimeUtility.fold(HEADER_NAME.length(), descriptionField(description)));
    }
    // set after the data handler, which clears it; base64 keeps any bytes intact on any relay
    part.setHeader("Content-Transfer-Encoding", "base64");
    return part;
  }

  /**
   * A description as the value of a {@code Content-Description} field, before folding: one line (line
   * breaks become spaces), as it is if it is printable ASCII that folds (no run of more than 50
   * characters without a space) and holds nothing a reader would decode ({@code =?}), else as RFC
   * 2047 encoded words in UTF-8, each whole characters and short enough to fold between.
   */
  static String descriptionField(String description) {
    String line = LINE_BREAKS.matcher(description.strip()).replaceAll(" ");
    if (PLAIN_FIELD.matcher(line).matches() && !line.contains("=?")) {
      return line;
    }
    // written here: Jakarta Mail leaves ASCII unencoded and one long word unsplit
    StringBuilder field = new StringBuilder();
    ByteArrayOutputStream word = new ByteArrayOutputStream();
    for (int i = 0; i < line.length(); ) {
      int end = i + Character.charCount(line.codePointAt(i));
      byte[] character = line.substring(i, end).getBytes(StandardCharsets.UTF_8);
      if (word.size() + character.length > WORD_BYTES) {
        appendWord(field, word);
      }
      word.write(character, 0, character.length);
      i = end;
    }
    appendWord(field, word);
    return field.toString();
  }

  /** Appends the bytes as one encoded word (RFC 2047, base64), a space before all but the first. */
  private static void appendWord(StringBuilder field, ByteArrayOutputStream word) {
    if (field.length() > 0) {
      field.append(' ');
    }
    field.append("=?UTF-8?B?").append(Base64.getEncoder().encodeToString(word.toByteArray())).append("?=");
    word.reset();
  }

  /**
   * The type a file part is labelled with. A composite type cannot be: RFC 2045 6.4 allows no
   * encoding but 7bit, 8bit and binary for {@code multipart} and {@code message} entities, and a
   * file is sent base64-encoded, so such a file goes out as plain bytes under its name.
   */
  static String partType(String mediaType) {
    return mediaType.startsWith("multipart/") || mediaType.startsWith("message/") ? "application/octet-stream"
        : mediaType;
  }

  /**
   * The name a file is sent under: its own, else {@code attachment-N} with an extension for its media
   * type ({@code bin} for one without a well-known extension).
   *
   * @param file the file
   * @param position its position among the message's attachments, from 1
   * @return the name
   */
  static String fileNameOf(AttachmentFile file, int position) {
    return file.fileName().orElseGet(() -> file.nameByPosition(position));
  }
}
