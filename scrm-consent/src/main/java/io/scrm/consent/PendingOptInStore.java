package io.scrm.consent;

import io.scrm.core.model.ChannelId;
import io.scrm.core.model.ContactId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where {@link DoubleOptIn} keeps its pending requests, by the SHA-256 of their tokens (never the
 * tokens), and the marks of tokens spent. A request holds the subject's id and the form fields they
 * submitted, so it is personal data: a data-subject export lists it ({@link #ofSubject}), an erasure
 * removes it ({@link #removeSubject}), and {@link #purge} removes it once older than the pending
 * retention, confirmed or not.
 *
 * <p>Implementations are thread-safe, and {@link #take} is atomic, also across the instances of a
 * host that share a database: of several instances confirming one token at once, exactly one takes
 * the request, and the others find the token spent. {@link #inMemory()} is the embedded default; a
 * database implementation serves hosts with several instances, or whose confirmation links must
 * outlast a restart.
 *
 * @since 0.1.0
 */
public interface PendingOptInStore {

  /**
   * A pending double opt-in request.
   *
   * @param tokenHash the lower-case hex SHA-256 of the token; the key
   * @param subject the data subject
   * @param purpose the purpose's id
   * @param channel the channel the consent is for
   * @param notice the notice shown with the form
   * @param submitted the purpose's declared form fields as submitted
   * @param evidence the form evidence, with the fields' and the token's hashes
   * @param requestedAt when it was requested
   * @param expiresAt when the token runs out
   * @param requestSequence the ledger sequence of its {@link ConsentState#REQUESTED} entry
   * @since 0.1.0
   */
  record Pending(String tokenHash, ContactId subject, String purpose, ChannelId channel, Notice notice,
      Map<String, String> submitted, Evidence evidence, Instant requestedAt, Instant expiresAt,
      long requestSequence) {
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

    /**
     * Validates the request.
     *
     * @throws NullPointerException if a field is missing
     * @throws IllegalArgumentException if the token hash is no SHA-256 in lower-case hex, the request
     *     expires before it was made, or the sequence is negative
     */
    public Pending {
      Objects.requireNonNull(tokenHash, "tokenHash");
      if (!HASH.matcher(tokenHash).matches()) {
        throw new IllegalArgumentException("tokenHash must be 64 lower-case hex digits");
      }
      Objects.requireNonNull(subject, "subject");
      Objects.requireNonNull(purpose, "purpose");
      Objects.requireNonNull(channel, "channel");
      Objects.requireNonNull(notice, "notice");
      submitted = Map.copyOf(Objects.requireNonNull(submitted, "submitted"));
      Objects.requireNonNull(evidence, "evidence");
      Objects.requireNonNull(requestedAt, "requestedAt");
      Objects.requireNonNull(expiresAt, "expiresAt");
      if (expiresAt.isBefore(requestedAt)) {
        throw new IllegalArgumentException("expiresAt must not be before requestedAt");
      }
      if (requestSequence < 0) {
        throw new IllegalArgumentException("requestSequence must be >= 0, was " + requestSequence);
      }
    }

    /** Names the request by its ids only: the form fields and the evidence are personal data. */
    @Override
    public String toString() {
      return "Pending[subject=" + subject + ", purpose=" + purpose + ", channel=" + channel + ", requestedAt="
          + requestedAt + ", expiresAt=" + expiresAt + ", requestSequence=" + requestSequence + "]";
    }
  }

  /**
   * Stores a pending request, unless one with its token hash is stored already.
   *
   * @param pending the request
   * @return true if it was stored
   * @throws io.scrm.core.store.StoreException if the store failed
   */
  boolean add(Pending pending);

  /**
   * Takes a pending request out, atomically, and marks its token spent (as of the request's time,
   * which {@link #purge} goes by). Of several callers taking one token at once, exactly one gets
   * the request.
   *
   * @param tokenHash the token's hash
   * @return the request, or empty if none is pending under the hash
   * @throws io.scrm.core.store.StoreException if the store failed; nothing was taken
   */
  Optional<Pending> take(String tokenHash);

  /**
   * Puts a taken request back and clears its token's spent mark, after its confirmation could not
   * be recorded; keeps a request stored under its hash meanwhile.
   *
   * @param pending the request {@link #take} returned
   * @throws io.scrm.core.store.StoreException if the store failed
   */
  void putBack(Pending pending);

  /**
   * Returns whether a token was spent: its request was taken, and not put back or purged since.
   *
   * @param tokenHash the token's hash
   * @return true if spent
   * @throws io.scrm.core.store.StoreException if the store failed
   */
  boolean isSpent(String tokenHash);

  /**
   * Removes a pending request without marking its token spent.
   *
   * @param tokenHash the token's hash
   * @return true if there was one
   * @throws io.scrm.core.store.StoreException if the store failed
   */
  boolean remove(String tokenHash);

  /**
   * Removes every pending request of a subject, with its form fields (erasure).
   *
   * @param subject the data subject
   * @return how many were removed
   * @throws io.scrm.core.store.StoreException if the store failed
   */
  int removeSubject(ContactId subject);

  /**
   * Returns the pending requests of a subject.
   *
   * @param subject the data subject
   * @return the requests, oldest first, then by token hash
   * @throws io.scrm.core.store.StoreException if the store failed
   */
  List<Pending> ofSubject(ContactId subject);

  /**
   * Counts the pending requests, of every subject.
   *
   * @return the number of pending requests
   * @throws io.scrm.core.store.StoreException if the store failed
   */
  int count();

  /**
   * Removes the pending requests made at or before a time, with their form fields, and the spent
   * marks of tokens requested at or before it.
   *
   * @param cutoff the time
   * @return how many pending requests were removed
   * @throws io.scrm.core.store.StoreException if the store failed
   */
  int purge(Instant cutoff);

  /**
   * Returns a new, empty, thread-safe in-memory store. Requests last as long as the process: a
   * confirmation link clicked after a restart, or on another instance of the host, confirms nothing.
   * Such hosts keep the requests in a database.
   *
   * @return an empty store
   */
  static PendingOptInStore inMemory() {
    return new InMemoryPendingOptIns();
  }
}
