package io.scrm.channels.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.scrm.channels.DeliveryRejectedException;
import io.scrm.channels.DeliveryRejectedException.Reason;
import io.scrm.core.model.Attachment;
import io.scrm.core.model.ChannelId;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import org.jspecify.annotations.Nullable;

/**
 * Reads platform JSON so that ids stay exact: a string id is kept, an integral number is kept digit
 * for digit, a fractional or exponent number is refused as lossy. Error details name fields and
 * positions only, never values. Thread-safe.
 */
public final class WireJson {
  /** The shared mapper: strict about trailing content, exact about numbers. */
  public static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
      .build();

  private final ChannelId channel;

  /**
   * Creates a reader for one channel.
   *
   * @param channel the channel named in rejections
   */
  public WireJson(ChannelId channel) {
    this.channel = channel;
  }

  /**
   * Parses bytes as one JSON value.
   *
   * @param body the bytes
   * @return the tree
   * @throws DeliveryRejectedException MALFORMED if the bytes are not one JSON value
   */
  public JsonNode parse(byte[] body) {
    return read(() -> MAPPER.readTree(body));
  }

  /**
   * Parses a body from a stream (an inbound delivery's, read without copying it).
   *
   * @param body the bytes
   * @return the tree
   * @throws DeliveryRejectedException MALFORMED if the bytes are not one JSON value
   */
  public JsonNode parse(InputStream body) {
    return read(() -> MAPPER.readTree(body));
  }

  private interface TreeRead {
    @Nullable JsonNode read() throws IOException;
  }

  private JsonNode read(TreeRead read) {
    try {
      JsonNode node = read.read();
      if (node == null || node.isMissingNode()) {
        throw reject(Reason.MALFORMED, "body is empty");
      }
      return node;
    } catch (IOException e) {
      throw unreadable(e);
    } catch (NumberFormatException | ArithmeticException e) {
      throw unreadableNumber();
    }
  }

  /**
   * Creates the rejection of a body the parser failed on: the position of a syntax error, never the
   * parser's message (it may quote the body).
   *
   * @param e the parser's or the stream's failure
   * @return the exception, MALFORMED
   */
  public DeliveryRejectedException unreadable(IOException e) {
    if (e instanceof StreamConstraintsException) {
      return reject(Reason.MALFORMED,
          "body exceeds a limit of the JSON reader (length of a number or string, or nesting depth)");
    }
    if (e instanceof JsonProcessingException syntax) {
      return notJsonAt(syntax.getLocation());
    }
    return reject(Reason.MALFORMED, "body could not be read as JSON");
  }

  /**
   * Creates the rejection of a body holding a number that cannot be converted (an exponent beyond
   * any decimal), without quoting it.
   *
   * @return the exception, MALFORMED
   */
  public DeliveryRejectedException unreadableNumber() {
    return reject(Reason.MALFORMED, "body holds a number that cannot be read");
  }

  /**
   * Creates the rejection of a body that is not one JSON value, naming the position only.
   *
   * @param location where the parser stopped, if it knows
   * @return the exception, MALFORMED
   */
  public DeliveryRejectedException notJsonAt(@Nullable JsonLocation location) {
    if (location == null) {
      return reject(Reason.MALFORMED, "body is not valid JSON");
    }
    return reject(Reason.MALFORMED, "body is not valid JSON (line " + location.getLineNr() + ", column "
        + location.getColumnNr() + ")");
  }

  /**
   * Returns a required object member.
   *
   * @param parent the object
   * @param field the member name
   * @return the member, an object
   */
  public JsonNode object(JsonNode parent, String field) {
    JsonNode node = parent.get(field);
    if (node == null || !node.isObject()) {
      throw reject(Reason.MISSING_FIELD, "'" + field + "' is missing or not an object");
    }
    return node;
  }

