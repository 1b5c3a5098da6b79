package io.scrm.channels;

import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.ParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A file an {@link AttachmentSource} gave for sending: its bytes, its media type and, if known, its
 * file name. Immutable and thread-safe: the bytes are copied in and out.
 *
 * @since 0.1.0
 */
public final class AttachmentFile {
  /** The longest file name kept; longer ones are refused (most file systems stop at 255). */
  private static final int MAX_NAME_LENGTH = 255;
  /** Neither a path separator nor a character of Unicode's "other" category (control, format, unassigned). */
  private static final Pattern FILE_NAME = Pattern.compile("[^\\p{C}/\\\\]{1," + MAX_NAME_LENGTH + "}");
  private static final Pattern CHARSET = Pattern.compile("[A-Za-z0-9._:+-]{1,40}");

  /** Extensions of the media types customers are sent most, for a file that came without a name. */
  private static final Map<String, String> EXTENSIONS = Map.ofEntries(
      Map.entry("image/jpeg", "jpg"), Map.entry("image/png", "png"), Map.entry("image/gif", "gif"),
      Map.entry("image/webp", "webp"), Map.entry("image/heic", "heic"), Map.entry("image/heif", "heif"),
      Map.entry("image/avif", "avif"), Map.entry("application/pdf", "pdf"), Map.entry("video/mp4", "mp4"),
      Map.entry("video/quicktime", "mov"), Map.entry("video/webm", "webm"), Map.entry("audio/mpeg", "mp3"),
      Map.entry("audio/mp4", "m4a"), Map.entry("audio/ogg", "ogg"), Map.entry("audio/wav", "wav"),
      Map.entry("audio/flac", "flac"), Map.entry("audio/aac", "aac"), Map.entry("audio/webm", "weba"),
      Map.entry("text/plain", "txt"), Map.entry("text/csv", "csv"), Map.entry("application/zip", "zip"),
      Map.entry("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
      Map.entry("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"));

  private final byte[] content;
  private final String mediaType;
  private final @Nullable String fileName;

  /**
   * Creates a file.
   *
   * @param content the file's bytes
   * @param mediaType its media type, such as {@code image/jpeg}; {@code application/octet-stream} if
   *     unknown
   * @param fileName its name as the recipient sees it, such as {@code Lageplan.pdf}; null to let the
   *     adapter name it by its position and media type ({@code attachment-2.pdf})
   * @throws IllegalArgumentException if the media type is not {@code type/subtype}, or the name is
   *     blank, longer than 255 characters, or holds a path separator or control character
   */
  public AttachmentFile(byte[] content, String mediaType, @Nullable String fileName) {
    this(mediaType, fileName, Objects.requireNonNull(content, "content").clone());
  }

  /** Takes the array as it is: for the adapter's own sources, which hand it over and keep no reference. */
  private AttachmentFile(String mediaType, @Nullable String fileName, byte[] owned) {
    Objects.requireNonNull(mediaType, "mediaType");
    String type = mediaTypeOrNull(mediaType);
    if (type == null) {
      throw new IllegalArgumentException("mediaType must be type/subtype, such as image/jpeg");
    }
    if (fileName != null && !isFileName(fileName)) {
      throw new IllegalArgumentException("fileName must be 1 to " + MAX_NAME_LENGTH
          + " characters without path separators or control characters");
    }
    this.content = owned;
    this.mediaType = type;
    this.fileName = fileName == null ? null : fileName.strip();
  }

  /**
   * Returns a file that owns the given array, without copying it.
   *
   * @param owned bytes no one else keeps a reference to
   * @param mediaType the media type
   * @param fileName the name, or null
   * @return the file
   */
  static AttachmentFile owning(byte[] owned, String mediaType, @Nullable String fileName) {
    return new AttachmentFile(mediaType, fileName, owned);
  }

  /**
   * Returns the file's bytes.
   *
   * @return a copy of the bytes
   */
  public byte[] content() {
    return content.clone();
  }

  /**
   * Returns the file's size.
   *
   * @return the number of bytes
   */
  public int size() {
    return content.length;
  }

  /**
   * Returns the media type: the base type in lower case, with its {@code charset} if one was given.
   *
   * @return such as {@code image/jpeg} or {@code text/plain; charset=UTF-8}
   */
  public String mediaType() {
    return mediaType;
  }

  /**
   * Returns the file name, if the source knew one.
   *
   * @return the name, or empty
   */
  public Optional<String> fileName() {
    return Optional.ofNullable(fileName);
  }

  /**
   * Returns a name for a file that came without one, from its position in the message and its
   * media type: {@code attachment-2.pdf}, or {@code attachment-3.bin} for a type without a known
   * extension.
   *
   * @param position the file's position in the message, from 1
   * @return the name
   */
  public String nameByPosition(int position) {
    int semicolon = mediaType.indexOf(';');
    String base = semicolon < 0 ? mediaType : mediaType.substring(0, semicolon);
    return "attachment-" + position + "." + EXTENSIONS.getOrDefault(base, "bin");
  }

  /**
   * Reads a media type, such as a {@code Content-Type} header or an attachment's declared type.
   *
   * @param value the text, or null
   * @return the base type in lower case with its charset, if any; null if the text is not {@code
   *     type/subtype}
   */
  static @Nullable String mediaTypeOrNull(@Nullable String value) {
    if (value == null || value.length() > 200 || value.chars().anyMatch(c -> c < ' ' || c == 0x7f)) {
      return null;
    }
    try {
      ContentType type = new ContentType(value.strip());
      if (type.getPrimaryType().isEmpty() || type.getSubType().isEmpty()) {
        return null;
      }
      String base = type.getBaseType().toLowerCase(Locale.ROOT);
      String charset = type.getParameter("charset");
      return charset != null && CHARSET.matcher(charset).matches() ? base + "; charset=" + charset : base;
    } catch (ParseException e) {
      return null;
    }
  }

  /** Whether a name can be a file name: no path, no control or format character (no hidden bidi override). */
  static boolean isFileName(String name) {
    return FILE_NAME.matcher(name.strip()).matches();
  }

  /** Names the media type and size only: a file name may be personal data. */
  @Override
  public String toString() {
    return "AttachmentFile[" + mediaType + ", " + content.length + " bytes]";
  }
}
