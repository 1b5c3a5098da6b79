package io.scrm.channels;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

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
   * Returns a setting that is {@code true} or {@code false} (in any case), or a default if it is
   * absent. Anything else is refused rather than read as false, so that a misspelt
   * {@code smtp-starttls=ture} cannot turn encryption off.
   *
   * @param key the key
   * @param fallback the value when the setting is absent
   * @return the value
   * @throws IllegalArgumentException naming the key if the setting is neither true nor false
   * @since 0.1.0
   */
  public boolean flag(String key, boolean fallback) {
    String value = settings.get(key);
    if (value == null) {
      return fallback;
    }
    if (value.trim().equalsIgnoreCase("true")) {
      return true;
    }
    if (value.trim().equalsIgnoreCase("false")) {
      return false;
    }
    throw new IllegalArgumentException("channel setting '" + key + "' must be true or false");
  }

  /**
   * Refuses settings a provider does not know, so that a misspelt one ({@code base_url} for {@code
   * base-url}) is not silently left out and its default used in its place (the platform's real
   * address, say).
   *
   * @param provider the provider's name, for the message
   * @param known the settings the provider reads
   * @return this config
   * @throws IllegalArgumentException naming the unknown settings and the known ones
   * @since 0.1.0
   */
  public ChannelConfig requireKnown(String provider, Set<String> known) {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(known, "known");
    List<String> unknown = settings.keySet().stream().filter(k -> !known.contains(k)).toList();
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("channel setting" + (unknown.size() == 1 ? " " : "s ")
          + unknown.stream().map(k -> "'" + k + "'").collect(Collectors.joining(", ")) + " unknown to provider '"
          + provider + "'; it knows " + new TreeSet<>(known));
    }
    return this;
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
