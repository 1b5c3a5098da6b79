package io.scrm.benchmarks.pipeline;

import io.scrm.core.IngestResult;
import io.scrm.core.SocialCrm;
import io.scrm.core.model.Actor;
import io.scrm.core.model.Interaction;
import io.scrm.core.store.Stores;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;

/**
 * The scrm side of the pipeline benchmark: raw Telegram-style webhook bytes → streaming parse →
 * {@link SocialCrm#ingest} (de-duplicate, identity, route with 1,000 indexed keyword rules, case) →
 * an acknowledgement queued in the outbox for the first message of each conversation. Thread-safe.
 */
public final class ScrmPipeline {
  private static final Actor BOT = Actor.system("auto-ack");
  private final KeywordRouter router;
  private final int expectedSize;
  private volatile SocialCrm crm;

  /**
   * Creates the pipeline on the default in-memory stores.
   *
   * @param rules how many routing rules
   */
  public ScrmPipeline(int rules) {
    this(rules, 0);
  }

  /**
   * Creates the pipeline.
   *
   * @param rules how many routing rules
   * @param expectedSize entries the in-memory stores are sized for ({@link Stores#inMemory(int)}),
   *     or 0 for the default stores that grow as they fill
   */
  public ScrmPipeline(int rules, int expectedSize) {
    this.router = new KeywordRouter(rules);
    this.expectedSize = expectedSize;
    this.crm = newCrm();
  }

  private SocialCrm newCrm() {
    Stores stores = expectedSize > 0 ? Stores.inMemory(expectedSize) : Stores.inMemory();
    return SocialCrm.builder().clock(Clock.systemUTC()).stores(stores).intakeRouter(router).build();
  }

  /** Starts over on empty stores (keeps the heap bounded in long runs). */
  public void reset() {
    crm = newCrm();
  }

  /**
   * Returns the engine, for checks.
   *
   * @return the engine
   */
  public SocialCrm crm() {
    return crm;
  }

  /**
   * Processes one webhook body.
   *
   * @param body the raw bytes
   * @return the ingest result
   */
  public IngestResult process(byte[] body) {
    Interaction message;
    try {
      message = TelegramUpdates.parse(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    SocialCrm engine = crm;
    IngestResult result = engine.ingest(message);
    if (result.outcome() == IngestResult.Outcome.CREATED && result.caseId() != null
        && message.externalId().endsWith(":1")) {
      engine.reply(result.caseId(), BOT, "Danke für Ihre Nachricht, wir melden uns.");
    }
    return result;
  }
}
