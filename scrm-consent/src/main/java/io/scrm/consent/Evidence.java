package io.scrm.consent;

import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What proves a consent event: the form, the page, the shortened IP address, the hash of the
 * submitted fields, the hash of the double opt-in token, the message id. Immutable and thread-safe.
 *
 * <p>IP addresses are never stored in full: {@link Builder#ip(String)} keeps an IPv4 /24 or an
 * IPv6 /48 prefix. Submitted fields are stored only as a hash.
 *
 * @param formId the form's id, if any
 * @param page the page the form was on, if any
 * @param ipPrefix the shortened IP address, if any
 * @param fieldsHash the SHA-256 of the submitted fields, if any
 * @param tokenHash the SHA-256 of the double opt-in token, if any
 * @param messageId the id of the message that carried the event (e.g. an inbound STOP), if any
 * @since 0.1.0
 */
public record Evidence(
    @Nullable String formId,
    @Nullable String page,
    @Nullable String ipPrefix,
    @Nullable String fieldsHash,
    @Nullable String tokenHash,
    @Nullable String messageId) {

  /** No evidence beyond the entry itself (withdrawals, expiries, merges). */
  public static final Evidence NONE = new Evidence(null, null, null, null, null, null);

  /**
   * Validates the evidence.
   *
   * @throws IllegalArgumentException naming the field that is blank or too long
   */
  public Evidence {
    Checks.optionalText(formId, "formId", 200);
    Checks.optionalText(page, "page", 2000);
    Checks.optionalText(ipPrefix, "ipPrefix", 64);
    Checks.optionalText(fieldsHash, "fieldsHash", 64);
    Checks.optionalText(tokenHash, "tokenHash", 64);
    Checks.optionalText(messageId, "messageId", 512);
  }

  /**
   * Returns evidence that consists of a message id.
   *
   * @param messageId the message's id
   * @return the evidence
   */
  public static Evidence ofMessage(String messageId) {
    return builder().messageId(messageId).build();
  }

  /**
   * Returns a builder.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns whether nothing is recorded.
   *
   * @return true if every field is null
   */
  public boolean isEmpty() {
    return equals(NONE);
  }

  /**
   * Shortens an IP address: IPv4 keeps the first three octets ({@code 192.0.2.0}), IPv6 the first
   * three groups ({@code 2001:db8:1::}).
   *
   * @param ip the full address
   * @return the shortened address
   * @throws IllegalArgumentException if the text is neither an IPv4 nor an IPv6 address
   */
  public static String shortenIp(String ip) {
    Objects.requireNonNull(ip, "ip");
    String s = ip.trim();
    if (s.matches("\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}")) {
      return s.substring(0, s.lastIndexOf('.')) + ".0";
    }
    if (s.indexOf(':') >= 0 && s.matches("[0-9A-Fa-f:.]+")) {
      String[] groups = s.split(":", -1);
      StringBuilder out = new StringBuilder();
      int kept = 0;
      for (String g : groups) {
        if (g.isEmpty() || kept == 3) {
          break;
        }
        out.append(g.toLowerCase(java.util.Locale.ROOT)).append(':');
        kept++;
      }
      return out.append(':').toString();
    }
    throw new IllegalArgumentException("ip must be an IPv4 or IPv6 address");
  }

  /**
   * Builds {@link Evidence}. Not thread-safe; each setter validates at once.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private @Nullable String formId;
    private @Nullable String page;
    private @Nullable String ipPrefix;
    private @Nullable String fieldsHash;
    private @Nullable String tokenHash;
    private @Nullable String messageId;

    private Builder() {}

    /**
     * Sets the form id.
     *
     * @param value the form's id
     * @return this builder
     */
    public Builder form(String value) {
      formId = Checks.text(value, "formId", 200);
      return this;
    }

    /**
     * Sets the page.
     *
     * @param value the page address
     * @return this builder
     */
    public Builder page(String value) {
      page = Checks.text(value, "page", 2000);
      return this;
    }

    /**
     * Sets the IP address, shortened at once; the full address is never kept.
     *
     * @param value the full IP address
     * @return this builder
     */
    public Builder ip(String value) {
      ipPrefix = shortenIp(value);
      return this;
    }

    /**
     * Sets the hash of the submitted fields, computed here; the values are never kept.
     *
     * @param submitted the submitted fields
     * @return this builder
     */
    public Builder fields(Map<String, String> submitted) {
      fieldsHash = Digests.sha256(Objects.requireNonNull(submitted, "fields"));
      return this;
    }

    /**
     * Sets the message id.
     *
     * @param value the message's id
     * @return this builder
     */
    public Builder messageId(String value) {
      messageId = Checks.text(value, "messageId", 512);
      return this;
    }

    Builder tokenHash(String value) {
      tokenHash = value;
      return this;
    }

    /**
     * Builds the evidence.
     *
     * @return the evidence
     */
    public Evidence build() {
      return new Evidence(formId, page, ipPrefix, fieldsHash, tokenHash, messageId);
    }
  }
}
