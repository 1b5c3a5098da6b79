package io.scrm.store.postgres;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scrm.core.store.DuplicateKeyException;
import io.scrm.core.store.StaleVersionException;
import io.scrm.core.store.VersionedStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.StringJoiner;
import org.jspecify.annotations.Nullable;

/**
 * A versioned store on one table: the entity as a JSONB document, its version in a column, and the
 * columns its queries and unique keys need. Updates are {@code UPDATE ... WHERE key AND version = ?}
 * in one statement; side tables change in the same transaction.
 */
abstract class JdbcVersionedStore<K, V> implements VersionedStore<K, V> {
  /** The version {@link #deleteAt} deletes at whatever the entity's version. */
  static final long ANY_VERSION = -1;

  final Db db;
  final ObjectMapper json;
  final String entity;
  final String table;
  private final Class<V> type;
  private final List<String> keyColumns;

  JdbcVersionedStore(Db db, ObjectMapper json, String entity, String table, Class<V> type, List<String> keyColumns) {
    this.db = db;
    this.json = json;
    this.entity = entity;
    this.table = table;
    this.type = type;
    this.keyColumns = keyColumns;
  }

  abstract K key(V value);

  abstract List<Object> keyValues(K key);

  abstract long version(V value);

  abstract V withVersion(V value, long version);

  /** All columns but version and doc, key columns first, in a stable order. */
  abstract Map<String, Object> columns(V value);

  /** Maintains side tables after a write; {@code next} is null on delete. */
  void afterWrite(Connection c, @Nullable V previous, @Nullable V next) throws SQLException {}

  /** The duplicate to report when a unique key other than the primary key is violated. */
  DuplicateKeyException duplicate(V value) {
    return new DuplicateKeyException(entity, key(value).toString());
  }

  @Override
  public Optional<V> find(K key) {
    Objects.requireNonNull(key, "key");
    return db.read("find " + entity, c -> findIn(c, key, false));
  }

  Optional<V> findIn(Connection c, K key, boolean forUpdate) throws SQLException {
    String sql = "SELECT version, doc FROM " + table + " WHERE " + keyWhere() + (forUpdate ? " FOR UPDATE" : "");
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      Db.bind(ps, keyValues(key).toArray());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(read(rs)) : Optional.empty();
      }
    }
  }

  @Override
  public V create(V value) {
    Objects.requireNonNull(value, "value");
    if (version(value) != 0) {
      throw new IllegalArgumentException("version must be 0 to create a " + entity + ", was " + version(value));
    }
    V stored = withVersion(value, 1);
    return db.tx("create " + entity, c -> {
      if (findIn(c, key(value), false).isPresent()) {
        throw new DuplicateKeyException(entity, key(value).toString());
      }
      Map<String, Object> cols = columns(stored);
      StringJoiner names = new StringJoiner(", ");
      StringJoiner marks = new StringJoiner(", ");
      cols.keySet().forEach(n -> {
        names.add(n);
        marks.add("?");
      });
      // an id taken by a create that raced this one is a duplicate of the id, as in memory; only the
      // other unique keys (an open case or lead of the thread, an idempotency key) fail the statement
      String sql = "INSERT INTO " + table + " (" + names + ", version, doc) VALUES (" + marks + ", ?, CAST(? AS jsonb))"
          + " ON CONFLICT (" + String.join(", ", keyColumns) + ") DO NOTHING";
      List<Object> params = new ArrayList<>(cols.values());
      params.add(1L);
      params.add(write(stored));
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        Db.bind(ps, params.toArray());
        if (ps.executeUpdate() != 1) {
          throw new DuplicateKeyException(entity, key(value).toString());
        }
      }
      afterWrite(c, null, stored);
      return stored;
    }, () -> duplicate(value));
  }

  @Override
  public V update(V value) {
    Objects.requireNonNull(value, "value");
    K key = key(value);
    long expected = version(value);
    V stored = withVersion(value, expected + 1);
    return db.tx("update " + entity, c -> {
      Optional<V> previous = findIn(c, key, true);
      if (previous.isEmpty() || version(previous.get()) != expected) {
        throw new StaleVersionException(entity, key.toString(), expected, previous.map(this::version).orElse(-1L));
      }
      Map<String, Object> cols = new LinkedHashMap<>(columns(stored));
      keyColumns.forEach(cols::remove);
      StringJoiner sets = new StringJoiner(", ");
      cols.keySet().forEach(n -> sets.add(n + " = ?"));
      sets.add("version = ?");
      sets.add("doc = CAST(? AS jsonb)");
      List<Object> params = new ArrayList<>(cols.values());
      params.add(expected + 1);
      params.add(write(stored));
      params.addAll(keyValues(key));
      params.add(expected);
      String sql = "UPDATE " + table + " SET " + sets + " WHERE " + keyWhere() + " AND version = ?";
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        Db.bind(ps, params.toArray());
        if (ps.executeUpdate() != 1) {
          throw new StaleVersionException(entity, key.toString(), expected, -1);
        }
      }
      afterWrite(c, previous.get(), stored);
      return stored;
    }, () -> duplicate(value));
  }

  @Override
  public boolean delete(K key) {
    return deleteAt(key, ANY_VERSION);
  }

  /**
   * Deletes an entity if it is at {@code version} (or at any, {@link #ANY_VERSION}), in one
   * transaction with the row locked; false if it is gone.
   *
   * @throws StaleVersionException if it is at another version
   */
  boolean deleteAt(K key, long version) {
    Objects.requireNonNull(key, "key");
    return db.tx("delete " + entity, c -> {
      Optional<V> previous = findIn(c, key, true);
      if (previous.isEmpty()) {
        return false;
      }
      if (version != ANY_VERSION && version(previous.get()) != version) {
        throw new StaleVersionException(entity, key.toString(), version, version(previous.get()));
      }
      afterWrite(c, previous.get(), null);
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE " + keyWhere())) {
        Db.bind(ps, keyValues(key).toArray());
        return ps.executeUpdate() == 1;
      }
    });
  }

  @Override
  public long count() {
    return db.read("count " + entity, c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM " + table);
          ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    });
  }

  /** Runs a query returning (version, doc) rows, sorted in Java with the same order as the in-memory stores. */
  List<V> query(String sql, Comparator<? super V> order, Object... params) {
    return db.read("query " + entity, c -> queryIn(c, sql, order, params));
  }

  List<V> queryIn(Connection c, String sql, Comparator<? super V> order, Object... params) throws SQLException {
    List<V> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      Db.bind(ps, params);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(read(rs));
        }
      }
    }
    out.sort(order);
    return List.copyOf(out);
  }

  private String keyWhere() {
    StringJoiner where = new StringJoiner(" AND ");
    keyColumns.forEach(k -> where.add(k + " = ?"));
    return where.toString();
  }

  V read(ResultSet rs) throws SQLException {
    long version = rs.getLong("version");
    try {
      return withVersion(json.readValue(rs.getString("doc"), type), version);
    } catch (JsonProcessingException e) {
      // never include the document: it holds personal data
      throw new PostgresStoreException(entity + " document at version " + version + " is unreadable", e);
    }
  }

  String write(V value) {
    try {
      return PgText.cleanJson(json.writeValueAsString(value));
    } catch (JsonProcessingException e) {
      throw new PostgresStoreException(entity + " could not be serialised", e);
    }
  }
}
