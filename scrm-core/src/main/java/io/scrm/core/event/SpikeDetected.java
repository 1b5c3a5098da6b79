package io.scrm.core.event;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Early warning: the rate of negative public mentions of a topic rose significantly above its
 * learned baseline. Carries the evidence; author handles are pseudonymous identity keys. Immutable.
 *
 * @param at when the spike was detected (the time of the mention that crossed the threshold)
 * @param topic the monitor or topic
 * @param bucketStart the start of the time bucket in which the spike was seen
 * @param bucketWidth the width of the time buckets
 * @param count negative mentions in the bucket so far
 * @param baseline the learned mean count per bucket
 * @param threshold the count the bucket had to reach
 * @param topAuthors the most frequent authors in the bucket (identity keys), most frequent first
 * @param topTerms the most frequent monitor terms in the bucket, most frequent first
 * @since 0.1.0
 */
public record SpikeDetected(
    Instant at,
    String topic,
    Instant bucketStart,
    Duration bucketWidth,
    long count,
    double baseline,
    double threshold,
    List<String> topAuthors,
    List<String> topTerms) implements CrmEvent {

  /** Copies the lists. */
  public SpikeDetected {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(topic, "topic");
    topAuthors = List.copyOf(topAuthors);
    topTerms = List.copyOf(topTerms);
  }
}
