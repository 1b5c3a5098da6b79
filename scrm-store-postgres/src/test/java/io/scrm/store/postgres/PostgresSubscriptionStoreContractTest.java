package io.scrm.store.postgres;

import io.scrm.core.listening.SubscriptionStore;
import io.scrm.testing.store.SubscriptionStoreContract;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

final class PostgresSubscriptionStoreContractTest extends SubscriptionStoreContract {
  @Override
  protected SubscriptionStore newStore() {
    PostgresSubscriptionStore store = new PostgresSubscriptionStore(TestDatabase.dataSource());
    try (Connection c = TestDatabase.dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute("TRUNCATE scrm_subscription");
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return store;
  }

  @Override
  protected SubscriptionStore otherInstance() {
    return new PostgresSubscriptionStore(TestDatabase.dataSource());
  }
}
