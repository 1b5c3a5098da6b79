package io.scrm.store.postgres;

import io.scrm.consent.PendingOptInStore;
import io.scrm.consent.contract.PendingOptInStoreContract;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

final class PostgresPendingOptInStoreContractTest extends PendingOptInStoreContract {
  @Override
  protected PendingOptInStore newStore() {
    PostgresPendingOptInStore store = new PostgresPendingOptInStore(TestDatabase.dataSource());
    try (Connection c = TestDatabase.dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute("TRUNCATE scrm_pending_opt_in, scrm_spent_opt_in");
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return store;
  }

  @Override
  protected PendingOptInStore otherInstance() {
    return new PostgresPendingOptInStore(TestDatabase.dataSource());
  }
}
