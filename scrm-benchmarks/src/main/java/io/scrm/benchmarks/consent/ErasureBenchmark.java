package io.scrm.benchmarks.consent;

import io.scrm.consent.AgentRole;
import io.scrm.consent.ConsentGate;
import io.scrm.consent.ConsentLedger;
import io.scrm.consent.DataSubjectRequests;
import io.scrm.consent.ErasureReport;
import io.scrm.core.SocialCrm;
import io.scrm.core.model.Actor;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.ContactId;
import io.scrm.core.model.Interaction;
import io.scrm.core.model.InteractionKind;
import io.scrm.core.model.Visibility;
import io.scrm.core.store.Stores;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Erasing a data subject (GDPR Art. 17) on the in-memory stores: {@link DataSubjectRequests#erase}
 * of a customer who wrote {@code messages} messages, in one chat and a public thread per hundred,
 * beside another customer's chat. The score is the time of one erasure; the engine is built and
 * filled again before each.
 *
 * <p>Run: {@code java -jar scrm-benchmarks/target/benchmarks.jar consent.ErasureBenchmark}.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5)
@Measurement(iterations = 10)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class ErasureBenchmark {
  static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
  static final Actor DPO = Actor.agent("dora");

  /** An engine holding one subject's messages, rebuilt before every erasure. */
  @State(Scope.Thread)
  public static class Subject {
    @Param({"1000", "10000"})
    public int messages;

    DataSubjectRequests requests;
    SocialCrm crm;
    ContactId subject;

    /** Builds the engine and lets the subject and a neighbour write. */
    @Setup(Level.Invocation)
    public void fill() {
      Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
      ConsentLedger ledger = ConsentLedger.builder().clock(clock).build();
      ConsentGate gate = ConsentGate.builder(ledger).role("dora", AgentRole.DATA_PROTECTION_OFFICER).build();
      crm = SocialCrm.builder().clock(clock).consentPolicy(gate).stores(Stores.inMemory(2 * messages)).build();
      for (int i = 0; i < messages; i++) {
        boolean mention = i % 100 == 99;
        subject = crm.ingest(message("m" + i, mention ? "post-" + i : "chat-juergen", "juergen_h", "Jürgen",
            "Der Router blinkt seit heute Morgen rot, Nachricht " + i, mention, i)).contact();
        if (i % 10 == 0) {
          crm.ingest(message("n" + i, "chat-maria", "maria_k", "Maria", "Wann kommt meine Bestellung?", false, i));
        }
      }
      requests = DataSubjectRequests.of(crm, gate, null);
    }

    private static Interaction message(String id, String thread, String handle, String name, String text,
        boolean mention, int second) {
      return Interaction.inbound(ChannelId.TELEGRAM, id)
          .thread(thread)
          .author(handle, name)
          .text(text)
          .occurredAt(T0.plusSeconds(second))
          .visibility(mention ? Visibility.PUBLIC : Visibility.PRIVATE)
          .kind(mention ? InteractionKind.MENTION : InteractionKind.DIRECT)
          .build();
    }
  }

  /**
   * Erases the subject.
   *
   * @param s the engine with the subject
   * @return the report, against dead-code elimination
   */
  @Benchmark
  public ErasureReport erase(Subject s) {
    return s.requests.erase(s.subject, DPO);
  }
}
