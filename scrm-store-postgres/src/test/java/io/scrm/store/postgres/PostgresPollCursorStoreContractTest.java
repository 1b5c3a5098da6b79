package io.scrm.store.postgres;

import io.scrm.core.store.PollCursorStore;
import io.scrm.testing.store.PollCursorStoreContract;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

final class PostgresPollCursorStoreContractTest extends PollCursorStoreContract {
  @Override
  protected PollCursorStore newStore() {
    PostgresPollCursorStore store = new PostgresPollCursorStore(TestDatabase.dataSource());
    try (Connection c = TestDatabase.dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute("TRUNCATE scrm_poll_cursor");
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return store;
  }

  @Override
  protected PollCursorStore otherInstance() {
    return new PostgresPollCursorStore(TestDatabase.dataSource());
  }
}
