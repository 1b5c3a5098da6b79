package io.scrm.core.store;

import io.scrm.core.internal.Require;
import io.scrm.core.model.ChannelId;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/** Poll cursors in a concurrent map. Thread-safe. */
final class InMemoryPollCursors implements PollCursorStore {
  private final ConcurrentHashMap<ChannelId, String> cursors = new ConcurrentHashMap<>();

  @Override
  public Optional<String> find(ChannelId channel) {
    return Optional.ofNullable(cursors.get(Objects.requireNonNull(channel, "channel")));
  }

  @Override
  public boolean compareAndSet(ChannelId channel, @Nullable String expected, String next) {
    Objects.requireNonNull(channel, "channel");
    Require.text(next, "next");
    return expected == null ? cursors.putIfAbsent(channel, next) == null : cursors.replace(channel, expected, next);
  }

  @Override
  public boolean delete(ChannelId channel) {
    return cursors.remove(Objects.requireNonNull(channel, "channel")) != null;
  }

  @Override
  public String toString() {
    return "InMemoryPollCursors[" + cursors.size() + " channels]";
  }
}
