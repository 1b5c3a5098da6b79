package io.scrm.testing.store;

import io.scrm.core.store.Stores;

/** The stores sized up front keep the same contract (small size: the contract's data outgrows it). */
final class SizedInMemoryStoresContractTest extends StoresContract {
  @Override
  protected Stores newStores() {
    return Stores.inMemory(4);
  }
}
