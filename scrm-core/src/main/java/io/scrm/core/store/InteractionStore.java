package io.scrm.core.store;

import io.scrm.core.model.ChannelId;
import io.scrm.core.model.IdentityKey;
import io.scrm.core.model.Interaction;
import io.scrm.core.model.InteractionId;
import java.util.List;

/**
 * Stores {@link Interaction}s. Thread-safe.
 *
 * <p>The interaction store is the truth for inbound de-duplication: an interaction's id is derived
 * from (channel, external id), so {@link #create} of a second delivery throws {@link
 * DuplicateKeyException}.
 *
 * @since 0.1.0
 */
public interface InteractionStore extends VersionedStore<InteractionId, Interaction> {

  /**
   * Finds the interactions of a thread.
   *
   * @param channel the channel
   * @param threadId the thread
   * @return the interactions, ordered by occurrence time, then id
   */
  List<Interaction> findByThread(ChannelId channel, String threadId);

  /**
   * Finds the interactions written by an identity.
   *
   * @param author the identity
   * @return the interactions, ordered by occurrence time, then id
   */
  List<Interaction> findByAuthor(IdentityKey author);
}
