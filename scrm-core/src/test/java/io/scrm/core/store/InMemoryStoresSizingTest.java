package io.scrm.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scrm.core.model.ChannelId;
import io.scrm.core.model.Interaction;
import java.time.Instant;
import org.junit.jupiter.api.Test;

final class InMemoryStoresSizingTest {

  @Test
  void inMemory_negativeSize_isRefusedNamingIt() {
    assertThatThrownBy(() -> Stores.inMemory(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected size")
        .hasMessageContaining("-1");
  }

  @Test
  void inMemory_sizedSmallerThanItsContent_keepsEveryRowFindable() {
    Stores stores = Stores.inMemory(2);
    for (int i = 0; i < 500; i++) {
      stores.interactions().create(Interaction.inbound(ChannelId.TELEGRAM, "c1:" + i).thread("c1")
          .author("anna", null).text("Nachricht " + i).occurredAt(Instant.ofEpochSecond(1_772_442_000L + i)).build());
    }
    assertThat(stores.interactions().count()).isEqualTo(500);
    assertThat(stores.interactions().findByThread(ChannelId.TELEGRAM, "c1")).hasSize(500);
  }

  @Test
  void inProcess_trueForInMemoryStoresAndFalseByDefault() {
    Stores memory = Stores.inMemory();
    assertThat(memory.inProcess()).isTrue();
    Stores elsewhere = new Stores() {
      @Override
      public ContactStore contacts() {
        return memory.contacts();
      }

      @Override
      public IdentityStore identities() {
        return memory.identities();
      }

      @Override
      public InteractionStore interactions() {
        return memory.interactions();
      }

      @Override
      public CaseStore cases() {
        return memory.cases();
      }

      @Override
      public LeadStore leads() {
        return memory.leads();
      }

      @Override
      public OutboxStore outbox() {
        return memory.outbox();
      }
    };
    assertThat(elsewhere.inProcess()).isFalse();
  }
}
