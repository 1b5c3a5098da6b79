package io.scrm.testing.store;

import io.scrm.core.store.Stores;

final class InMemoryStoresContractTest extends StoresContract {
  @Override
  protected Stores newStores() {
    return Stores.inMemory();
  }
}