  /**
   * Returns an optional object member.
   *
   * @param parent the object
   * @param field the member name
   * @return the member, or null if absent or null
   */
  public @Nullable JsonNode optionalObject(JsonNode parent, String field) {
    JsonNode node = parent.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isObject()) {
      throw notA(field, "an object");
    }
    return node;
  }

  /**
   * Returns an array member, empty if absent.
   *
   * @param parent the object
   * @param field the member name
   * @return the array (possibly an empty one)
   */
  public JsonNode array(JsonNode parent, String field) {
    JsonNode node = parent.get(field);
    if (node == null || node.isNull()) {
      return MAPPER.createArrayNode();
    }
    if (!node.isArray()) {
      throw notA(field, "an array");
    }
    return node;
  }

  /**
   * Returns a required id, exactly.
   *
   * @param parent the object
   * @param field the member name
   * @return the id as text
   */
  public String id(JsonNode parent, String field) {
    String id = optionalId(parent, field);
    if (id == null) {
      throw missing(field);
    }
    return id;
  }

  /**
   * Returns an optional id, exactly.
   *
   * @param parent the object
   * @param field the member name
   * @return the id as text, or null if absent or null
   */
  public @Nullable String optionalId(JsonNode parent, String field) {
    JsonNode node = parent.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (node.isTextual()) {
      return stringId(node.textValue(), field);
    }
    if (node.isIntegralNumber()) {
      // int and long nodes print without a BigInteger; only numbers beyond a long need one
      return node.canConvertToLong() ? Long.toString(node.longValue()) : node.bigIntegerValue().toString();
    }
    if (node.isNumber()) {
      throw lossyId(field);
    }
    throw notA(field, "an id");
  }

  /**
   * Returns the id a string member gives: the text stripped, refused if blank or over 500 characters.
   * The rule of {@link #optionalId}, for readers that parse without a tree.
   *
   * @param value the member's text
   * @param field the member name
   * @return the id
   */
  public String stringId(String value, String field) {
    String text = value.strip();
    if (text.isEmpty() || text.length() > 500) {
      throw reject(Reason.MISSING_FIELD, "'" + field + "' is blank or too long");
    }
    return text;
  }

  /**
   * Creates the refusal of a number with a fraction or an exponent where an id is expected.
   *
   * @param field the member name
   * @return the exception, LOSSY_ID
   */
  public DeliveryRejectedException lossyId(String field) {
    return reject(Reason.LOSSY_ID, "'" + field + "' is not an integer and cannot be kept exactly");
  }

  /**
   * Creates the refusal of a required member that is absent or null.
   *
   * @param field the member name
   * @return the exception, MISSING_FIELD
   */
  public DeliveryRejectedException missing(String field) {
    return reject(Reason.MISSING_FIELD, "'" + field + "' is missing");
  }

  /**
   * Creates the refusal of a member of the wrong type.
   *
   * @param field the member name
   * @param expected what it should be, with its article: "a string", "an integer", "an object"
   * @return the exception, MISSING_FIELD
   */
  public DeliveryRejectedException notA(String field, String expected) {
    return reject(Reason.MISSING_FIELD, "'" + field + "' is not " + expected);
  }

  /**
   * Checks the range of an integral member: 0 to below 2^62.
   *
   * @param value the member's value, or -1 if it does not fit a long
   * @param field the member name
   * @return the value
   */
  public long inRange(long value, String field) {
    if (value < 0 || value >= 1L << 62) {
      throw reject(Reason.MALFORMED, "'" + field + "' is out of range");
    }
    return value;
  }

  /**
   * Returns a Unix time in seconds as an instant, refused beyond the year 9999.
   *
   * @param seconds the member's value, already {@linkplain #inRange in range}
   * @param field the member name
   * @return the instant
   */
  public Instant epochSeconds(long seconds, String field) {
    return epoch(seconds, 1, field);
  }

  /**
   * Returns an optional string member.
   *
   * @param parent the object
   * @param field the member name
   * @return the text, or null if absent or null
   */
  public @Nullable String optionalText(JsonNode parent, String field) {
    JsonNode node = parent.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      throw notA(field, "a string");
    }
    return node.textValue();
  }

  /**
   * Returns a file's description (alt text) from a string member, or null if the member is absent,
   * not a string, blank or longer than {@link Attachment#MAX_DESCRIPTION}: a description the model
   * cannot hold is left out, never the message that carries the file.
   *
   * @param parent the media object
   * @param field the member name
   * @return the description, or null
   */
  public static @Nullable String description(JsonNode parent, String field) {
    JsonNode node = parent.get(field);
    return node != null && node.isTextual() && !node.textValue().isBlank()
        && node.textValue().length() <= Attachment.MAX_DESCRIPTION ? node.textValue() : null;
  }

  /**
   * Returns a required string member.
   *
   * @param parent the object
   * @param field the member name
   * @return the text
   */
  public String text(JsonNode parent, String field) {
    String text = optionalText(parent, field);
    if (text == null) {
      throw missing(field);
    }
    return text;
  }

  /**
   * Returns a non-negative integral member that fits a long.
   *
   * @param parent the object
   * @param field the member name
   * @return the value, or null if absent
   */
  public @Nullable Long optionalLong(JsonNode parent, String field) {
    JsonNode node = parent.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isIntegralNumber()) {
      throw notA(field, "an integer");
    }
    return inRange(node.canConvertToLong() ? node.longValue() : -1, field);
  }

  /**
   * Returns a required Unix time in seconds as an instant.
   *
   * @param parent the object
   * @param field the member name
   * @return the instant
   */
  public Instant epochSeconds(JsonNode parent, String field) {
    Long seconds = optionalLong(parent, field);
    if (seconds == null) {
      throw missing(field);
    }
    return epoch(seconds, 1, field);
  }

  /**
   * Returns a required Unix time in milliseconds as an instant.
   *
   * @param parent the object
   * @param field the member name
   * @return the instant
   */
  public Instant epochMillis(JsonNode parent, String field) {
    Long millis = optionalLong(parent, field);
    if (millis == null) {
      throw missing(field);
    }
    return epoch(millis, 1000, field);
  }

  private Instant epoch(long value, int perSecond, String field) {
    if (value / perSecond > 253_402_300_799L) { // 9999-12-31
      throw reject(Reason.MALFORMED, "'" + field + "' is out of range");
    }
    return perSecond == 1 ? Instant.ofEpochSecond(value) : Instant.ofEpochMilli(value);
  }

  /**
   * Returns a required ISO-8601 timestamp with offset, such as {@code 2026-03-14T09:12:00.000Z}.
   *
   * @param parent the object
   * @param field the member name
   * @return the instant
   */
  public Instant timestamp(JsonNode parent, String field) {
    String text = text(parent, field);
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      throw reject(Reason.MALFORMED, "'" + field + "' is not an ISO-8601 timestamp");
    }
  }

  /**
   * Creates a rejection of this channel.
   *
   * @param reason the reason
   * @param detail the detail, without values
   * @return the exception
   */
  public DeliveryRejectedException reject(Reason reason, String detail) {
    return new DeliveryRejectedException(channel, reason, detail);
  }
}
