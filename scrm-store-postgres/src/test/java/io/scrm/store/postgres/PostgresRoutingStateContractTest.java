package io.scrm.store.postgres;

import io.scrm.core.routing.RoutingState;
import io.scrm.testing.routing.RoutingStateContract;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

final class PostgresRoutingStateContractTest extends RoutingStateContract {
  @Override
  protected RoutingState newState() {
    PostgresRoutingState state = new PostgresRoutingState(TestDatabase.dataSource());
    try (Connection c = TestDatabase.dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute("TRUNCATE scrm_routing_turn, scrm_routing_agent");
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return state;
  }

  @Override
  protected RoutingState otherInstance() {
    return new PostgresRoutingState(TestDatabase.dataSource());
  }
}
