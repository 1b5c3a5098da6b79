package io.scrm.store.postgres;

import io.scrm.core.store.Stores;
import io.scrm.testing.store.StoresContract;

final class PostgresStoresContractTest extends StoresContract {
  @Override
  protected Stores newStores() {
    PostgresStores stores = PostgresStores.builder().dataSource(TestDatabase.dataSource()).build();
    TestDatabase.truncate();
    return stores;
  }
}
