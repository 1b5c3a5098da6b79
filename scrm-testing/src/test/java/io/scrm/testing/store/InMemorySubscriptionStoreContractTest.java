package io.scrm.testing.store;

import io.scrm.core.listening.SubscriptionStore;

final class InMemorySubscriptionStoreContractTest extends SubscriptionStoreContract {
  private SubscriptionStore store = SubscriptionStore.inMemory();

  @Override
  protected SubscriptionStore newStore() {
    store = SubscriptionStore.inMemory();
    return store;
  }

  @Override
  protected SubscriptionStore otherInstance() {
    return store;
  }
}
