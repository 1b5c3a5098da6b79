package io.scrm.channels;

/**
 * Creates adapters of one kind by name; registered for {@link java.util.ServiceLoader} with
 * {@code provides io.scrm.channels.ChannelProvider with ...} in the module descriptor (or
 * {@code META-INF/services} on the class path).
 *
 * @since 0.1.0
 */
public interface ChannelProvider {

  /**
   * Returns the provider's name, e.g. {@code telegram} or {@code memory}.
   *
   * @return the name
   */
  String name();

  /**
   * Creates an adapter.
   *
   * @param config the adapter's settings
   * @return a new adapter
   * @throws IllegalArgumentException naming the setting that is missing or invalid
   */
  ChannelAdapter create(ChannelConfig config);
}
