package io.scrm.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scrm.core.model.ChannelId;
import io.scrm.core.model.Interaction;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
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
    assertThat(Stores.inMemory().inProcess()).isTrue();
    // an implementation that declares nothing but the stores gets the default
    Stores bare = (Stores) Proxy.newProxyInstance(Stores.class.getClassLoader(), new Class<?>[] {Stores.class},
        (proxy, method, args) -> InvocationHandler.invokeDefault(proxy, method, args));
    assertThat(bare.inProcess()).isFalse();
  }
}
