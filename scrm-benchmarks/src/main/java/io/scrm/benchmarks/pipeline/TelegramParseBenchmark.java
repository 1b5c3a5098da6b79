package io.scrm.benchmarks.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scrm.channels.InboundDelivery;
import io.scrm.channels.telegram.TelegramAdapter;
import io.scrm.core.model.Interaction;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The parse step of the pipeline alone, time per webhook body: scrm's {@link TelegramAdapter}
 * (secret-token check, the {@code Update} read in one streaming pass and checked, one normalized
 * interaction) against the peer pipeline's parse (Jackson databind's {@code readTree}, nothing
 * checked or normalized).
 *
 * <pre>
 * java -jar scrm-benchmarks/target/benchmarks.jar pipeline.TelegramParseBenchmark -f 1 -wi 3 -i 5 -w 2s -r 2s -prof gc
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class TelegramParseBenchmark {
  private static final String SECRET = "bench-webhook-secret";
  private static final Map<String, List<String>> HEADERS = Map.of(TelegramAdapter.SECRET_HEADER, List.of(SECRET));
  private final List<byte[]> bodies = TelegramUpdates.generate(1_000, 4, 0, 42);
  private final TelegramAdapter adapter = TelegramAdapter.builder().baseUrl("http://127.0.0.1:9")
      .token("123456:bench").secretToken(SECRET).build();
  private final ObjectMapper mapper = new ObjectMapper();
  private int next;

  /** Creates the benchmark; JMH calls this. */
  public TelegramParseBenchmark() {}

  private byte[] body() {
    byte[] body = bodies.get(next);
    next = next + 1 == bodies.size() ? 0 : next + 1;
    return body;
  }

  /**
   * scrm's adapter.
   *
   * @return the interaction
   */
  @Benchmark
  public Interaction adapter() {
    return adapter.parse(InboundDelivery.of(body(), HEADERS, Instant.EPOCH)).interactions().get(0);
  }

  /**
   * The peer pipeline's parse.
   *
   * @return the tree
   * @throws IOException never for the workload's bodies
   */
  @Benchmark
  public JsonNode jacksonTree() throws IOException {
    return mapper.readTree(body());
  }
}
