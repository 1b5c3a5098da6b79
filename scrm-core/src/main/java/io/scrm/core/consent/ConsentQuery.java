package io.scrm.core.consent;

import io.scrm.core.internal.Require;
import io.scrm.core.model.Actor;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.ContactId;
import java.time.Instant;
import java.util.Objects;

/**
 * What the consent gate is asked: may {@code actor} perform {@code action} for {@code purpose}
 * towards {@code subject} on {@code channel} at {@code at}? Immutable and thread-safe.
 *
 * @param subject the person the action concerns
 * @param purpose the processing purpose, e.g. {@code service-reply} or {@code marketing}
 * @param channel the channel involved
 * @param action the action
 * @param actor who wants to perform it
 * @param at when
 * @since 0.1.0
 */
public record ConsentQuery(
    ContactId subject, String purpose, ChannelId channel, ConsentAction action, Actor actor, Instant at) {

  /**
   * Validates the query.
   *
   * @throws IllegalArgumentException if the purpose is blank
   */
  public ConsentQuery {
    Objects.requireNonNull(subject, "subject");
    Require.text(purpose, "purpose", 64);
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(at, "at");
  }
}
