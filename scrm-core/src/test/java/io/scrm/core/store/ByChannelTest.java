package io.scrm.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.scrm.core.model.ChannelId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

final class ByChannelTest {

  @Test
  void eachChannelGetsOneTable_madeOnItsFirstRow() {
    AtomicInteger made = new AtomicInteger();
    ByChannel<List<String>> tables = new ByChannel<>(() -> {
      made.incrementAndGet();
      return new ArrayList<>();
    });

    assertThat(tables.get(ChannelId.TELEGRAM)).isNull();
    assertThat(made).hasValue(0);
    List<String> telegram = tables.getOrAdd(ChannelId.TELEGRAM);
    List<String> mastodon = tables.getOrAdd(ChannelId.MASTODON);

    assertThat(telegram).isNotSameAs(mastodon);
    assertThat(tables.getOrAdd(ChannelId.TELEGRAM)).isSameAs(telegram);
    // an equal channel id that is not the constant finds the same table
    assertThat(tables.get(ChannelId.of("telegram"))).isSameAs(telegram);
    assertThat(tables.get(ChannelId.X)).isNull();
    assertThat(made).hasValue(2);

    List<List<String>> seen = new ArrayList<>();
    tables.forEach(seen::add);
    assertThat(seen).containsExactly(telegram, mastodon);
  }

  @Test
  void readersWhileChannelsAreAdded_seeEveryTableAddedBeforeThem() throws Exception {
    ByChannel<String> tables = new ByChannel<>(() -> "table");
    List<ChannelId> channels = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      channels.add(ChannelId.of("c" + i));
    }
    AtomicInteger added = new AtomicInteger();
    List<Throwable> failures = new ArrayList<>();
    Thread reader = new Thread(() -> {
      while (added.get() < channels.size()) {
        int upTo = added.get();
        for (int i = 0; i < upTo; i++) {
          if (tables.get(channels.get(i)) == null) {
            synchronized (failures) {
              failures.add(new AssertionError("table of " + channels.get(i) + " not seen"));
            }
            return;
          }
        }
      }
    });
    reader.start();
    for (ChannelId c : channels) {
      tables.getOrAdd(c);
      added.incrementAndGet();
    }
    reader.join(10_000);
    assertThat(failures).isEmpty();
    for (ChannelId c : channels) {
      assertThat(tables.get(c)).isEqualTo("table");
    }
  }
}
