package io.scrm.channels;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Settings for one adapter created through a {@link ChannelProvider}: base URLs, tokens, secrets.
 * Immutable and thread-safe. {@link #toString()} shows the keys only, so that a logged config
 * never leaks a token.
 *
 * @since 0.1.0
 */
public final class ChannelConfig {
  private final Map<String, String> settings;

  private ChannelConfig(Map<String, String> settings) {
    this.settings = settings;
  }

  /**
   * Creates a config.
   *
   * @param settings the settings (copied)
   * @return the config
   */
  public static ChannelConfig of(Map<String, String> settings) {
    Objects.requireNonNull(settings, "settings");
    return new ChannelConfig(java.util.Collections.unmodifiableMap(new TreeMap<>(settings)));
  }

  /**
   * Returns a setting.
   *
   * @param key the key
   * @return the value, or empty
   */
  public Optional<String> get(String key) {
    return Optional.ofNullable(settings.get(key));
  }

  /**
   * Returns a setting that must be present.
   *
   * @param key the key
   * @return the value
   * @throws IllegalArgumentException naming the key if it is missing or blank
   */
  public String require(String key) {
    String value = settings.get(key);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("channel setting '" + key + "' is required");
    }
    return value;
  }

  /**
   * Returns a setting or a default.
   *
   * @param key the key
   * @param fallback the default
   * @return the value or the default
   */
  public String getOrDefault(String key, String fallback) {
    return settings.getOrDefault(key, fallback);
  }

  /**
   * Lists the keys only, never values.
   *
   * @return the description
   */
  @Override
  public String toString() {
    return "ChannelConfig" + settings.keySet();
  }
}
