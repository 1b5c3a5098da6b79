package io.scrm.consent;

import io.scrm.core.model.ContactId;

/**
 * What an erasure removed: the pseudonymous audit trail of an Art. 17 request. Immutable and
 * thread-safe; carries counts and a pseudonym only.
 *
 * @param requestId the request's id
 * @param pseudonym the pseudonym that replaced the subject in the ledger and the decision log
 * @param contacts contacts deleted
 * @param identities identities deleted
 * @param interactions interactions deleted
 * @param cases cases deleted
 * @param leads leads deleted
 * @param outbound outbox messages deleted
 * @param ledgerEntries consent ledger entries pseudonymised
 * @param decisions gate decisions pseudonymised
 * @param pendingOptIns pending double opt-in requests dropped
 * @since 0.1.0
 */
public record ErasureReport(String requestId, ContactId pseudonym, int contacts, int identities, int interactions,
    int cases, int leads, int outbound, int ledgerEntries, int decisions, int pendingOptIns) {}
