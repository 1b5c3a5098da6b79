package io.scrm.core;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The JSON mapping of scrm's domain types: instants as ISO-8601 strings, ids as plain strings (so ids
 * above 2<sup>53</sup> never pass through a floating-point number), unknown properties rejected.
 *
 * <p>Every domain record round-trips: {@code read(write(x)).equals(x)}.
 *
 * @since 0.1.0
 */
public final class ScrmJson {
  private ScrmJson() {}

  /**
   * Returns a new, configured mapper. Jackson mappers are thread-safe once configured; share one.
   *
   * @return a new mapper
   */
  public static ObjectMapper newObjectMapper() {
    return JsonMapper.builder()
        .addModule(new JavaTimeModule())
        // records are written by their components only: helper methods such as isEmpty() are no properties
        .disable(MapperFeature.AUTO_DETECT_IS_GETTERS)
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .build();
  }
}
