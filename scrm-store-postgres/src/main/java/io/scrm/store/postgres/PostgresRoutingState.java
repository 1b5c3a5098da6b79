package io.scrm.store.postgres;

import io.scrm.core.routing.Availability;
import io.scrm.core.routing.RoutingState;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Routing state on PostgreSQL, shared by every instance of the host: round-robin turns per team
 * (one atomic upsert per turn, so two instances never hand out the same turn), agent load (a
 * conditional update that never goes above capacity or below zero) and availability. Thread-safe.
 *
 * <pre>{@code
 * Assigner assigner = Assigner.builder().state(new PostgresRoutingState(dataSource)) ... .build();
 * }</pre>
 *
 * @since 0.1.0
 */
public final class PostgresRoutingState implements RoutingState {
  private final Db db;

  /**
   * Creates the state, migrating the schema first.
   *
   * @param dataSource the host's pooled data source
   */
  public PostgresRoutingState(DataSource dataSource) {
    this.db = new Db(Objects.requireNonNull(dataSource, "dataSource"));
    SchemaMigrations.migrate(db);
  }

  @Override
  public long nextTurn(String team) {
    Objects.requireNonNull(team, "team");
    return db.read("next routing turn", c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO scrm_routing_turn (team, next_turn) VALUES (?, 1) "
          + "ON CONFLICT (team) DO UPDATE SET next_turn = scrm_routing_turn.next_turn + 1 RETURNING next_turn - 1")) {
        Db.bind(ps, team);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return rs.getLong(1);
        }
      }
    });
  }

  @Override
  public int load(String agent) {
    Objects.requireNonNull(agent, "agent");
    return db.read("read agent load", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT load FROM scrm_routing_agent WHERE agent = ?")) {
        Db.bind(ps, agent);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? rs.getInt(1) : 0;
        }
      }
    });
  }

  @Override
  public boolean tryAcquire(String agent, int capacity) {
    Objects.requireNonNull(agent, "agent");
    if (capacity <= 0) {
      return false;
    }
    return db.read("acquire agent capacity", c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO scrm_routing_agent AS a (agent, load) VALUES (?, 1) "
          + "ON CONFLICT (agent) DO UPDATE SET load = a.load + 1 WHERE a.load < ?")) {
        Db.bind(ps, agent, capacity);
        return ps.executeUpdate() == 1;
      }
    });
  }

  @Override
  public void release(String agent) {
    Objects.requireNonNull(agent, "agent");
    db.read("release agent capacity", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE scrm_routing_agent SET load = load - 1 WHERE agent = ? AND load > 0")) {
        Db.bind(ps, agent);
        return ps.executeUpdate();
      }
    });
  }

  @Override
  public Availability availability(String agent) {
    Objects.requireNonNull(agent, "agent");
    return db.read("read agent availability", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT availability FROM scrm_routing_agent WHERE agent = ?")) {
        Db.bind(ps, agent);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Availability.valueOf(rs.getString(1)) : Availability.AVAILABLE;
        }
      }
    });
  }

  @Override
  public void setAvailability(String agent, Availability value) {
    Objects.requireNonNull(agent, "agent");
    Objects.requireNonNull(value, "value");
    db.read("set agent availability", c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO scrm_routing_agent (agent, availability) "
          + "VALUES (?, ?) ON CONFLICT (agent) DO UPDATE SET availability = EXCLUDED.availability")) {
        Db.bind(ps, agent, value.name());
        return ps.executeUpdate();
      }
    });
  }
}
