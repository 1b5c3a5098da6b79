package io.scrm.benchmarks.outbox;

import io.scrm.core.model.ChannelId;
import io.scrm.core.model.ContactId;
import io.scrm.core.model.OutboundId;
import io.scrm.core.model.OutboundMessage;
import io.scrm.core.model.Visibility;
import io.scrm.core.store.OutboxStore;
import io.scrm.core.store.Stores;
import java.time.Instant;
import java.util.List;
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
 * Draining a backlog from the in-memory outbox the way a dispatcher does: claim a batch of 100 due
 * messages, record each as sent, until nothing is due. A backlog builds up whenever a channel is down
 * or rate-limited for a while; what one claim costs then decides how fast the outbox catches up.
 *
 * <p>{@code backoff} is the share of the backlog, the oldest messages, that waits for a retry later
 * than now: each claim passes over them.
 *
 * <p>Run: {@code java -jar scrm-benchmarks/target/benchmarks.jar OutboxDrain}. The score is the time
 * of one whole drain.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class OutboxDrainBenchmark {
  static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
  static final int BATCH = 100;

  /** A filled outbox, rebuilt before every drain. */
  @State(Scope.Thread)
  public static class Backlog {
    @Param({"10000", "100000"})
    public int messages;

    @Param({"0", "0.5"})
    public double backoff;

    /** Milliseconds between the messages' creation times; 0 creates them all at one instant. */
    @Param({"1"})
    public int spacingMillis;

    OutboxStore outbox;
    Instant now;

    /** Stores the backlog: messages {@code spacingMillis} apart, the oldest share waiting for a retry. */
    @Setup(Level.Invocation)
    public void fill() {
      outbox = Stores.inMemory(messages).outbox();
      int waiting = (int) (messages * backoff);
      Instant later = T0.plusSeconds(7_200);
      for (int i = 0; i < messages; i++) {
        // the waiting messages are chats of their own: a chat's later messages would wait behind them
        String chat = (i < waiting ? "waiting-" : "chat-") + i % 5_000;
        OutboundMessage m = outbox.create(OutboundMessage.pending(OutboundId.of("o-" + i), null,
            ContactId.of("c-" + i % 5_000), ChannelId.TELEGRAM, chat, null, Visibility.PRIVATE,
            "Danke für Ihre Nachricht, wir melden uns.", "service-reply", T0.plusMillis((long) i * spacingMillis)));
        if (i < waiting) {
          outbox.update(m.retryLater("HTTP 429", later));
        }
      }
      now = T0.plusSeconds(3_600);
    }
  }

  /**
   * Claims and sends until nothing is due.
   *
   * @param b the backlog
   * @return the number of messages sent
   */
  @Benchmark
  public int drain(Backlog b) {
    return drain(b.outbox, b.now);
  }

  static int drain(OutboxStore outbox, Instant now) {
    Instant lease = now.plusSeconds(30);
    int sent = 0;
    List<OutboundMessage> batch;
    while (!(batch = outbox.claimDue(now, lease, BATCH)).isEmpty()) {
      for (OutboundMessage m : batch) {
        outbox.update(m.sent("tg-" + m.id().value()));
        sent++;
      }
    }
    return sent;
  }
}
