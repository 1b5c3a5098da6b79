package io.scrm.consent;

import io.scrm.core.model.ActorType;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.ContactId;

/**
 * An agent or system tried to turn a data subject's withdrawal, objection or a revocation back into
 * consent. Only the data subject can do that, by giving consent again.
 *
 * @since 0.1.0
 */
public final class ConsentReversalException extends ConsentException {
  private static final long serialVersionUID = 1L;
  private final ContactId subject;
  private final String purpose;
  private final ChannelId channel;
  private final ConsentState blockingState;
  private final ActorType actorType;

  /**
   * Creates the exception.
   *
   * @param subject the data subject
   * @param purpose the purpose id
   * @param channel the channel
   * @param blockingState the state that blocks the grant
   * @param actorType who tried
   */
  public ConsentReversalException(ContactId subject, String purpose, ChannelId channel, ConsentState blockingState,
      ActorType actorType) {
    super("subject " + subject + " is " + blockingState + " for " + purpose + " on " + channel
        + "; only the subject can consent again, not " + actorType);
    this.subject = subject;
    this.purpose = purpose;
    this.channel = channel;
    this.blockingState = blockingState;
    this.actorType = actorType;
  }

  /**
   * Returns the data subject.
   *
   * @return the subject
   */
  public ContactId subject() {
    return subject;
  }

  /**
   * Returns the purpose id.
   *
   * @return the purpose
   */
  public String purpose() {
    return purpose;
  }

  /**
   * Returns the channel.
   *
   * @return the channel
   */
  public ChannelId channel() {
    return channel;
  }

  /**
   * Returns the state that blocks the grant.
   *
   * @return the state
   */
  public ConsentState blockingState() {
    return blockingState;
  }

  /**
   * Returns the kind of actor that tried.
   *
   * @return the actor type
   */
  public ActorType actorType() {
    return actorType;
  }
}
