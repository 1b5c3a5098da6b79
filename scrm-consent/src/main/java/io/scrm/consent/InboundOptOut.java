package io.scrm.consent;

import io.scrm.core.SocialCrm;
import io.scrm.core.consent.ConsentAction;
import io.scrm.core.event.InteractionIngested;
import io.scrm.core.event.Subscription;
import io.scrm.core.model.Actor;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.Contact;
import io.scrm.core.model.ContactPointType;
import io.scrm.core.model.ContactId;
import io.scrm.core.model.Direction;
import io.scrm.core.model.Identity;
import io.scrm.core.model.Interaction;
import io.scrm.core.store.Stores;
import java.util.ArrayList;
import java.util.LinkedHashSet;
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
 * withdrawn, recorded with the message id as evidence: for the author's contact, and on e-mail and
 * SMS also for every contact that has the sender's address or number as a contact point (the
 * customer who replies "Abmelden" to a newsletter).
 *
 * @since 0.1.0
 */
public final class InboundOptOut {
  private static final Logger LOG = LoggerFactory.getLogger(InboundOptOut.class);

  private static final ChannelId SMS = ChannelId.of("sms");

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
    while (!t.isEmpty() && !Character.isLetterOrDigit(t.codePointBefore(t.length()))) {
      t = t.substring(0, t.offsetByCodePoints(t.length(), -1)).trim();
    }
    return keywords.contains(t);
  }

  /**
   * Handles an inbound message: if it is a stop word, withdraws every marketing purpose on its
   * channel for its author, and on e-mail and SMS for the contacts whose contact point it came from.
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
    // the address a stop word comes from may be a customer's contact point: its owners withdraw too,
    // as the handle of an address is not linked to the customer record it belongs to
    Set<ContactId> subjects = new LinkedHashSet<>();
    subjects.add(author.get().contactId());
    ContactPointType type = inbound.channel().equals(ChannelId.EMAIL) ? ContactPointType.EMAIL
        : inbound.channel().equals(SMS) ? ContactPointType.PHONE : null;
    if (type != null) {
      for (Contact owner : stores.contacts().findByContactPoint(type, inbound.author().handle())) {
        subjects.add(owner.id());
      }
    }
    List<ConsentRecord> written = new ArrayList<>();
    for (ContactId subject : subjects) {
      for (Purpose p : ledger.purposes().all()) {
        if (p.actions().contains(ConsentAction.SEND_MARKETING) && p.allowsChannel(inbound.channel())) {
          written.add(ledger.withdraw(subject, p.id(), inbound.channel(), CollectionMethod.INBOUND_KEYWORD,
              Actor.customer(subject), Evidence.ofMessage(inbound.externalId())));
        }
      }
      LOG.debug("stop word {} from subject {}: purposes withdrawn on {}", inbound.id(), subject, inbound.channel());
    }
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
