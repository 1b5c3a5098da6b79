package io.scrm.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.scrm.core.model.ChannelId;
import io.scrm.core.model.IdentityKey;
import io.scrm.core.model.Interaction;
import io.scrm.core.model.InteractionId;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

final class InMemoryInteractionsTest {
  private static final Instant T0 = Instant.parse("2026-11-22T08:00:00Z");

  private static Interaction message(String externalId, String thread, String author, String text) {
    return Interaction.inbound(ChannelId.TELEGRAM, externalId).thread(thread).author(author, null).text(text)
        .occurredAt(T0).build();
  }

  @Test
  void idsWithTheSameHash_areToldApart() {
    // "Aa" and "BB" have the same String hash, so the two ids do too
    InMemoryInteractions store = new InMemoryInteractions(0);
    Interaction aa = store.create(message("Aa", "t", "kunde", "erste"));
    Interaction bb = store.create(message("BB", "t", "kunde", "zweite"));
    assertThat(aa.id().value().hashCode()).isEqualTo(bb.id().value().hashCode());

    assertThat(store.find(aa.id())).contains(aa);
    assertThat(store.find(bb.id())).contains(bb);
    assertThatThrownBy(() -> store.create(message("BB", "t", "kunde", "nochmal")))
        .isInstanceOf(DuplicateKeyException.class);
    assertThat(store.delete(aa.id())).isTrue();
    assertThat(store.find(aa.id())).isEmpty();
    assertThat(store.find(bb.id())).contains(bb);
    assertThat(store.findByThread(ChannelId.TELEGRAM, "t")).containsExactly(bb);
    assertThat(store.count()).isEqualTo(1);
  }

  @Test
  void update_movesARowBetweenThreadsAndAuthors() {
    InMemoryInteractions store = new InMemoryInteractions(4);
    Interaction first = store.create(message("1", "alt", "kunde_4711", "Mein Router blinkt rot."));
    Interaction moved = store.update(first.toBuilder().thread("neu").author("kunde_0815", null).build());

    assertThat(moved.version()).isEqualTo(2);
    assertThat(store.findByThread(ChannelId.TELEGRAM, "alt")).isEmpty();
    assertThat(store.findByThread(ChannelId.TELEGRAM, "neu")).containsExactly(moved);
    assertThat(store.findByAuthor(new IdentityKey(ChannelId.TELEGRAM, "kunde_4711"))).isEmpty();
    assertThat(store.findByAuthor(new IdentityKey(ChannelId.TELEGRAM, "kunde_0815"))).containsExactly(moved);
    assertThatThrownBy(() -> store.update(first)).isInstanceOf(StaleVersionException.class);
    assertThatThrownBy(() -> store.update(message("2", "neu", "kunde_0815", "nie gespeichert")))
        .isInstanceOf(StaleVersionException.class);
  }

  @Test
  void anErasedText_isNoLongerInMemory() throws Exception {
    InMemoryInteractions store = new InMemoryInteractions(0);
    String secret = "Meine IBAN ist DE02 1203 0000 0000 2020 51";
    Interaction stored = store.create(message("1", "t", "kunde", secret));
    store.update(stored.toBuilder().text("[gelöscht]").build());

    java.lang.reflect.Field field = InMemoryInteractions.class.getDeclaredField("slab");
    field.setAccessible(true);
    RowSlab slab = (RowSlab) field.get(store);
    byte[] wanted = secret.getBytes(StandardCharsets.UTF_8);
    for (int c = 0; c < slab.chunks(); c++) {
      String chunk = new String(slab.chunkAt(c), StandardCharsets.ISO_8859_1);
      assertThat(chunk).doesNotContain(new String(wanted, StandardCharsets.ISO_8859_1));
    }
    assertThat(store.find(stored.id()).orElseThrow().text()).isEqualTo("[gelöscht]");
  }

  @Test
  void afterAWrite_theScratchBufferHoldsNothingOfTheMessage() throws Exception {
    InMemoryInteractions store = new InMemoryInteractions(0);
    String secret = "Meine IBAN ist DE02 1203 0000 0000 2020 51";
    Interaction stored = store.create(message("1", "t", "kunde", secret));
    assertThat(scratchOf(store)).containsOnly(0);
    store.update(stored.toBuilder().text("[gelöscht]").build());
    assertThat(scratchOf(store)).containsOnly(0);
    store.delete(stored.id());
    assertThat(scratchOf(store)).containsOnly(0);
  }

