package io.scrm.core.model;

import io.scrm.core.internal.Require;
import java.time.Instant;
import java.util.Objects;

/**
 * An earlier text of an edited message. Immutable and thread-safe.
 *
 * @param text the text before the edit
 * @param replacedAt when scrm recorded the edit that replaced it
 * @since 0.1.0
 */
public record Revision(String text, Instant replacedAt) {

  /** Validates the revision. */
  public Revision {
    text = Objects.requireNonNull(Require.storable(text), "text");
    Objects.requireNonNull(replacedAt, "replacedAt");
  }
}
