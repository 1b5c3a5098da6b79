package io.scrm.core.listening;

import io.scrm.core.IngestResult;
import io.scrm.core.event.SpikeDetected;
import io.scrm.core.model.CaseId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What {@link Listening#hear} did with a public post. Immutable and thread-safe.
 *
 * @param matches the monitors the post matched; empty if it matched none (then nothing was stored)
 * @param sentiment the classifier's reading, or null if the post matched no monitor
 * @param ingest the engine's result for the stored mention, or null if nothing was stored
 * @param spike the early warning this post triggered, if any
 * @param crisisCase the crisis case opened for the spike, if any
 * @since 0.1.0
 */
public record ListeningResult(
    List<MonitorMatch> matches,
    @Nullable Sentiment sentiment,
    @Nullable IngestResult ingest,
    @Nullable SpikeDetected spike,
    @Nullable CaseId crisisCase) {

  /** Copies the matches. */
  public ListeningResult {
    matches = List.copyOf(Objects.requireNonNull(matches, "matches"));
  }

  /**
   * Returns whether the post matched a monitor and was stored as a mention.
   *
   * @return true if heard
   */
  public boolean heard() {
    return ingest != null;
  }

  /**
   * Returns the early warning, if any.
   *
   * @return the spike
   */
  public Optional<SpikeDetected> spikeDetected() {
    return Optional.ofNullable(spike);
  }
}
