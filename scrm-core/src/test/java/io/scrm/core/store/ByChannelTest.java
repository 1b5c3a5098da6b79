package io.scrm.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.scrm.core.model.ChannelId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

final class ByChannelTest {

  @Test
  void eachChannelGetsOneTable_madeOnItsFirstRow_knowingHowManyCameBefore() {
    List<Integer> before = new ArrayList<>();
    ByChannel<List<String>> tables = new ByChannel<>(n -> {
      before.add(n);
      return new ArrayList<>();
    });

    assertThat(tables.get(ChannelId.TELEGRAM)).isNull();
    assertThat(before).isEmpty();
    List<String> telegram = tables.getOrAdd(ChannelId.TELEGRAM);
    List<String> mastodon = tables.getOrAdd(ChannelId.MASTODON);

    assertThat(telegram).isNotSameAs(mastodon);
    assertThat(tables.getOrAdd(ChannelId.TELEGRAM)).isSameAs(telegram);
    // an equal channel id that is not the constant finds the same table
    assertThat(tables.get(ChannelId.of("telegram"))).isSameAs(telegram);
    assertThat(tables.get(ChannelId.X)).isNull();
    assertThat(before).containsExactly(0, 1);

    List<List<String>> seen = new ArrayList<>();
    tables.forEach(seen::add);
    assertThat(seen).containsExactly(telegram, mastodon);
  }

  @Test
  void aReaderThatWaitsForAChannel_seesItsTableOnceAdded() throws Exception {
    ByChannel<String> tables = new ByChannel<>(n -> "table-" + n);
    List<ChannelId> channels = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      channels.add(ChannelId.of("c" + i));
    }
    List<String> read = new CopyOnWriteArrayList<>();
    CountDownLatch started = new CountDownLatch(1);
    // the reader learns of each table only through the tables' own publication
    Thread reader = new Thread(() -> {
      started.countDown();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      for (ChannelId c : channels) {
        String table;
        while ((table = tables.get(c)) == null) {
          if (System.nanoTime() > deadline) {
            return;
          }
        }
        read.add(table);
      }
    });
    reader.start();
    started.await();
    for (ChannelId c : channels) {
      tables.getOrAdd(c);
      Thread.sleep(1);
    }
    reader.join(30_000);

    assertThat(reader.isAlive()).isFalse();
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < channels.size(); i++) {
      expected.add("table-" + i);
    }
    assertThat(read).containsExactlyElementsOf(expected);
  }
}
