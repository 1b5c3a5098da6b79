package io.scrm.consent;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The privacy notice or consent text a person saw when deciding. Immutable and thread-safe.
 *
 * <p>The ledger keeps the notice's id, version and the SHA-256 hash of its text, so it can be proven
 * which wording a consent rests on without copying the text into every entry.
 *
 * @param id the notice's id, e.g. {@code newsletter-de}
 * @param version the version, at least 1
 * @param language the language as a BCP 47 tag, e.g. {@code de}
 * @param textHash the lower-case hex SHA-256 of the notice text
 * @since 0.1.0
 */
public record Notice(String id, int version, String language, String textHash) {
  private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

  /**
   * Validates the notice.
   *
   * @throws IllegalArgumentException naming the field that is invalid
   */
  public Notice {
    Checks.text(id, "id", 100);
    if (version < 1) {
      throw new IllegalArgumentException("version must be >= 1, was " + version);
    }
    Checks.text(language, "language", 35);
    Objects.requireNonNull(textHash, "textHash");
    if (!HASH.matcher(textHash).matches()) {
      throw new IllegalArgumentException("textHash must be 64 lower-case hex digits");
    }
  }

  /**
   * Returns the notice for a text, hashing the text.
   *
   * @param id the notice's id
   * @param version the version
   * @param language the language
   * @param text the exact text shown
   * @return the notice
   */
  public static Notice of(String id, int version, String language, String text) {
    Objects.requireNonNull(text, "text");
    return new Notice(id, version, language, Digests.sha256(text));
  }
}
