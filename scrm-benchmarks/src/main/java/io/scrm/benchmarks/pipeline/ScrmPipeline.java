package io.scrm.benchmarks.pipeline;

import io.scrm.channels.InboundDelivery;
import io.scrm.channels.telegram.TelegramAdapter;
import io.scrm.core.IngestResult;
import io.scrm.core.SocialCrm;
import io.scrm.core.model.Actor;
import io.scrm.core.model.Interaction;
import io.scrm.core.store.Stores;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The scrm side of the pipeline benchmark: raw Telegram-style webhook bytes → parse (the
 * benchmark's own streaming parse of the fields it needs, or scrm's {@link TelegramAdapter}) →
 * {@link SocialCrm#ingest} (de-duplicate, identity, route with 1,000 indexed keyword rules, case) →
 * an acknowledgement queued in the outbox for the first message of each conversation. Thread-safe.
 */
public final class ScrmPipeline {
  private static final Actor BOT = Actor.system("auto-ack");
  private static final String SECRET = "bench-webhook-secret";
  private static final Map<String, List<String>> HEADERS = Map.of(TelegramAdapter.SECRET_HEADER, List.of(SECRET));
  private final KeywordRouter router;
  private final int expectedSize;
  private final @Nullable TelegramAdapter adapter;
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
    this(rules, expectedSize, false);
  }

  /**
   * Creates the pipeline.
   *
   * @param rules how many routing rules
   * @param expectedSize entries the in-memory stores are sized for, or 0 for stores that grow
   * @param throughAdapter true to parse every body with {@link TelegramAdapter#parse} (secret-token
   *     check, the whole {@code Update} read in one streaming pass), as a host does; false for the
   *     benchmark's streaming parse of the fields the workload needs
   */
  public ScrmPipeline(int rules, int expectedSize, boolean throughAdapter) {
    this.router = new KeywordRouter(rules);
    this.expectedSize = expectedSize;
    this.adapter = throughAdapter
        ? TelegramAdapter.builder().baseUrl("http://127.0.0.1:9").token("123456:bench").secretToken(SECRET).build()
        : null;
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
    if (adapter != null) {
      message = adapter.parse(InboundDelivery.of(body, HEADERS, Instant.EPOCH)).interactions().get(0);
    } else {
      try {
        message = TelegramUpdates.parse(body);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
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
