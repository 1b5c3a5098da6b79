package io.scrm.benchmarks.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.jeasy.rules.api.Facts;
import org.jeasy.rules.api.Rules;
import org.jeasy.rules.api.RulesEngine;
import org.jeasy.rules.core.DefaultRulesEngine;
import org.jeasy.rules.core.RuleBuilder;
import org.jeasy.rules.api.RulesEngineParameters;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.statemachine.StateMachine;
import org.springframework.statemachine.config.StateMachineBuilder;
import reactor.core.publisher.Mono;

/**
 * The same workload as {@link ScrmPipeline}, assembled from peer libraries the way a team would
 * glue it together: Jackson databind tree → a concurrent set for de-duplication → Caffeine for
 * handle → contact → Easy Rules with the same 1,000 keyword rules → a Spring Statemachine rebuilt
 * from the case's state for every message → an outbox queue. Thread-safe.
 */
public final class PeerPipeline {
  enum CaseState { NEW, TRIAGED, IN_PROGRESS }

  enum CaseEvent { MESSAGE }

  /** A case of the peer pipeline: its state and routing. */
  static final class PeerCase {
    volatile CaseState state = CaseState.NEW;
    volatile String queue = "default";
  }

  private final ObjectMapper mapper = new ObjectMapper();
  private final Rules rules = new Rules();
  private final RulesEngine engine = new DefaultRulesEngine(new RulesEngineParameters().skipOnFirstAppliedRule(true));
  private volatile Set<String> seen = ConcurrentHashMap.newKeySet();
  private volatile Cache<String, String> contacts = Caffeine.newBuilder().maximumSize(100_000).build();
  private volatile Map<String, PeerCase> cases = new ConcurrentHashMap<>();
  private volatile ConcurrentLinkedQueue<String[]> outbox = new ConcurrentLinkedQueue<>();

  /**
   * Creates the pipeline.
   *
   * @param ruleCount how many routing rules
   */
  public PeerPipeline(int ruleCount) {
    for (int i = 0; i < ruleCount; i++) {
      String keyword = KeywordRouter.keyword(i);
      String queue = "queue-" + (i % 20);
      rules.register(new RuleBuilder().name("rule-" + i).priority(i)
          .when(facts -> {
            String text = facts.get("text");
            return text.contains(keyword);
          })
          .then(facts -> facts.put("queue", queue))
          .build());
    }
  }

  /** Starts over on empty state. */
  public void reset() {
    seen = ConcurrentHashMap.newKeySet();
    contacts = Caffeine.newBuilder().maximumSize(100_000).build();
    cases = new ConcurrentHashMap<>();
    outbox = new ConcurrentLinkedQueue<>();
  }

  /**
   * Returns how many cases exist.
   *
   * @return the count
   */
  public int cases() {
    return cases.size();
  }

  /**
   * Returns the queue a chat's case was routed to.
   *
   * @param chatId the chat
   * @return the queue, {@code default} if no rule applied, or null if the chat has no case
   */
  public String queueOf(String chatId) {
    PeerCase c = cases.get(chatId);
    return c == null ? null : c.queue;
  }

  /**
   * Returns how many acknowledgements were queued.
   *
   * @return the count
   */
  public int outboxSize() {
    return outbox.size();
  }

  /**
   * Processes one webhook body.
   *
   * @param body the raw bytes
   * @return false if it was a duplicate
   */
  public boolean process(byte[] body) {
    JsonNode update;
    try {
      update = mapper.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    JsonNode message = update.get("message");
    String chatId = message.get("chat").get("id").asText();
    String messageId = message.get("message_id").asText();
    if (!seen.add(chatId + ":" + messageId)) {
      return false;
    }
    JsonNode from = message.get("from");
    String handle = from.has("username") ? from.get("username").asText() : from.get("id").asText();
    contacts.get(handle, h -> UUID.randomUUID().toString());

    PeerCase peerCase = cases.get(chatId);
    String queue = null;
    if (peerCase == null) {
      // routed when the message opens the case, as scrm routes (a follow-up joins the case)
      PeerCase fresh = new PeerCase();
      peerCase = cases.putIfAbsent(chatId, fresh);
      if (peerCase == null) {
        peerCase = fresh;
        Facts facts = new Facts();
        facts.put("text", message.get("text").asText().toLowerCase(Locale.ROOT));
        engine.fire(rules, facts);
        queue = facts.get("queue");
      }
    }
    synchronized (peerCase) {
      StateMachine<CaseState, CaseEvent> machine = machine(peerCase.state);
      machine.startReactively().block();
      machine.sendEvent(Mono.just(MessageBuilder.withPayload(CaseEvent.MESSAGE).build())).blockLast();
      peerCase.state = machine.getState().getId();
      if (queue != null) {
        peerCase.queue = queue;
      }
      machine.stopReactively().block();
    }
    if ("1".equals(messageId)) {
      outbox.add(new String[] {chatId, "Danke für Ihre Nachricht, wir melden uns."});
    }
    return true;
  }

  private static StateMachine<CaseState, CaseEvent> machine(CaseState initial) {
    try {
      StateMachineBuilder.Builder<CaseState, CaseEvent> b = StateMachineBuilder.builder();
      b.configureConfiguration().withConfiguration().autoStartup(false);
      b.configureStates().withStates().initial(initial).states(EnumSet.allOf(CaseState.class));
      b.configureTransitions()
          .withExternal().source(CaseState.NEW).target(CaseState.TRIAGED).event(CaseEvent.MESSAGE).and()
          .withExternal().source(CaseState.TRIAGED).target(CaseState.IN_PROGRESS).event(CaseEvent.MESSAGE).and()
          .withInternal().source(CaseState.IN_PROGRESS).event(CaseEvent.MESSAGE);
      return b.build();
    } catch (Exception e) {
      throw new IllegalStateException("state machine could not be built", e);
    }
  }
}
