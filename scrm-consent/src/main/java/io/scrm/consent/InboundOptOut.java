package io.scrm.consent;

import io.scrm.core.SocialCrm;
import io.scrm.core.consent.ConsentAction;
import io.scrm.core.event.InteractionIngested;
import io.scrm.core.event.Subscription;
import io.scrm.core.model.Actor;
import io.scrm.core.model.ContactId;
import io.scrm.core.model.Direction;
import io.scrm.core.model.Identity;
import io.scrm.core.model.Interaction;
import io.scrm.core.store.Stores;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Withdraws marketing on a channel when a person sends a stop word there ("STOP", "Abmelden", …).
 * Thread-safe.
 *
 * <p>A message counts as a stop word if its whole text, trimmed and without trailing punctuation,
 * is one of the keywords, case-insensitively. Every purpose that sends marketing on that channel is
 * withdrawn, recorded with the message id as evidence.
 *
 * @since 0.1.0
 */
public final class InboundOptOut {
  private static final Logger LOG = LoggerFactory.getLogger(InboundOptOut.class);

  /** The default stop words in English and German. */
  public static final Set<String> DEFAULT_KEYWORDS = Set.of("stop", "stopp", "unsubscribe", "abmelden",
      "abbestellen", "austragen");

  private final ConsentLedger ledger;
  private final Stores stores;
  private final Set<String> keywords;

  private InboundOptOut(ConsentLedger ledger, Stores stores, Set<String> keywords) {
    this.ledger = ledger;
    this.stores = stores;
    this.keywords = keywords;
  }

  /**
   * Returns the opt-out handler with the default keywords.
   *
   * @param ledger the ledger to record withdrawals in
   * @param stores the stores to find the author's contact in
   * @return the handler
   */
  public static InboundOptOut of(ConsentLedger ledger, Stores stores) {
    return of(ledger, stores, DEFAULT_KEYWORDS);
  }

  /**
   * Returns the opt-out handler with the given keywords.
   *
   * @param ledger the ledger
   * @param stores the stores
   * @param keywords the stop words, compared case-insensitively; not empty
   * @return the handler
   */
  public static InboundOptOut of(ConsentLedger ledger, Stores stores, Set<String> keywords) {
    Objects.requireNonNull(ledger, "ledger");
    Objects.requireNonNull(stores, "stores");
    Objects.requireNonNull(keywords, "keywords");
    if (keywords.isEmpty()) {
      throw new IllegalArgumentException("keywords must not be empty");
    }
    List<String> lower = new ArrayList<>();
    for (String k : keywords) {
      lower.add(Checks.text(k, "keyword", 64).trim().toLowerCase(Locale.ROOT));
    }
    return new InboundOptOut(ledger, stores, Set.copyOf(lower));
  }

  /**
   * Returns whether a text is a stop word.
   *
   * @param text the message text
   * @return true if it is one of the keywords
   */
  public boolean isOptOut(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    while (!t.isEmpty() && ".!;:".indexOf(t.charAt(t.length() - 1)) >= 0) {
      t = t.substring(0, t.length() - 1).trim();
    }
    return keywords.contains(t);
  }

  /**
   * Handles an inbound message: if it is a stop word, withdraws every marketing purpose on its
   * channel for its author.
   *
   * @param inbound the message
   * @return the withdrawal entries; empty if the message is no stop word or its author is unknown
   */
  public List<ConsentRecord> handle(Interaction inbound) {
    Objects.requireNonNull(inbound, "inbound");
    if (inbound.direction() != Direction.INBOUND || !isOptOut(inbound.text())) {
      return List.of();
    }
    Optional<Identity> author = stores.identities().find(inbound.author());
    if (author.isEmpty()) {
      return List.of();
    }
    ContactId subject = author.get().contactId();
    List<ConsentRecord> written = new ArrayList<>();
    for (Purpose p : ledger.purposes().all()) {
      if (p.actions().contains(ConsentAction.SEND_MARKETING) && p.allowsChannel(inbound.channel())) {
        written.add(ledger.withdraw(subject, p.id(), inbound.channel(), CollectionMethod.INBOUND_KEYWORD,
            Actor.customer(subject), Evidence.ofMessage(inbound.externalId())));
      }
    }
    LOG.debug("stop word {} from subject {}: {} purposes withdrawn on {}", inbound.id(), subject, written.size(),
        inbound.channel());
    return List.copyOf(written);
  }

  /**
   * Listens to a running engine: every ingested message is checked for a stop word.
   *
   * @param crm the engine
   * @return the subscription, to cancel listening
   */
  public Subscription attachTo(SocialCrm crm) {
    Objects.requireNonNull(crm, "crm");
    return crm.events().subscribe(InteractionIngested.class,
        e -> crm.stores().interactions().find(e.interaction()).ifPresent(this::handle));
  }
}
