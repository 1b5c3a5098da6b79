package io.scrm.consent;

import io.scrm.consent.contract.PendingOptInStoreContract;

final class InMemoryPendingOptInStoreContractTest extends PendingOptInStoreContract {
  private PendingOptInStore store = PendingOptInStore.inMemory();

  @Override
  protected PendingOptInStore newStore() {
    store = PendingOptInStore.inMemory();
    return store;
  }

  @Override
  protected PendingOptInStore otherInstance() {
    return store;
  }
}
