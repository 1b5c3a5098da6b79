package io.scrm.core.model;

import io.scrm.core.internal.Require;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One immutable line of a case's audit trail: who did what, when, from which state to which, on
 * which channel, and why. Immutable and thread-safe.
 *
 * <p>The audit trail answers the questions of the social CRM process: where was the matter found,
 * who found it, who handled it, when was it answered, and was there anything special.
 *
 * @param at when it happened (from the engine's clock)
 * @param actor who did it
 * @param action what was done, e.g. {@code OPEN}, {@code TRIAGE}, {@code REPLY}, {@code NOTE}
 * @param from the state before, or null if the state did not change or there was none
 * @param to the state after, or null if the state did not change
 * @param channel the channel involved, if any
 * @param note a reason or note, if any
 * @param commandId the id of the command that caused it, if any
 * @since 0.1.0
 */
public record AuditEntry(
    Instant at,
    Actor actor,
    String action,
    @Nullable CaseState from,
    @Nullable CaseState to,
    @Nullable ChannelId channel,
    @Nullable String note,
    @Nullable String commandId) {

  /**
   * Validates the entry.
   *
   * @throws IllegalArgumentException naming the field that is invalid
   */
  public AuditEntry {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(actor, "actor");
    Require.text(action, "action", 64);
    Require.optionalText(commandId, "commandId");
  }
}
