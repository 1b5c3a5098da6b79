package io.scrm.channels.internal;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A {@code multipart/form-data} request body (RFC 7578) of text fields and files, for the platforms
 * whose uploads take one (Mastodon's media, X's media parts). Field names, file names and media
 * types go into part headers as they are: callers pass names of their own making (ASCII, without
 * quotes or line breaks) and media types read by {@code AttachmentFile}. A text field's value is
 * written in UTF-8, the form's default charset (RFC 7578, section 5.1). Not thread-safe; build one
 * per request.
 */
public final class Multipart {
  private final String boundary = "scrm-" + UUID.randomUUID();
  private final List<HttpRequest.BodyPublisher> parts = new ArrayList<>();

  /**
   * Adds a text field.
   *
   * @param name the field's name
   * @param value its value, any text (written in UTF-8)
   * @return this body
   */
  public Multipart field(String name, String value) {
    ascii("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n");
    parts.add(HttpRequest.BodyPublishers.ofString(value, StandardCharsets.UTF_8));
    ascii("\r\n");
    return this;
  }

  /**
   * Adds a file, or a part of one.
   *
   * @param name the field's name
   * @param fileName the file name the part carries
   * @param mediaType the part's media type
   * @param content the bytes, not copied: the array must stay unchanged until the request is sent
   * @param from where the part starts in {@code content}
   * @param length how many bytes it has
   * @return this body
   */
  public Multipart file(String name, String fileName, String mediaType, byte[] content, int from, int length) {
    Objects.checkFromIndexSize(from, length, content.length);
    ascii("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + fileName
        + "\"\r\nContent-Type: " + mediaType + "\r\n\r\n");
    parts.add(HttpRequest.BodyPublishers.ofByteArray(content, from, length));
    ascii("\r\n");
    return this;
  }

  /**
   * Returns the request's {@code Content-Type}.
   *
   * @return {@code multipart/form-data} with this body's boundary
   */
  public String contentType() {
    return "multipart/form-data; boundary=" + boundary;
  }

  /**
   * Returns the body, closed by the final boundary.
   *
   * @return the body's publisher
   */
  public HttpRequest.BodyPublisher publisher() {
    List<HttpRequest.BodyPublisher> all = new ArrayList<>(parts);
    all.add(HttpRequest.BodyPublishers.ofString("--" + boundary + "--\r\n", StandardCharsets.US_ASCII));
    return HttpRequest.BodyPublishers.concat(all.toArray(HttpRequest.BodyPublisher[]::new));
  }

  private void ascii(String text) {
    parts.add(HttpRequest.BodyPublishers.ofString(text, StandardCharsets.US_ASCII));
  }
}
