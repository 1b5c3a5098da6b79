package io.scrm.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scrm.core.model.Case;
import io.scrm.core.model.CaseId;
import io.scrm.core.model.CaseType;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.Contact;
import io.scrm.core.model.ContactId;
import io.scrm.core.model.Interaction;
import io.scrm.core.model.Priority;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
  void sizedCaseStore_sizesTheThreadTablesOfItsFirstChannelOnly() throws ReflectiveOperationException {
    int expected = 100_000;
    InMemoryStores stores = new InMemoryStores(expected);
    ChannelId[] channels = {ChannelId.TELEGRAM, ChannelId.MASTODON, ChannelId.X, ChannelId.EMAIL, ChannelId.FACEBOOK};
    for (int i = 0; i < channels.length; i++) {
      Interaction first = Interaction.inbound(channels[i], "m" + i).thread("t").author("anna", null).text("Hallo")
          .occurredAt(Instant.ofEpochSecond(1_772_442_000L)).build();
      stores.cases().create(Case.open(CaseId.of("k" + i), ContactId.of("c" + i), first, CaseType.QUESTION,
          Priority.NORMAL, first.occurredAt()));
    }
    Field cases = InMemoryStores.class.getDeclaredField("cases");
    cases.setAccessible(true);
    Object store = cases.get(stores);
    Field open = store.getClass().getDeclaredField("openByThread");
    open.setAccessible(true);
    @SuppressWarnings("unchecked")
    ByChannel<LookupTable<String, CaseId>> tables = (ByChannel<LookupTable<String, CaseId>>) open.get(store);
    List<Integer> capacities = new ArrayList<>();
    tables.forEach(t -> capacities.add(t.capacity()));

    int sized = LookupTable.capacityFor(expected, ArrayLengths.MAX);
    int small = LookupTable.capacityFor(InMemoryStores.DEFAULT_CAPACITY, ArrayLengths.MAX);
    assertThat(capacities).containsExactly(sized, small, small, small, small);
    for (int i = 0; i < channels.length; i++) {
      assertThat(stores.cases().findOpenByThread(channels[i], "t")).map(Case::id).contains(CaseId.of("k" + i));
    }
  }

  @Test
  void sizedDirectory_allocatesItsTableWithTheFirstContact() throws ReflectiveOperationException {
    InMemoryDirectory directory = new InMemoryDirectory(1_000_000);
    Field byKey = InMemoryDirectory.class.getDeclaredField("byKey");
    byKey.setAccessible(true);
    int empty = ((ProbeTable) byKey.get(directory)).capacity();

    directory.contacts().create(Contact.builder(ContactId.of("c1"), Instant.ofEpochSecond(1_772_442_000L)).build());

    assertThat(empty).as("slots of a sized directory that stays empty").isLessThan(64);
    assertThat(((ProbeTable) byKey.get(directory)).capacity()).isGreaterThanOrEqualTo(2_000_000);
    assertThat(directory.contacts().find(ContactId.of("c1"))).isPresent();
  }

  @Test
  void caseLookupsByThread_refuseANullThread_evenOnAChannelWithoutCases() {
    Stores stores = Stores.inMemory();
    assertThatThrownBy(() -> stores.cases().findOpenByThread(ChannelId.X, nothing()))
        .isInstanceOf(NullPointerException.class).hasMessage("threadId");
    assertThatThrownBy(() -> stores.cases().findLatestByThread(ChannelId.X, nothing()))
        .isInstanceOf(NullPointerException.class).hasMessage("threadId");
  }

  /** A null the compiler does not see as one. */
  private static String nothing() {
    return null;
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