  private static byte[] scratchOf(InMemoryInteractions store) throws Exception {
    java.lang.reflect.Field field = InMemoryInteractions.class.getDeclaredField("scratch");
    field.setAccessible(true);
    return ((PackedBytes.Out) field.get(store)).buf;
  }

  @Test
  void randomWrites_readLikeAMap() {
    // each operation: code % 4 picks create, update, stale update or delete; code / 4 the seed of the values
    qt().withExamples(150).forAll(lists().of(integers().between(0, 4 * 500 - 1)).ofSizeBetween(0, 120))
        .checkAssert(operations -> {
          InMemoryInteractions store = new InMemoryInteractions(0);
          Map<InteractionId, Interaction> model = new LinkedHashMap<>();
          for (int code : operations) {
            Interaction drawn = PackedInteractionTest.random(code / 4).withVersion(0);
            List<Interaction> held = new ArrayList<>(model.values());
            Interaction target = held.isEmpty() ? null : held.get(code / 4 % held.size());
            switch (code % 4) {
              case 0 -> {
                if (model.containsKey(drawn.id())) {
                  assertThatThrownBy(() -> store.create(drawn)).isInstanceOf(DuplicateKeyException.class);
                } else {
                  model.put(drawn.id(), store.create(drawn));
                }
              }
              case 1 -> {
                if (target != null) {
                  Interaction next = target.toBuilder().thread(drawn.threadId())
                      .author(drawn.authorHandle(), drawn.authorName()).text(drawn.text()).build();
                  model.put(target.id(), store.update(next));
                }
              }
              case 2 -> {
                if (target != null) {
                  Interaction stale = target.withVersion(target.version() + 1);
                  assertThatThrownBy(() -> store.update(stale)).isInstanceOf(StaleVersionException.class);
                }
              }
              default -> {
                if (target != null) {
                  assertThat(store.delete(target.id())).isTrue();
                  model.remove(target.id());
                  assertThat(store.delete(target.id())).isFalse();
                }
              }
            }
          }
          assertThat(store.count()).isEqualTo(model.size());
          Comparator<Interaction> order = Comparator.comparing(Interaction::occurredAt)
              .thenComparing(Interaction::id);
          for (Interaction i : model.values()) {
            assertThat(store.find(i.id())).contains(i);
            assertThat(store.findByThread(i.channel(), i.threadId())).isEqualTo(model.values().stream()
                .filter(o -> o.channel().equals(i.channel()) && o.threadId().equals(i.threadId())).sorted(order)
                .toList());
            assertThat(store.findByAuthor(i.author())).isEqualTo(model.values().stream()
                .filter(o -> o.author().equals(i.author())).sorted(order).toList());
          }
        });
  }

  @Test
  void readersDuringWrites_seeWholeRows() throws Exception {
    InMemoryInteractions store = new InMemoryInteractions(0);
    Interaction first = store.create(message("1", "t", "kunde", text(1)));
    AtomicBoolean done = new AtomicBoolean();
    ExecutorService readers = Executors.newFixedThreadPool(2);
    try {
      List<Future<Integer>> reads = new ArrayList<>();
      for (int r = 0; r < 2; r++) {
        reads.add(readers.submit(() -> {
          int seen = 0;
          while (!done.get()) {
            // every version's text is told by its version: a torn read would not match
            Interaction found = store.find(first.id()).orElseThrow();
            assertThat(found.text()).isEqualTo(text(found.version()));
            for (Interaction inThread : store.findByThread(ChannelId.TELEGRAM, "t")) {
              assertThat(inThread.text()).isEqualTo(text(inThread.version()));
            }
            seen++;
          }
          return seen;
        }));
      }
      Interaction current = first;
      for (int i = 0; i < 3_000; i++) {
        // rows of changing length, and now and then a new one, so that chunks fill and are compacted
        current = store.update(current.toBuilder().text(text(current.version() + 1)).build());
        if (i % 100 == 0) {
          store.create(message("n" + i, "t", "kunde", text(1)));
        }
      }
      done.set(true);
      for (Future<Integer> read : reads) {
        assertThat(read.get(30, TimeUnit.SECONDS)).isPositive();
      }
    } finally {
      done.set(true);
      readers.shutdownNow();
    }
  }

  /** A text whose length and content follow from a version. */
  private static String text(long version) {
    return ("v" + version + ";").repeat((int) (version % 400) + 1);
  }
}
